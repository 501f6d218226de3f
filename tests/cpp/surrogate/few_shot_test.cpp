#include "anb/surrogate/few_shot.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "anb/space/search_space.h"
#include "anb/stats/metrics.h"
#include "anb/stats/random.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/fit.h"
#include "fit_fixture.h"

namespace anb::surrogate {
namespace {

// Synthetic inputs: `rows` random architectures with two prior columns; the "device" is
// exp(1 + 0.7 a + 0.3 b) so a stack recovers it and a single prior does not.
struct Synthetic {
  FewShotInputs inputs;
  std::vector<double> values;
};

Synthetic synthetic(std::size_t rows, std::uint64_t seed) {
  Synthetic s;
  s.inputs.columns = {"log(throughput_a)", "log(throughput_b)"};
  s.inputs.num_priors = 2;
  s.inputs.rows = rows;
  stats::Rng rng(seed);
  const auto archs = space::sample(rows, seed);
  for (std::size_t r = 0; r < rows; ++r) {
    const double a = rng.normal(), b = rng.normal();
    s.inputs.linear.push_back(a);
    s.inputs.linear.push_back(b);
    for (double v : space::encode(archs[r])) s.inputs.encoded.push_back(static_cast<float>(v));
    s.values.push_back(std::exp(1.0 + 0.7 * a + 0.3 * b));
  }
  return s;
}

TEST(FewShot, StackRecoversALinearMapInLogSpace) {
  const Synthetic s = synthetic(30, 3);
  FewShotOptions o;
  o.method = "stack";
  const FewShotModel m = fit_few_shot(s.inputs, s.values, o);
  EXPECT_NEAR(m.weights()[0], 0.7, 1e-3);
  EXPECT_NEAR(m.weights()[1], 0.3, 1e-3);
  EXPECT_NEAR(m.intercept(), 1.0, 1e-3);
  EXPECT_EQ(m.leading_column(), "log(throughput_a)");
  EXPECT_LT(m.loo_rmse(), 1e-2);
  const Synthetic test = synthetic(50, 4);
  const auto predicted = m.predict(test.inputs);
  EXPECT_GT(stats::kendall_tau(test.values, predicted), 0.99);
  EXPECT_DOUBLE_EQ(share_within(test.values, predicted, 0.1), 1.0);
}

TEST(FewShot, ShrunkFallsBackToTheBestPriorOrCorrectsIt) {
  const Synthetic s = synthetic(40, 5);
  FewShotOptions o;
  o.method = "shrunk";
  o.correction_scale = 1.0;
  const FewShotModel m = fit_few_shot(s.inputs, s.values, o);
  // The second column carries real signal: the correction is kept and recovers it.
  EXPECT_NEAR(m.weights()[0], 0.7, 1e-2);
  EXPECT_NEAR(m.weights()[1], 0.3, 1e-2);
  // By default 70 % of the correction is applied.
  o.correction_scale = 0.7;
  const FewShotModel partial = fit_few_shot(s.inputs, s.values, o);
  EXPECT_GT(partial.weights()[1], 0.15);
  EXPECT_LT(partial.weights()[1], 0.27);
  // The second column carries nothing: the best prior (alone, or nearly) is kept.
  Synthetic one = synthetic(12, 11);
  stats::Rng noise(12);
  for (std::size_t r = 0; r < one.inputs.rows; ++r) {
    one.values[r] = std::exp(2.0 * one.inputs.at(r, 0) + 0.05 * noise.normal());
  }
  const FewShotModel single = fit_few_shot(one.inputs, one.values, o);
  EXPECT_NEAR(single.weights()[0], 2.0, 0.1);
  EXPECT_NEAR(single.weights()[1], 0.0, 0.05);
}

TEST(FewShot, BestPriorUsesOneColumnAndPicksTheBetterOne) {
  const Synthetic s = synthetic(40, 5);
  FewShotOptions o;
  o.method = "best_prior";
  const FewShotModel m = fit_few_shot(s.inputs, s.values, o);
  EXPECT_EQ(m.leading_column(), "log(throughput_a)");
  EXPECT_EQ(m.weights()[1], 0.0);
  EXPECT_GT(m.weights()[0], 0.5);
  EXPECT_GT(m.loo_rmse(), 0.1);  // the other column's share is missing
}

TEST(FewShot, TreesOnlyFromEnoughRecordsAndDeterministic) {
  Synthetic s = synthetic(60, 6);
  // A device-specific effect no prior column carries: 1.5x faster without squeeze-excite in
  // stage 0 (encoding column 3).
  for (std::size_t r = 0; r < s.inputs.rows; ++r) {
    if (s.inputs.encoded[r * space::kNumDecisions + 3] > 0.5f) s.values[r] *= 1.5;
  }
  FewShotOptions o;
  o.method = "stack_trees";
  o.min_tree_records = 61;
  EXPECT_FALSE(fit_few_shot(s.inputs, s.values, o).has_trees());
  o.min_tree_records = 50;
  const FewShotModel a = fit_few_shot(s.inputs, s.values, o);
  const FewShotModel b = fit_few_shot(s.inputs, s.values, o);
  EXPECT_TRUE(a.has_trees());
  EXPECT_GT(a.tree_rounds(), 0);
  EXPECT_EQ(a.predict(s.inputs), b.predict(s.inputs));
  // The trees capture the effect the linear part cannot.
  o.method = "stack";
  const auto linear = fit_few_shot(s.inputs, s.values, o).predict(s.inputs);
  const auto trees = a.predict(s.inputs);
  double linear_err = 0.0, trees_err = 0.0;
  for (std::size_t r = 0; r < s.inputs.rows; ++r) {
    linear_err += std::abs(std::log(linear[r] / s.values[r]));
    trees_err += std::abs(std::log(trees[r] / s.values[r]));
  }
  EXPECT_LT(trees_err, 0.5 * linear_err);
}

TEST(FewShot, CrossValidationPredictsEveryRowFromOtherRows) {
  const Synthetic s = synthetic(20, 7);
  FewShotOptions o;
  o.method = "stack";  // exact on this linear device, so every held-out row is predicted
  const auto cv = cross_validated_predictions(s.inputs, s.values, o, 5);
  ASSERT_EQ(cv.size(), 20u);
  for (std::size_t i = 0; i < cv.size(); ++i) EXPECT_NEAR(cv[i] / s.values[i], 1.0, 1e-2);
  EXPECT_THROW(cross_validated_predictions(s.inputs, s.values, o, 1), std::invalid_argument);
  EXPECT_THROW(cross_validated_predictions(s.inputs, s.values, o, 21), std::invalid_argument);
}

TEST(FewShot, BadInputIsRejected) {
  Synthetic s = synthetic(10, 8);
  FewShotOptions o;
  o.method = "magic";
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o.method = "shrunk";
  o.correction_scale = 1.5;
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o.correction_scale = 1.0;
  o.method = "stack";
  const FewShotInputs four = s.inputs.select({0, 1, 2, 3});
  EXPECT_THROW(fit_few_shot(four, {1, 2, 3, 4}, o), std::invalid_argument);    // < min_records
  EXPECT_THROW(fit_few_shot(s.inputs, {1.0, 2.0}, o), std::invalid_argument);  // sizes
  s.values[3] = -1.0;
  try {
    fit_few_shot(s.inputs, s.values, o);
    FAIL() << "a negative value was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 3"), std::string::npos) << e.what();
  }
}

