#pragma once
// Library messages name what is wrong in the library's terms ("train_budget: got -5; ..."); the
// command line adds the flag that set it ("--train-budget: got -5; ...").

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace anb::cli {

// (library field, command-line flag)
using FlagNames = std::vector<std::pair<std::string, std::string>>;

// Runs `f`; a std::invalid_argument whose message starts with "<field>:" for a field in `flags`
// is rethrown with the flag in place of the field.
template <class F>
decltype(auto) with_flag_names(const FlagNames& flags, F&& f) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    for (const auto& [field, flag] : flags) {
      if (message.rfind(field + ":", 0) == 0) {
        throw std::invalid_argument(flag + message.substr(field.size()));
      }
    }
    throw;
  }
}

}  // namespace anb::cli
