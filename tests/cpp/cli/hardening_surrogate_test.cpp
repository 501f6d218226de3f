// Hostile flags and model files of the surrogate commands (search, fit, query): one line
// `anb: error: ...` naming the flag or file and the rule, exit status 1, checked before any
// model is loaded or fitted.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "one_line_error.h"

namespace anb::cli_test {
namespace {

namespace fs = std::filesystem;

TEST(CliHardeningSurrogate, SearchFlagsHaveRangesAndFiniteNumbers) {
  const fs::path dir = hardening_scratch("search");
  const std::string base = "search --models " + (dir / "none").string() +
                           " --algorithm reinforce --out " + (dir / "out").string() + " ";
  expect_one_line_error(base + "--budget -1", {"budget: got -1; need at least 1"});
  expect_one_line_error(base + "--budget 10000001", {"budget: got 10000001; must be at most"});
  expect_one_line_error(base + "--seeds -3", {"--seeds", "-3", "[1, 100000]"});
  expect_one_line_error(base + "--seeds 1e9", {"--seeds", "'1e9'"});
  expect_one_line_error(base + "--threads 100000", {"--threads", "100000", "[0, 1024]"});
  expect_one_line_error(base + "--learning-rate nan", {"--learning-rate", "'nan'", "finite"});
  expect_one_line_error(base + "--learning-rate inf", {"--learning-rate", "finite"});
  expect_one_line_error(base + "--learning-rate -0.5", {"learning", "-0.5"});
  expect_one_line_error(base + "--objectives accuracy,accuracy",
                        {"objectives", "accuracy", "twice"});
  expect_one_line_error("search --models " + (dir / "none").string() + " --algorithm rs --out \"\"",
                        {"--out", "must not be empty"});
  EXPECT_FALSE(fs::exists(dir / "out"));  // nothing was written by a rejected command line
  fs::remove_all(dir);
}

TEST(CliHardeningSurrogate, FitChecksOutBeforeLoadingOrFitting) {
  const fs::path dir = hardening_scratch("fit");
  std::ofstream(dir / "precious.txt") << "keep";
  // The data does not exist: a fit that checked --out only after fitting would complain about
  // the data instead.
  const std::string base = "fit --data " + (dir / "no-such-data").string() + " --out ";
  expect_one_line_error(base + "\"\"", {"--out", "must not be empty"});
  expect_one_line_error(base + dir.string(), {"refusing to replace", dir.string()});
  expect_one_line_error(base + (dir / "precious.txt" / "m").string(),
                        {"precious.txt", "is not a directory"});
  expect_one_line_error(base + (dir / "m").string() + " --threads 100000",
                        {"--threads", "[0, 1024]"});
  expect_one_line_error(base + (dir / "m").string() + " --members -2", {"--members", "-2"});
  EXPECT_EQ(std::ifstream(dir / "precious.txt").get(), 'k');
  fs::remove_all(dir);
}

TEST(CliHardeningSurrogate, DeeplyNestedManifestIsOneLineNamingTheFile) {
  const fs::path dir = hardening_scratch("deep-models");
  fs::create_directories(dir / "models");
  std::ofstream(dir / "models" / "manifest.json")
      << "{\"format_version\": 1, \"x\": " << std::string(80000, '[') << std::string(80000, ']')
      << "}";
  expect_one_line_error("query --models " + (dir / "models").string() + " efficientnet-b0",
                        {(dir / "models" / "manifest.json").string(), "nested deeper than 64"});
  std::ofstream(dir / "models" / "manifest.json") << "{\"format_version\": 1e999}";
  expect_one_line_error("query --models " + (dir / "models").string() + " efficientnet-b0",
                        {(dir / "models" / "manifest.json").string(), "1e999"});
  fs::remove_all(dir);
}

}  // namespace
}  // namespace anb::cli_test
