#include "anb/stats/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

namespace anb::stats {
namespace {

// Reference values computed with scipy/numpy by tests/fixtures/metrics/make_metrics_cases.py.
nlohmann::json load_cases() {
  std::ifstream in(std::string(ANB_FIXTURES_DIR) + "/metrics/metrics_cases.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in)["cases"];
}

TEST(Metrics, MatchScipyOnEveryFixtureCase) {
  const auto cases = load_cases();
  ASSERT_GE(cases.size(), 6u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const auto x = c["x"].get<std::vector<double>>();
    const auto y = c["y"].get<std::vector<double>>();
    EXPECT_NEAR(r2_score(x, y), c["r2"].get<double>(), 1e-12);
    EXPECT_NEAR(kendall_tau(x, y), c["kendall_tau"].get<double>(), 1e-12);
    EXPECT_NEAR(spearman(x, y), c["spearman"].get<double>(), 1e-12);
    EXPECT_NEAR(pearson(x, y), c["pearson"].get<double>(), 1e-12);
    EXPECT_NEAR(mean_absolute_error(x, y), c["mae"].get<double>(), 1e-12);
    EXPECT_NEAR(root_mean_squared_error(x, y), c["rmse"].get<double>(), 1e-12);
    const auto ranks = average_ranks(x);
    const auto expected_ranks = c["ranks_x"].get<std::vector<double>>();
    ASSERT_EQ(ranks.size(), expected_ranks.size());
    for (std::size_t i = 0; i < ranks.size(); ++i) EXPECT_DOUBLE_EQ(ranks[i], expected_ranks[i]);
  }
}

TEST(Metrics, RegressionMetricsBundlesTheSingleFunctions) {
  const std::vector<double> a{1, 2, 3, 4, 5}, b{1.5, 1.8, 3.3, 3.9, 5.4};
  const RegressionMetrics m = regression_metrics(a, b);
  EXPECT_EQ(m.n, 5u);
  EXPECT_DOUBLE_EQ(m.r2, r2_score(a, b));
  EXPECT_DOUBLE_EQ(m.kendall_tau, 1.0);
  EXPECT_DOUBLE_EQ(m.spearman, 1.0);
  EXPECT_DOUBLE_EQ(m.mae, mean_absolute_error(a, b));
  EXPECT_DOUBLE_EQ(m.rmse, root_mean_squared_error(a, b));
}

TEST(Metrics, KendallTauOfReversedOrderIsMinusOne) {
  std::vector<double> x, y;
  for (int i = 0; i < 1000; ++i) {
    x.push_back(i);
    y.push_back(-2.0 * i);
  }
  EXPECT_DOUBLE_EQ(kendall_tau(x, y), -1.0);
}

TEST(Metrics, ConstantInputGivesNaN) {
  const std::vector<double> c{2, 2, 2}, v{1, 2, 3};
  EXPECT_TRUE(std::isnan(kendall_tau(c, v)));
  EXPECT_TRUE(std::isnan(spearman(v, c)));
  EXPECT_TRUE(std::isnan(r2_score(c, v)));
}

TEST(Metrics, RejectsMismatchedShortAndNonFiniteInput) {
  const std::vector<double> a{1, 2, 3}, b{1, 2};
  EXPECT_THROW(r2_score(a, b), std::invalid_argument);
  EXPECT_THROW(kendall_tau({1.0}, {1.0}), std::invalid_argument);
  EXPECT_THROW(spearman({1.0, NAN}, {1.0, 2.0}), std::invalid_argument);
  try {
    mean_absolute_error({1.0, 2.0, INFINITY}, {1.0, 2.0, 3.0});
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("index 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace anb::stats
