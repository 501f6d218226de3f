#include "anb/surrogate/prior.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <stdexcept>

#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "fit_fixture.h"

namespace anb::surrogate {
namespace {

using testing::scratch_dir;
using testing::tiny_options;
using testing::tiny_train;
using testing::tiny_val;

// A model directory with accuracy and throughput_a100 (the prior), fitted once.
const std::filesystem::path& prior_dir() {
  static const std::filesystem::path dir = [] {
    const auto d = scratch_dir("prior-base") / "models";
    fit_models(tiny_train(), data::Dataset{}, tiny_options(), d);
    return d;
  }();
  return dir;
}

FitOptions options_for_3090() {
  FitOptions o = tiny_options();
  o.hyperparameters.targets["throughput_3090"] = o.hyperparameters.targets["throughput_a100"];
  o.targets = {"throughput_3090"};
  return o;
}

TEST(Prior, ResidualAndCombineAreInverse) {
  EXPECT_DOUBLE_EQ(residual_value(Transform::log(), 300.0, 200.0), 1.5);
  EXPECT_DOUBLE_EQ(combine_with_prior(Transform::log(), 1.5, 200.0), 300.0);
  EXPECT_DOUBLE_EQ(residual_value(Transform::none(), 300.0, 200.0), 100.0);
  EXPECT_DOUBLE_EQ(combine_with_prior(Transform::none(), 100.0, 200.0), 300.0);
  EXPECT_THROW(residual_value(Transform::log(), 300.0, 0.0), std::invalid_argument);
  EXPECT_THROW(residual_value(Transform::log_headroom(), 300.0, 200.0), std::invalid_argument);
}

TEST(Prior, OnlyTargetsOfThePriorsMetricAreCorrected) {
  EXPECT_EQ(corrected_targets({"throughput_h200", "latency_h200", "accuracy"}, "throughput_a100"),
            std::vector<std::string>{"throughput_h200"});
}

TEST(Prior, ResidualRecordsChangeOnlyTheTargets) {
  const data::Dataset train = tiny_train();
  const std::vector<double> prior(train.size(), 2.0);
  const data::Dataset r =
      residual_records(train, {"throughput_3090"}, options_for_3090().hyperparameters, prior);
  ASSERT_EQ(r.size(), train.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (const auto v = train[i].target("throughput_3090")) {
      EXPECT_DOUBLE_EQ(*r[i].target("throughput_3090"), *v / 2.0);
    }
    EXPECT_EQ(r[i].target("throughput_a100"), train[i].target("throughput_a100"));
    EXPECT_EQ(r[i].val_top1, train[i].val_top1);
  }
}

TEST(Prior, FitOverPriorIsSelfContainedAndAppliedAtQueryTime) {
  const auto out = scratch_dir("prior-fit") / "models";
  FitOptions o = options_for_3090();
  o.targets.push_back("latency_zcu102");  // another metric: fitted plainly
  const FitSummary s = fit_models_with_prior(tiny_train(), tiny_val(), o,
                                             PriorOptions{prior_dir(), "throughput_a100"}, out);
  const Manifest m = read_manifest(out);
  ASSERT_NE(m.find("throughput_3090"), nullptr);
  EXPECT_EQ(m.find("throughput_3090")->prior, "throughput_a100");
  ASSERT_NE(m.find("throughput_a100"), nullptr);  // the prior travels with the directory
  EXPECT_NE(m.find("accuracy"), nullptr);         // and so do the other targets
  EXPECT_TRUE(m.find("throughput_a100")->prior.empty());
  ASSERT_NE(m.find("latency_zcu102"), nullptr);
  EXPECT_TRUE(m.find("latency_zcu102")->prior.empty());
  ASSERT_EQ(s.validation.size(), 2u);
  ASSERT_EQ(s.validation[0].target, "throughput_3090");
  EXPECT_GT(s.validation[0].ensemble.kendall_tau, 0.5);
  EXPECT_TRUE(m.find("throughput_3090")->validation.contains("ensemble"));

  const Benchmark b = Benchmark::load(out);
  const auto archs = space::sample(20, 5);
  std::vector<double> mean, sd, members;
  b.query_batch(archs, "throughput_3090", mean, sd);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const Prediction p = b.query(archs[i], "throughput_3090");
    EXPECT_NEAR(mean[i], p.mean, 1e-9 * p.mean);
    b.query_members(archs[i], "throughput_3090", members);
    EXPECT_NEAR((members[0] + members[1]) / 2, p.mean, 1e-9 * p.mean);
    // A 3090 runs these networks at a fraction of the A100's rate: the prior scales it.
    const double ratio = p.mean / b.query(archs[i], "throughput_a100").mean;
    EXPECT_GT(ratio, 0.3);
    EXPECT_LT(ratio, 1.2);
  }
  // Evaluation applies the prior as well.
  const auto v = evaluate_models(out, tiny_val(), {"throughput_3090"});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_NEAR(v[0].ensemble.kendall_tau, s.validation[0].ensemble.kendall_tau, 1e-12);
}

TEST(Prior, BadPriorsAreClearErrors) {
  const auto out = scratch_dir("prior-bad") / "models";
  FitOptions o = options_for_3090();
  EXPECT_THROW(fit_models_with_prior(tiny_train(), {}, o,
                                     PriorOptions{prior_dir(), "throughput_tpuv2"}, out),
               std::invalid_argument);
  o.targets = {"throughput_a100"};
  EXPECT_THROW(
      fit_models_with_prior(tiny_train(), {}, o, PriorOptions{prior_dir(), "throughput_a100"}, out),
      std::invalid_argument);
  o.targets.clear();
  EXPECT_THROW(
      fit_models_with_prior(tiny_train(), {}, o, PriorOptions{prior_dir(), "throughput_a100"}, out),
      std::invalid_argument);
  EXPECT_THROW(PriorOptions({prior_dir(), "accuracy"}).validate(), std::invalid_argument);

  // A manifest whose entry names a missing prior does not load.
  Manifest m = read_manifest(prior_dir());
  std::map<std::string, std::string> files;
  for (auto& t : m.targets) read_target_files(prior_dir(), t, files);
  const auto expect_load_error = [&](const std::string& needle) {
    write_model_dir(out, m, files);
    try {
      Benchmark::load(out);
      FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  ASSERT_EQ(m.targets[1].name, "throughput_a100");
  m.targets[1].prior = "throughput_nowhere";
  expect_load_error("throughput_nowhere");
  // A log_headroom target cannot carry a prior (ratios and differences are not defined for it).
  m.targets[1].prior.clear();
  ASSERT_EQ(m.targets[0].transform.kind, Transform::Kind::kLogHeadroom);
  m.targets[0].prior = "throughput_a100";
  expect_load_error("log_headroom");
}

}  // namespace
}  // namespace anb::surrogate
