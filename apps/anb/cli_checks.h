#pragma once
// Checks of flags before CLI11 converts them: counts are whole numbers in a range (CLI11
// would wrap "-1" into 2^64-1 for an unsigned flag and accept "1e9"), real numbers finite. The
// rules of the values themselves (a budget >= 1, a learning rate > 0) live in the library's
// Options::validate(); these catch what a conversion would hide, and bound what the library
// cannot (a thread count or an output count of the command line).
//
//   cmd->add_option("--seeds", n, "...")->check(cli::count(1, 100000));
//   cmd->add_option("--seed", seed, "...")->check(cli::seed());
//   cmd->add_option("--learning-rate", lr, "...")->check(cli::finite());
//   cli::add_output(cmd, "--out", out, "...");  // an output path: not empty
//
// The message names the flag (CLI11 puts it in front) and the rule, on one line.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace anb::cli {

// A whole number in [min, max], written in decimal digits only.
inline CLI::Validator count(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const std::string rule = fmt::format("must be a whole number in [{}, {}]", min, max);
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
          return fmt::format("'{}' {}", text, rule);
        }
        errno = 0;
        const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE || v < min || v > max) return fmt::format("{} {}", text, rule);
        return {};
      },
      fmt::format("COUNT in [{}, {}]", min, max), "count");
}

// A seed: any whole number of 64 bits.
inline CLI::Validator seed() {
  return count(0, std::numeric_limits<std::uint64_t>::max());
}

// A finite real number (no nan, inf).
inline CLI::Validator finite() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
          return fmt::format("'{}' must be a finite number", text);
        }
        return {};
      },
      "NUMBER", "finite");
}

// A non-empty text (an output path "" would mean the working folder).
inline CLI::Validator non_empty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? std::string("must not be empty") : std::string();
      },
      "", "non_empty");
}

// Adds a flag that names where a command writes (a file or a folder). Every such flag of every
// subcommand is added through here: an empty path (the working folder, or silently no file at
// all) is refused before anything runs, on one line naming the flag ("--out: must not be
// empty"). tests/cpp/cli/output_flags_test.cpp lists them all.
//
//   cli::add_output(cmd, "--out", args->out, "output folder")->required();
template <class T>
CLI::Option* add_output(CLI::App* cmd, const std::string& flag, T& path, const std::string& help) {
  return cmd->add_option(flag, path, help)->check(non_empty());
}

// Most threads any command starts (more only slow a machine down or exhaust it).
inline constexpr std::uint64_t kMaxThreads = 1024;

// `message` on one line for `anb: error: ...`: newlines become spaces and a library's appended
// stack trace (XGBoost's "Stack trace:") is cut off.
inline std::string one_line(std::string message) {
  for (const char* marker : {"Stack trace:", "\n\n"}) {
    const auto at = message.find(marker);
    if (at != std::string::npos) message.erase(at);
  }
  for (char& c : message) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return message;
}

}  // namespace anb::cli
