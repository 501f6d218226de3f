#include "anb/construct/proxy_search.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anb/stats/metrics.h"
#include "construct/fixtures.h"
#include "error_message.h"

namespace anb::construct {
namespace {

std::string error_of(const nlohmann::json& config) {
  return anb::testing::error_of([&] { ProxySearchConfig::from_json(config, ".", "cfg.json"); });
}

nlohmann::json valid_config() {
  return {{"dataset", "idx:/tmp/x"},
          {"architectures", anb::testing::tiny_archs()},
          {"reference", nlohmann::json::parse(anb::testing::tiny_scheme_json(2))},
          {"grid", {{"epochs", {1}}, {"data_fraction", {0.5, 1.0}}}},
          {"seeds", 2},
          {"tau", 0.8}};
}

TEST(ProxySearchConfig, ParsesAValidConfig) {
  const auto c = ProxySearchConfig::from_json(valid_config(), ".");
  EXPECT_EQ(c.archs.size(), 3u);
  EXPECT_EQ(c.seeds, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(c.reference.epochs, 2);
  EXPECT_EQ(c.base.to_json(), c.reference.to_json());
  EXPECT_DOUBLE_EQ(c.tau, 0.8);
  auto sampled = valid_config();
  sampled["architectures"] = {{"sample", 5}, {"seed", 4}};
  EXPECT_EQ(ProxySearchConfig::from_json(sampled, ".").archs.size(), 5u);
}

TEST(ProxySearchConfig, BadConfigsNameTheField) {
  auto c = valid_config();
  c["grid"] = nlohmann::json::object();
  EXPECT_NE(error_of(c).find("the grid is empty"), std::string::npos) << error_of(c);
  c = valid_config();
  c["grid"]["epochs"] = nlohmann::json::array();
  EXPECT_NE(error_of(c).find("grid.epochs"), std::string::npos) << error_of(c);
  c = valid_config();
  c["grid"]["epochs"] = {0};
  EXPECT_NE(error_of(c).find("'epochs' = 0"), std::string::npos) << error_of(c);
  c = valid_config();
  c["grid"]["speed"] = {1};
  EXPECT_NE(error_of(c).find("'speed'"), std::string::npos) << error_of(c);
  c = valid_config();
  c["colour"] = 1;
  EXPECT_NE(error_of(c).find("unknown proxy-search config field 'colour'"), std::string::npos);
  c = valid_config();
  c.erase("reference");
  EXPECT_NE(error_of(c).find("lacks field 'reference'"), std::string::npos);
  c = valid_config();
  c["reference"] = "missing_scheme.json";
  EXPECT_NE(error_of(c).find("missing_scheme.json"), std::string::npos);
  c = valid_config();
  c["reference"]["epochs"] = 0;
  EXPECT_NE(error_of(c).find("'epochs' = 0"), std::string::npos);
  c = valid_config();
  c["architectures"] = {"e1111111-k3333333-l1111111-seFFFFFFF"};
  EXPECT_NE(error_of(c).find("architectures"), std::string::npos);
  c = valid_config();
  c["seeds"] = {1, 1};
  EXPECT_NE(error_of(c).find("seeds must differ"), std::string::npos);
  c = valid_config();
  c["tau"] = 2;
  EXPECT_NE(error_of(c).find("'tau'"), std::string::npos);
}

TEST(ExpandGrid, CartesianProductFirstAxisSlowest) {
  const std::vector<GridAxis> grid{{"epochs", {1, 2}}, {"resolution", {32, 48, 64}}};
  TrainingScheme base;
  base.warmup_epochs = 0;
  const auto c = expand_grid(base, grid);
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[0].name, "c1");
  EXPECT_EQ(c[0].scheme.epochs, 1);
  EXPECT_EQ(c[0].scheme.resolution, 32);
  EXPECT_EQ(c[1].scheme.resolution, 48);
  EXPECT_EQ(c[3].scheme.epochs, 2);
  EXPECT_EQ(c[5].settings, (nlohmann::json{{"epochs", 2}, {"resolution", 64}}));
  EXPECT_THROW(expand_grid(TrainingScheme{}, {}), std::invalid_argument);
}

TEST(WorkItems, SeedSlowestSchemeFastest) {
  const auto items = work_items(3, 2, 2);
  ASSERT_EQ(items.size(), 12u);
  EXPECT_EQ(items[1].scheme, 1u);
  EXPECT_EQ(items[3].arch, 1u);
  EXPECT_EQ(items[6].seed, 1u);
  EXPECT_EQ(item_key(items[5]), "s02_a001_r0");
}

double stats_tau(const std::vector<double>& x, const std::vector<double>& y) {
  return stats::kendall_tau(x, y);
}

TrainResult run(double top1, double flops, double seconds) {
  TrainResult r;
  r.top1 = top1;
  r.train_flops = flops;
  r.train_seconds = seconds;
  return r;
}

SchemeResults scheme_results(const std::vector<std::vector<double>>& top1, double flops) {
  SchemeResults out;
  for (const auto& per_arch : top1) {
    out.emplace_back();
    for (double v : per_arch) out.back().push_back(run(v, flops, flops / 10));
  }
  return out;
}

TEST(Analysis, RankMetricsAndNoise) {
  const auto ref = scheme_results({{1, 1.2}, {2, 2.1}, {3, 3.3}, {4, 3.9}}, 100);
  const std::vector<double> means = mean_top1(ref);
  const std::vector<double> expected{1.1, 2.05, 3.15, 3.95};
  ASSERT_EQ(means.size(), expected.size());
  for (std::size_t i = 0; i < means.size(); ++i) EXPECT_NEAR(means[i], expected[i], 1e-12);
  EXPECT_DOUBLE_EQ(seed_vs_seed_tau(ref), 1.0);
  EXPECT_TRUE(std::isnan(seed_vs_seed_tau(scheme_results({{1}, {2}}, 1))));
  EXPECT_DOUBLE_EQ(top_k_overlap({4, 3, 2, 1}, {4, 1, 3, 2}, 2), 0.5);
  EXPECT_DOUBLE_EQ(top_k_overlap({4, 3, 2, 1}, {4, 3, 1, 2}, 9), 1.0);
  EXPECT_THROW(top_k_overlap({1}, {1, 2}, 1), std::invalid_argument);
}

TEST(Analysis, SeedStatisticsOfEveryScheme) {
  // Three seeds: pairs (0,1), (0,2), (1,2); std with n - 1.
  const auto s = scheme_results({{1, 2, 3}, {2, 1, 4}, {3, 3, 5}, {4, 5, 6}}, 1);
  const auto pairs = seed_pair_taus(s);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_NEAR(pairs[2], stats_tau({2, 1, 3, 5}, {3, 4, 5, 6}), 1e-12);
  EXPECT_NEAR(seed_vs_seed_tau(s), (pairs[0] + pairs[1] + pairs[2]) / 3, 1e-12);
  EXPECT_NEAR(mean_seed_std(s), (1.0 + std::sqrt(7.0 / 3.0) + std::sqrt(4.0 / 3.0) + 1.0) / 4, 1e-12);
  EXPECT_TRUE(std::isnan(mean_seed_std(scheme_results({{1}, {2}}, 1))));
}

TEST(Analysis, UnknownFlopsSelectBySeconds) {
  const auto none = nlohmann::json::object();
  const std::vector<Candidate> candidates{{"c1", none, {}}, {"c2", none, {}}};
  std::vector<SchemeResults> results{scheme_results({{1, 1}, {2, 2}, {3, 3}}, 100),
                                     scheme_results({{1, 1}, {2, 2}, {3, 3}}, 20),
                                     scheme_results({{1, 1}, {2, 2}, {3, 3}}, 50)};
  for (auto& per_arch : results[1]) {
    for (auto& run : per_arch) {
      run.train_flops = std::nan("");
      run.train_seconds = 7;  // c1: more seconds than c2 (5 each)
    }
  }
  const auto r = analyse(candidates, results, 0.5, 2);
  EXPECT_EQ(r.cost_basis, "seconds");
  EXPECT_TRUE(std::isnan(r.candidates[0].flops_ratio));
  EXPECT_DOUBLE_EQ(r.candidates[1].flops_ratio, 2.0);
  EXPECT_EQ(r.selected, 1);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("FLOPs are unknown"), std::string::npos);
  EXPECT_TRUE(r.to_json()["candidates"][0]["flops"].is_null());
  EXPECT_NE(report_csv(r).find("c1,\"{}\",2,"), std::string::npos) << report_csv(r);
}

TEST(Analysis, SelectsTheCheapestCandidateAboveTau) {
  const std::vector<Candidate> candidates{
      {"c1", {{"epochs", 1}}, {}}, {"c2", {{"epochs", 2}}, {}}, {"c3", {{"epochs", 3}}, {}}};
  const std::vector<SchemeResults> results{
      scheme_results({{1, 1}, {2, 2}, {3, 3}, {4, 4}}, 100),
      scheme_results({{4, 4}, {3, 3}, {2, 2}, {1, 1}}, 5),    // cheapest, reversed ranking
      scheme_results({{1, 1}, {2, 2}, {4, 4}, {3, 3}}, 20),   // tau 0.667
      scheme_results({{1, 1}, {2, 2}, {3, 3}, {4, 4}}, 50)};  // perfect
  ProxySearchReport r = analyse(candidates, results, 0.6, 2);
  EXPECT_EQ(r.archs, 4u);
  EXPECT_EQ(r.seeds, 2u);
  EXPECT_DOUBLE_EQ(r.noise_ceiling, 1.0);
  EXPECT_DOUBLE_EQ(r.candidates[0].kendall_tau, -1.0);
  EXPECT_NEAR(r.candidates[1].kendall_tau, 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.candidates[1].flops_ratio, 5.0);
  EXPECT_DOUBLE_EQ(r.candidates[1].seconds_ratio, 5.0);
  EXPECT_DOUBLE_EQ(r.candidates[1].top_k_overlap, 1.0);  // same best two, swapped
  EXPECT_EQ(r.selected, 1);
  EXPECT_EQ(analyse(candidates, results, 0.9, 2).selected, 2);
  EXPECT_EQ(analyse(candidates, results, 1.1, 2).selected, -1);

  // Every scheme's ceiling, seed std and bootstrap intervals (seeded, reproducible).
  EXPECT_EQ(r.cost_basis, "flops");
  EXPECT_TRUE(r.notes.empty());
  EXPECT_EQ(r.bootstrap.resamples, 1000);
  EXPECT_DOUBLE_EQ(r.candidates[2].seed_tau, 1.0);
  EXPECT_DOUBLE_EQ(r.candidates[2].seed_std, 0.0);
  EXPECT_LE(r.candidates[1].kendall_tau_ci.lo, r.candidates[1].kendall_tau);
  EXPECT_GE(r.candidates[1].kendall_tau_ci.hi, r.candidates[1].kendall_tau);
  EXPECT_LT(r.candidates[1].kendall_tau_ci.lo, r.candidates[1].kendall_tau_ci.hi);
  EXPECT_DOUBLE_EQ(r.candidates[2].kendall_tau_ci.lo, 1.0);  // perfect in every resample
  EXPECT_EQ(analyse(candidates, results, 0.6, 2).to_json(), r.to_json());
  EXPECT_EQ(r.to_json()["candidates"][1]["kendall_tau_ci"].size(), 2u);
  EXPECT_EQ(r.to_json()["bootstrap"]["seed"], 0);

  const std::string csv = report_csv(r);
  EXPECT_NE(csv.find("reference,"), std::string::npos);
  EXPECT_NE(csv.find("c2,\"{\"\"epochs\"\":2}\""), std::string::npos) << csv;
  const std::string md = report_markdown(r);
  EXPECT_NE(md.find("**Selected: c2**"), std::string::npos) << md;
  EXPECT_NE(md.find("| c2 (selected) |"), std::string::npos) << md;
  EXPECT_EQ(r.to_json()["selected"], "c2");
}

}  // namespace
}  // namespace anb::construct
