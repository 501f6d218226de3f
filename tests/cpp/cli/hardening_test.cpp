// Hostile command lines and inputs get one line `anb: error: ...` naming the flag (or file) and
// the rule, exit status 1: negative counts never wrap, counts have upper bounds, deep JSON never
// overflows the stack. (The surrogate commands: hardening_surrogate_test.cpp.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "one_line_error.h"

namespace anb::cli_test {
namespace {

namespace fs = std::filesystem;

TEST(CliHardening, NegativeAndHugeCountsAreRejectedNotWrapped) {
  expect_one_line_error("arch sample --n -1",
                        {"--n", "-1", "must be a whole number in [1, 1000000]"});
  expect_one_line_error("arch mutate efficientnet-b0 --n 18446744073709551615",
                        {"--n", "18446744073709551615", "[1, 1000000]"});
  expect_one_line_error("arch sample --n 1e9", {"--n", "'1e9'", "whole number"});
  expect_one_line_error("arch sample --seed -3", {"--seed", "whole number"});
  const AnbRun ok = run_anb("arch sample --n 3 --seed 18446744073709551615");
  EXPECT_EQ(ok.status, 0) << ok.err;
}

TEST(CliHardening, DeeplyNestedRecordIsOneLineNamingTheFile) {
  const fs::path dir = hardening_scratch("deep");
  fs::create_directories(dir / "records");
  std::ofstream(dir / "records" / "deep_1.json") << deep_fixture_record(80000);
  // `data check` lists every invalid record on its own line, then one error line.
  const AnbRun check = run_anb("data check --data " + (dir / "records").string());
  EXPECT_EQ(check.status, 1) << check.err.substr(0, 2000);
  EXPECT_EQ(check.err.rfind("anb: invalid record: " + (dir / "records" / "deep_1.json").string() +
                                ": JSON nested deeper than 64 levels\n",
                            0),
            0u)
      << check.err.substr(0, 2000);
  EXPECT_NE(check.err.find("anb: error: 1 invalid record(s)"), std::string::npos);
  expect_one_line_error("data export --data " + (dir / "records").string(),
                        {"deep_1.json", "nested deeper than 64"});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace anb::cli_test
