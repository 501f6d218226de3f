#pragma once
// Test support: the message of the exception a call throws, for checks that an error names the
// file, field and value.
#include <exception>
#include <string>

namespace anb::testing {

// The what() of the exception of type E (default: any standard exception) that `f` throws, or ""
// when it throws none.
template <class E = std::exception, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

}  // namespace anb::testing
