#include "anb/surrogate/noise.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

#include "anb/stats/metrics.h"
#include "anb/stats/random.h"
#include "real_data.h"

namespace anb::surrogate {
namespace {

TEST(SeedSpread, RecoversAKnownSpreadAndSlope) {
  stats::Rng rng(1);
  std::vector<std::vector<double>> runs;
  for (int i = 0; i < 2000; ++i) {
    const double mean = 50.0 + 20.0 * rng.uniform();
    const double sd = std::exp(-1.0 - 0.1 * (mean - 60.0));
    runs.push_back({rng.normal(mean, sd), rng.normal(mean, sd), rng.normal(mean, sd)});
  }
  const NoiseModel m = fit_seed_spread(runs, "synthetic");
  EXPECT_EQ(m.kind, NoiseModel::Kind::kSeedSpread);
  EXPECT_NEAR(m.slope, -0.1, 0.01);
  EXPECT_NEAR(m.std_at(60.0), std::exp(-1.0), 0.02);
  EXPECT_EQ(m.n, 2000u);
  EXPECT_THROW(fit_seed_spread({{1.0, 2.0}, {1.0, 2.0}}, "x"), std::invalid_argument);
  EXPECT_THROW(fit_seed_spread({{1.0, 2.0}, {1.0}, {2.0, 3.0}}, "x"), std::invalid_argument);
}

TEST(SeedSpreadRealData, TheAblationsSpreadShrinksForBetterArchitectures) {
  ANB_REQUIRE_REAL_DATA("proxy_ablation/fewproxy-seed1.csv");
  const SeedRuns runs = read_seed_runs(anb::testing::real_data("proxy_ablation"));
  ASSERT_EQ(runs.top1.size(), 117u);
  EXPECT_EQ(runs.seeds, 3u);
  // The README's figure: mean per-architecture std (ddof 1) of top-1, 0.256 pp.
  double sum = 0.0;
  for (const auto& r : runs.top1) {
    const double m = (r[0] + r[1] + r[2]) / 3;
    sum += std::sqrt(((r[0] - m) * (r[0] - m) + (r[1] - m) * (r[1] - m) + (r[2] - m) * (r[2] - m)) /
                     2);
  }
  EXPECT_NEAR(sum / 117.0, 0.256, 0.0005);
  const NoiseModel m = fit_seed_spread(runs.top1, "ablation");
  EXPECT_LT(m.slope, -0.03);
  EXPECT_GT(m.std_at(55.0), 1.5 * m.std_at(64.0));
  const NoiseModel t = fit_relative_spread(runs.train_time, "ablation");
  EXPECT_GT(t.cv, 0.0);
  EXPECT_LT(t.cv, 0.5);
}

TEST(RelativeSpread, MedianRatioAndJson) {
  const NoiseModel m = fit_relative_spread({100.0, 200.0, 50.0, 10.0}, {1.0, 4.0, 1.5, -1.0}, "r");
  EXPECT_DOUBLE_EQ(m.cv, 0.02);  // median of 0.01, 0.02, 0.03 (the negative std is skipped)
  EXPECT_DOUBLE_EQ(m.std_at(500.0), 10.0);
  const NoiseModel back = NoiseModel::from_json(m.to_json(), "t");
  EXPECT_EQ(back.kind, NoiseModel::Kind::kRelative);
  EXPECT_DOUBLE_EQ(back.cv, 0.02);
  EXPECT_THROW(fit_relative_spread({1.0}, {1.0, 2.0}, "r"), std::invalid_argument);
  EXPECT_THROW(fit_relative_spread({-1.0}, {1.0}, "r"), std::invalid_argument);
  EXPECT_THROW(NoiseModel::from_json({{"model", "gamma"}}, "t"), std::runtime_error);
  EXPECT_THROW(NoiseModel::from_json({{"model", "seed_spread"}, {"slope", 1.0}}, "t"),
               std::runtime_error);
}

// Records y = t + e (e from the model) and predictions t + 0.2 N(0, 1): the floor separates the
// noise from the 0.2 of the predictor's own error, and a perfect predictor ranks better.
TEST(NoiseFloor, SeparatesTheNoiseFromThePredictorsError) {
  NoiseModel noise;
  noise.kind = NoiseModel::Kind::kSeedSpread;
  noise.log_sigma = std::log(0.3);
  noise.slope = -0.07;
  noise.centre = 60.0;
  stats::Rng rng(3);
  std::vector<double> truth, measured, predicted, exact;
  double noise_var = 0.0;
  for (int i = 0; i < 4000; ++i) {
    truth.push_back(50.0 + 15.0 * rng.uniform());
    measured.push_back(rng.normal(truth.back(), noise.std_at(truth.back())));
    predicted.push_back(rng.normal(truth.back(), 0.2));
    noise_var += std::pow(noise.std_at(truth.back()), 2) / 4000.0;
  }
  const NoiseFloor f = noise_floor(noise, measured, predicted, 7);
  EXPECT_NEAR(f.noise_rms, std::sqrt(noise_var), 0.01);
  EXPECT_NEAR(f.excess_rmse, 0.2, 0.02);
  EXPECT_NEAR(f.noise_share, noise_var / (noise_var + 0.04), 0.04);
  const double perfect = stats::kendall_tau(truth, measured);
  EXPECT_NEAR(f.tau_ceiling, perfect, 0.01);
  EXPECT_GT(f.tau_ceiling, stats::kendall_tau(predicted, measured) + 0.005);

  const NoiseFloor again = noise_floor(noise, measured, predicted, 7);
  EXPECT_EQ(again.tau_ceiling, f.tau_ceiling);  // seeded, bit for bit
  EXPECT_NE(noise_floor(noise, measured, predicted, 8).tau_ceiling, f.tau_ceiling);
  // A perfect predictor: all its error is noise.
  const NoiseFloor at_truth = noise_floor(noise, measured, truth, 7);
  EXPECT_NEAR(at_truth.noise_share, 1.0, 0.06);
  EXPECT_LT(at_truth.excess_rmse, 0.08);
}

TEST(NoiseFloor, BadInputIsAnError) {
  NoiseModel relative;
  relative.kind = NoiseModel::Kind::kRelative;
  relative.cv = 0.01;
  const std::vector<double> two{1.0, 2.0}, three{1.0, 2.0, 3.0};
  EXPECT_THROW(noise_floor(NoiseModel{}, two, two), std::invalid_argument);
  try {
    noise_floor(relative, two, three);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2 measured and 3 predicted"), std::string::npos);
  }
  EXPECT_THROW(noise_floor(relative, {1.0}, {1.0}), std::invalid_argument);
  EXPECT_THROW(noise_floor(relative, two, two, 0, 0), std::invalid_argument);
  EXPECT_NEAR(noise_floor(relative, two, two).noise_rms, std::sqrt((1e-4 + 4e-4) / 2), 1e-12);
}

TEST(SeedRuns, MissingOrMalformedFilesAreErrorsNamingTheFile) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("anb-seedruns-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_THROW(read_seed_runs(dir), std::runtime_error);
  const std::string row = "0,1,0,0,60.1,82.5,248.0,2.5,3571.1,1,4,4,4,1,4,4";
  std::ofstream(dir / "proxified-seed1.csv") << row << "\n" << row << "\n";
  std::ofstream(dir / "proxified-seed2.csv") << row << "\n";
  try {
    read_seed_runs(dir);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("proxified-seed2.csv"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "proxified-seed2.csv") << row << "\n0,1,0,0,abc,82,1,1,1\n";
  try {
    read_seed_runs(dir);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("proxified-seed2.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("abc"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anb::surrogate
