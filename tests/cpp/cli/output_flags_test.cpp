// Every flag that names where a subcommand writes refuses an empty path ("" would mean the
// working folder, or silently no file) with one line naming the flag, before anything runs. The
// rule lives in one place (apps/anb/cli_checks.h: cli::add_output); the table below lists every
// such flag, and a check of the sources keeps it complete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "one_line_error.h"

namespace anb::cli_test {
namespace {

namespace fs = std::filesystem;

struct OutputFlag {
  std::string source;   // file under apps/anb that declares it
  std::string command;  // the subcommand's words and its other required flags (dummy values)
  std::string flag;
};

// Paths below do not exist: the empty flag must be refused before any of them is looked at.
const std::vector<OutputFlag>& output_flags() {
  static const std::vector<OutputFlag> flags = {
      {"data_command.cpp", "data export --data /nonexistent", "--out"},
      {"nets/train_command.cpp",
       "train --arch efficientnet-b0 --scheme /nonexistent.json --dataset idx:/nonexistent",
       "--out"},
      {"nets/collect_command.cpp",
       "collect --scheme /nonexistent.json --dataset idx:/nonexistent --sample 1", "--out"},
      {"nets/measure_command.cpp", "measure --name cpu --sample 1", "--out"},
      {"nets/proxy_search_command.cpp", "proxy-search --config /nonexistent.json", "--out"},
      {"surrogate/fit_command.cpp", "fit --data /nonexistent", "--out"},
      {"surrogate/search_command.cpp", "search --models /nonexistent --algorithm rs", "--out"},
      {"surrogate/experiment_command.cpp", "experiment --models /nonexistent", "--out"},
      {"surrogate/eval_command.cpp", "eval --models /nonexistent", "--plots"},
      {"surrogate/transfer_command.cpp", "transfer --prior-models /nonexistent", "--plot"},
      {"surrogate/transfer_command.cpp", "transfer --prior-models /nonexistent", "--json"},
  };
  return flags;
}

// The subcommands of this build (a build without torch or XGBoost lacks some).
std::set<std::string> built_subcommands() {
  const AnbRun help = run_anb("--help");
  std::set<std::string> names;
  std::istringstream lines(help.out);
  std::string line;
  const std::regex row(R"(^\s+([a-z][a-z-]*)\s)");
  for (std::smatch m; std::getline(lines, line);) {
    if (std::regex_search(line, m, row)) names.insert(m[1]);
  }
  return names;
}

TEST(CliOutputFlags, EmptyPathIsRefusedOnOneLineNamingTheFlag) {
  const std::set<std::string> built = built_subcommands();
  ASSERT_TRUE(built.count("data")) << "could not read the subcommands from anb --help";
  std::size_t tried = 0;
  for (const auto& f : output_flags()) {
    const std::string subcommand = f.command.substr(0, f.command.find(' '));
    if (!built.count(subcommand)) continue;
    ++tried;
    SCOPED_TRACE(f.command + " " + f.flag + " \"\"");
    expect_one_line_error(f.command + " " + f.flag + " \"\"", {f.flag, "must not be empty"});
  }
  EXPECT_GE(tried, 1u);  // data export is in every build
  // `--out=` (nothing after '='): CLI11's own one line naming the flag.
  expect_one_line_error("data export --data /nonexistent --out=", {"--out", "missing"});
}

// Every cli::add_output in the sources is in the table, and no output flag bypasses it.
TEST(CliOutputFlags, TableListsEveryOutputFlagOfTheSources) {
  std::set<std::pair<std::string, std::string>> declared;
  const fs::path apps = fs::path(ANB_SOURCE_DIR) / "apps" / "anb";
  const std::regex output(R"(add_output\(\s*\w+,\s*"(--[a-z-]+)\")");
  const std::regex bypass(R"(add_option\(\s*"--(out|plot|plots|json)\")");
  for (const auto& entry : fs::recursive_directory_iterator(apps)) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
    if (entry.path().filename() == "cli_checks.h") continue;  // the rule itself
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string source = entry.path().lexically_relative(apps).generic_string();
    for (std::sregex_iterator m(text.begin(), text.end(), output), end; m != end; ++m) {
      declared.insert({source, (*m)[1]});
    }
    EXPECT_FALSE(std::regex_search(text, bypass))
        << source << " adds an output flag without cli::add_output";
  }
  std::set<std::pair<std::string, std::string>> listed;
  for (const auto& f : output_flags()) listed.insert({f.source, f.flag});
  EXPECT_EQ(declared, listed);
}

}  // namespace
}  // namespace anb::cli_test