TEST(FewShot, DiverseSelectionIsDistinctSeededAndSpread) {
  const Synthetic s = synthetic(200, 9);
  const auto a = select_diverse(s.inputs, 20, 1);
  EXPECT_EQ(a, select_diverse(s.inputs, 20, 1));
  EXPECT_NE(a, select_diverse(s.inputs, 20, 2));
  std::vector<std::size_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  // The chosen rows cover the extremes of the first column.
  double lo = 1e9, hi = -1e9, chosen_lo = 1e9, chosen_hi = -1e9;
  for (std::size_t r = 0; r < s.inputs.rows; ++r) {
    lo = std::min(lo, s.inputs.at(r, 0));
    hi = std::max(hi, s.inputs.at(r, 0));
  }
  for (std::size_t r : a) {
    chosen_lo = std::min(chosen_lo, s.inputs.at(r, 0));
    chosen_hi = std::max(chosen_hi, s.inputs.at(r, 0));
  }
  EXPECT_GT(chosen_hi - chosen_lo, 0.8 * (hi - lo));
  EXPECT_THROW(select_diverse(s.inputs, 0, 1), std::invalid_argument);
  EXPECT_THROW(select_diverse(s.inputs, 201, 1), std::invalid_argument);
}

TEST(FewShot, InputsFromAModelDirectory) {
  const auto dir = testing::scratch_dir("few-shot-inputs") / "models";
  FitOptions o = testing::tiny_options();
  o.targets = {"throughput_a100"};
  fit_models(testing::tiny_train(), data::Dataset{}, o, dir);
  const Benchmark priors = Benchmark::load(dir);
  const auto archs = space::sample(5, 1);
  const FewShotInputs in = few_shot_inputs(priors, {"throughput_a100"}, archs, true);
  ASSERT_EQ(in.columns.size(), 3u);
  EXPECT_EQ(in.columns[0], "log(throughput_a100)");
  EXPECT_EQ(in.num_priors, 1u);
  EXPECT_EQ(in.rows, 5u);
  EXPECT_NEAR(in.at(0, 0), std::log(priors.query(archs[0], "throughput_a100").mean), 1e-9);
  // Stage costs: the MBConv convolutions of EfficientNet-B0 per stage; with stem, head and
  // classifier (10.838016 + 20.0704 + 1.28 MMACs) they add up to its conv+linear MACs, 385.814752.
  const FewShotInputs staged = few_shot_inputs(
      priors, {"throughput_a100"}, {space::Architecture::parse("efficientnet-b0")}, false, true);
  ASSERT_EQ(staged.columns.size(), 8u);
  EXPECT_EQ(staged.columns[7], "log(stage6_mmacs)");
  double sum = 0.0;
  for (std::size_t c = 1; c < 8; ++c) sum += std::exp(staged.at(0, c));
  EXPECT_NEAR(sum + 10.838016 + 20.0704 + 1.28, 385.814752, 1e-6);
  try {
    few_shot_inputs(priors, {"throughput_3090"}, archs, false);
    FAIL() << "a missing prior target was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("throughput_3090"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace anb::surrogate
