#include "anb/surrogate/noise.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

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
