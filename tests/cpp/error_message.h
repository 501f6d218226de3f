#pragma once
// Test support: the message of the exception a call throws, for checks that an error names the
// file, field and value.
#include <gtest/gtest.h>

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

// As error_of, and the test fails (ADD_FAILURE, naming E) when `f` throws nothing.
template <class E = std::exception, class F>
std::string expected_error_of(F&& f, const char* type = "a standard exception") {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected " << type << ", nothing was thrown";
  return "";
}

}  // namespace anb::testing
