#include "anb/surrogate/calibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "anb/stats/random.h"

namespace anb::surrogate {
namespace {

// Predictions and measured values whose error grows with the prediction (std 0.05 + 0.1 * p).
struct Synthetic {
  std::vector<double> predicted, measured;
};

Synthetic synthetic(std::size_t n, std::uint64_t seed) {
  stats::Rng rng(seed);
  Synthetic s;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = 10.0 * rng.uniform();
    s.predicted.push_back(p);
    s.measured.push_back(rng.normal(p, 0.05 + 0.1 * p));
  }
  return s;
}

double coverage(const Calibration& c, const Synthetic& s, double level, double* width) {
  std::size_t inside = 0;
  *width = 0.0;
  for (std::size_t i = 0; i < s.predicted.size(); ++i) {
    const Interval iv = c.interval(Transform::none(), s.predicted[i], level);
    inside += iv.lower <= s.measured[i] && s.measured[i] <= iv.upper ? 1 : 0;
    *width += iv.upper - iv.lower;
  }
  *width /= static_cast<double>(s.predicted.size());
  return static_cast<double>(inside) / static_cast<double>(s.predicted.size());
}

TEST(Calibration, CoversNewDataAtTheNominalLevelAndNarrowsWhereErrorsAreSmall) {
  const Synthetic train = synthetic(4000, 1), test = synthetic(4000, 2);
  const Calibration c = fit_calibration(Transform::none(), train.predicted, train.measured);
  EXPECT_EQ(c.n, 4000u);
  EXPECT_EQ(c.knots.size(), 10u);
  for (const double level : {0.5, 0.8, 0.9, 0.95}) {
    double width = 0.0;
    EXPECT_NEAR(coverage(c, test, level, &width), level, 0.025) << level;
  }
  // The scale follows the error: intervals at p = 1 are much narrower than at p = 9.
  const Interval low = c.interval(Transform::none(), 1.0, 0.9);
  const Interval high = c.interval(Transform::none(), 9.0, 0.9);
  EXPECT_LT(3.0 * (low.upper - low.lower), high.upper - high.lower);
  EXPECT_LT(low.lower, 1.0);
  EXPECT_GT(low.upper, 1.0);
  EXPECT_LT(c.quantile(0.8), c.quantile(0.9));
}

TEST(Calibration, MemberVarianceShrinksSingleMemberScores) {
  const Synthetic train = synthetic(2000, 3);
  const Calibration plain = fit_calibration(Transform::none(), train.predicted, train.measured);
  const Calibration shrunk =
      fit_calibration(Transform::none(), train.predicted, train.measured, 10, 0.1);
  EXPECT_DOUBLE_EQ(plain.ensemble_factor, 1.0);
  EXPECT_LT(shrunk.ensemble_factor, 1.0);
  EXPECT_NEAR(shrunk.quantile(0.9), shrunk.ensemble_factor * plain.quantile(0.9), 1e-12);
  // Never below the floor, however large the variance.
  const Calibration floor =
      fit_calibration(Transform::none(), train.predicted, train.measured, 10, 1e9);
  EXPECT_DOUBLE_EQ(floor.ensemble_factor, kMinEnsembleFactor);
}

TEST(Calibration, IntervalsLiveInTheTransformsSpace) {
  // Relative errors: under a log transform the interval is a ratio around the mean.
  stats::Rng rng(4);
  std::vector<double> predicted, measured;
  for (int i = 0; i < 1000; ++i) {
    const double p = std::exp(5.0 * rng.uniform());
    predicted.push_back(p);
    measured.push_back(p * std::exp(rng.normal(0.0, 0.1)));
  }
  const Calibration c = fit_calibration(Transform::log(), predicted, measured, 1);
  const Interval a = c.interval(Transform::log(), 10.0, 0.9);
  const Interval b = c.interval(Transform::log(), 100.0, 0.9);
  EXPECT_NEAR(b.lower / 100.0, a.lower / 10.0, 1e-12);
  EXPECT_NEAR(b.upper / 100.0, a.upper / 10.0, 1e-12);
  EXPECT_NEAR(std::log(a.upper / 10.0), 1.645 * 0.1, 0.02);
}

TEST(Calibration, BadLevelsAndInputsAreErrors) {
  const Synthetic s = synthetic(100, 5);
  const Calibration c = fit_calibration(Transform::none(), s.predicted, s.measured, 5);
  for (const double level : {0.0, 1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    EXPECT_THROW(c.quantile(level), std::invalid_argument) << level;
    EXPECT_THROW(check_interval_level(level), std::invalid_argument) << level;
  }
  // 100 records calibrate up to ceil(101 a) <= 100, i.e. a <= 0.99.
  EXPECT_NO_THROW(c.quantile(0.99));
  try {
    c.quantile(0.995);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("100 records"), std::string::npos) << e.what();
  }
  EXPECT_THROW(fit_calibration(Transform::none(), {1.0, 2.0}, {1.0}, 1), std::invalid_argument);
  EXPECT_THROW(fit_calibration(Transform::none(), s.predicted, s.measured, 0),
               std::invalid_argument);
  EXPECT_THROW(fit_calibration(Transform::none(), {1, 2, 3}, {1, 2, 3}, 2), std::invalid_argument);
  EXPECT_THROW(fit_calibration(Transform::log(), {1, -2, 3, 4}, {1, 2, 3, 4}, 1),
               std::invalid_argument);
}

TEST(Calibration, JsonRoundTripAndInvalidJson) {
  const Synthetic s = synthetic(500, 6);
  const Calibration c = fit_calibration(Transform::none(), s.predicted, s.measured);
  const Calibration back = Calibration::from_json(c.to_json(), "test");
  EXPECT_EQ(back.n, c.n);
  EXPECT_EQ(back.quantiles, c.quantiles);
  EXPECT_EQ(back.knots, c.knots);
  EXPECT_DOUBLE_EQ(back.quantile(0.9), c.quantile(0.9));
  auto bad = c.to_json();
  bad["scales"][0] = -1.0;
  EXPECT_THROW(Calibration::from_json(bad, "x"), std::runtime_error);
  bad = c.to_json();
  bad["levels"].erase(0);
  EXPECT_THROW(Calibration::from_json(bad, "x"), std::runtime_error);
  bad = c.to_json();
  bad["quantiles"][1] = "a";
  EXPECT_THROW(Calibration::from_json(bad, "x"), std::runtime_error);
  bad = c.to_json();
  bad.erase("n");
  EXPECT_THROW(Calibration::from_json(bad, "x"), std::runtime_error);
}

}  // namespace
}  // namespace anb::surrogate
