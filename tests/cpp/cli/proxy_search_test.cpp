// Tests of `anb proxy-search` through the built binary: a tiny search (seconds) and bad configs.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "construct/cli_run.h"
#include "real_data.h"
#include "construct/fixtures.h"

namespace {

namespace fs = std::filesystem;
using anb::testing::run_anb;

nlohmann::json tiny_config(const fs::path& data) {
  return {{"dataset", "idx:" + data.string()},
          {"architectures", anb::testing::tiny_archs()},
          {"reference", "reference.json"},
          {"grid", {{"epochs", {1}}, {"resolution", {16, 32}}}},
          {"seeds", 2},
          {"tau", 0.0},
          {"top_k", 2}};
}

fs::path write_config(const fs::path& dir, const nlohmann::json& config) {
  std::ofstream(dir / "reference.json") << anb::testing::tiny_scheme_json(2);
  std::ofstream(dir / "config.json") << config.dump(1);
  return dir / "config.json";
}

TEST(ProxySearchCli, TinySearchReportsAndResumes) {
  const auto data = anb::testing::write_idx_dataset("cli_proxy_data", 32, 16, 4);
  const auto dir = anb::testing::fresh_dir("cli_proxy");
  const auto config = write_config(dir, tiny_config(data));
  const auto out = dir / "out";
  auto r = run_anb("proxy-search --quiet --config " + config.string() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("18 trained now"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("noise ceiling"), std::string::npos) << r.output;
  for (const char* file : {"proxy_search.csv", "proxy_search.md", "proxy_search.json"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
  }
  std::ifstream in(out / "proxy_search.json");
  const auto report = nlohmann::json::parse(in);
  EXPECT_EQ(report["candidates"].size(), 2u);
  EXPECT_EQ(report["archs"], 3);
  r = run_anb("proxy-search --quiet --config " + config.string() + " --out " + out.string());
  EXPECT_NE(r.output.find("0 trained now, 18 already done"), std::string::npos) << r.output;

  // --analyze of the finished folder gives the same report (and exports the runs as CSVs).
  r = run_anb("proxy-search --quiet --analyze " + out.string() + " --out " +
              (dir / "analysis").string());
  ASSERT_EQ(r.status, 0) << r.output;
  std::ifstream again_in(dir / "analysis" / "proxy_search.json");
  const auto again = nlohmann::json::parse(again_in);
  EXPECT_EQ(again, report);
  EXPECT_TRUE(fs::exists(dir / "analysis" / "runs" / "c2-seed2.csv"));
  EXPECT_EQ(report["candidates"][0]["kendall_tau_ci"].size(), 2u);
  EXPECT_TRUE(report["reference"]["seed_tau_ci"].is_array());

  // Bad analysis settings: the library names its field, the CLI the flag (one line each).
  const std::string analyze =
      "proxy-search --quiet --analyze " + out.string() + " --out " + (dir / "bad").string();
  r = run_anb(analyze + " --reference nosuch");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: --reference: got 'nosuch'; no such scheme (schemes "
                          "found: reference, c1, c2)\n"),
            std::string::npos)
      << r.output;
  r = run_anb(analyze + " --tau 1.5");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: --tau: got 1.5; must lie in [-1, 1]\n"), std::string::npos)
      << r.output;
}

TEST(ProxySearchCliRealData, AnalyzesTheAblation) {
  ANB_REQUIRE_REAL_DATA("proxy_ablation/fewproxy-seed1.csv");
  const fs::path data = anb::testing::real_data("proxy_ablation");
  const auto out = anb::testing::fresh_dir("cli_proxy_ablation");
  auto r = run_anb("proxy-search --analyze " + data.string() + " --reference fewproxy --out " +
                   out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("proxified: Kendall tau-b 0.9257 ["), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("seconds ratio 5.61"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("selected proxified"), std::string::npos) << r.output;
  std::ifstream in(out / "proxy_search.json");
  const auto report = nlohmann::json::parse(in);
  EXPECT_EQ(report["reference"]["name"], "fewproxy");
  EXPECT_TRUE(report["candidates"][0]["flops_ratio"].is_null());
  EXPECT_EQ(report["cost_basis"], "seconds");

  r = run_anb("proxy-search --analyze " + data.string() + " --reference nosuch --out " +
              out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: --reference: got 'nosuch'; no such scheme (schemes found: "
                          "fewproxy, proxified)"),
            std::string::npos)
      << r.output;
}

TEST(ProxySearchCli, AnalyzeBadInput) {
  const auto dir = anb::testing::fresh_dir("cli_proxy_analyze_bad");
  auto r = run_anb("proxy-search --analyze " + dir.string() + " --out " + (dir / "o").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("no result files"), std::string::npos) << r.output;
  r = run_anb("proxy-search --analyze " + dir.string() + " --config x.json --out " +
              (dir / "o").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("exactly one of --config FILE"), std::string::npos) << r.output;
  std::ofstream(dir / "a-seed1.csv") << "1,2,3\n";
  r = run_anb("proxy-search --analyze " + dir.string() + " --out " + (dir / "o").string());
  EXPECT_NE(r.output.find("a-seed1.csv line 1: 3 columns, expected 37"), std::string::npos)
      << r.output;
}

TEST(ProxySearchCli, BadConfigsAreErrors) {
  const auto data = anb::testing::write_idx_dataset("cli_proxy_bad_data", 32, 16, 4);
  const auto dir = anb::testing::fresh_dir("cli_proxy_bad");
  auto config = tiny_config(data);
  config["grid"] = nlohmann::json::object();
  auto r = run_anb("proxy-search --config " + write_config(dir, config).string() + " --out " +
                   (dir / "out").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the grid is empty"), std::string::npos) << r.output;
  config = tiny_config(data);
  config["grid"] = {{"data_fraction", {0.5, 2.0}}};
  r = run_anb("proxy-search --config " + write_config(dir, config).string() + " --out " +
              (dir / "out").string());
  EXPECT_NE(r.output.find("'data_fraction' = 2.0"), std::string::npos) << r.output;
  config = tiny_config(data);
  config["dataset"] = "idx:/no/such/fashion";
  r = run_anb("proxy-search --quiet --config " + write_config(dir, config).string() +
              " --out " + (dir / "out2").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("/no/such/fashion"), std::string::npos) << r.output;
}

}  // namespace
