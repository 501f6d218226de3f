#pragma once
// Helpers of the command-line hardening tests: one-line error expectations and scratch folders.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "run_anb.h"

namespace anb::cli_test {

// Expects exit status 1 and exactly one line on stderr that starts with "anb: error: " and
// contains every fragment.
inline void expect_one_line_error(const std::string& args,
                                  std::initializer_list<std::string> fragments) {
  const AnbRun r = run_anb(args);
  EXPECT_EQ(r.status, 1) << args << "\n" << r.err;
  EXPECT_EQ(r.err.rfind("anb: error: ", 0), 0u) << args << "\n" << r.err.substr(0, 2000);
  ASSERT_FALSE(r.err.empty()) << args;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << args << ": not one line:\n"
                                                << r.err.substr(0, 2000);
  for (const auto& f : fragments) {
    EXPECT_NE(r.err.find(f), std::string::npos) << args << ": lacks '" << f << "':\n"
                                                << r.err.substr(0, 2000);
  }
}

// An empty scratch folder for one test.
inline std::filesystem::path hardening_scratch(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("anb-cli-harden-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A copy of the fixture record result_0.json whose metadata nests `depth` levels deep.
inline std::string deep_fixture_record(std::size_t depth) {
  std::ifstream in(std::filesystem::path(ANB_FIXTURES_DIR) / "records" / "result_0.json");
  std::string record((std::istreambuf_iterator<char>(in)), {});
  return record.substr(0, record.rfind('}')) +
         ", \"metadata\": {\"x\": " + std::string(depth, '[') + std::string(depth, ']') + "}}";
}

}  // namespace anb::cli_test
