#include "anb/stats/bootstrap.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anb/stats/metrics.h"
#include "error_message.h"

namespace anb::stats {
namespace {

TEST(Bootstrap, IndicesAreSeededAndInRange) {
  BootstrapOptions options;
  options.resamples = 50;
  options.seed = 7;
  const auto a = bootstrap_indices(10, options);
  const auto b = bootstrap_indices(10, options);
  ASSERT_EQ(a.size(), 50u);
  EXPECT_EQ(a, b);
  options.seed = 8;
  EXPECT_NE(a, bootstrap_indices(10, options));
  bool repeated = false;  // with replacement: some set holds an index twice
  for (const auto& set : a) {
    ASSERT_EQ(set.size(), 10u);
    std::vector<int> seen(10, 0);
    for (std::size_t i : set) {
      ASSERT_LT(i, 10u);
      repeated = repeated || ++seen[i] > 1;
    }
  }
  EXPECT_TRUE(repeated);
}

TEST(Bootstrap, PercentileIntervalInterpolatesAndSkipsNaN) {
  // numpy.percentile([0..100], [2.5, 97.5]) = [2.5, 97.5]
  std::vector<double> values;
  for (int i = 100; i >= 0; --i) values.push_back(i);
  values.push_back(std::nan(""));
  const Interval i = percentile_interval(values, 0.95);
  EXPECT_NEAR(i.lo, 2.5, 1e-12);
  EXPECT_NEAR(i.hi, 97.5, 1e-12);
  const Interval four = percentile_interval({1, 2, 3, 4}, 0.5);  // numpy: 1.75, 3.25
  EXPECT_NEAR(four.lo, 1.75, 1e-12);
  EXPECT_NEAR(four.hi, 3.25, 1e-12);
  EXPECT_TRUE(std::isnan(percentile_interval({std::nan("")}, 0.9).lo));
}

TEST(Bootstrap, IntervalOfTauCoversTheEstimate) {
  std::vector<double> x, y;
  for (int i = 0; i < 40; ++i) {
    x.push_back(i);
    y.push_back(i + ((i % 5) == 0 ? 6.0 : 0.0));
  }
  const double tau = kendall_tau(x, y);
  std::vector<double> taus;
  for (const auto& set : bootstrap_indices(x.size(), {})) {
    taus.push_back(kendall_tau(pick(x, set), pick(y, set)));
  }
  const Interval ci = percentile_interval(taus, 0.95);
  EXPECT_LT(ci.lo, tau);
  EXPECT_GT(ci.hi, tau);
  EXPECT_LE(ci.hi, 1.0);
}

TEST(Bootstrap, BadOptionsNameTheField) {
  BootstrapOptions o;
  o.resamples = 0;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("'resamples' = 0"),
            std::string::npos);
  o = {};
  o.confidence = 1.0;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("'confidence' = 1"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::stats
