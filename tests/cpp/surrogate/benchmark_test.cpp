// The one query path of Benchmark: batches of any size, all targets at once, choice rows,
// intervals and noisy draws give exactly the single-architecture values, for targets with every
// transform and over a prior; require_target; priors loaded once and shared.

#include "anb/surrogate/benchmark.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "../../../src/surrogate/target_model.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/choice_rows.h"
#include "anb/surrogate/fit.h"
#include "anb/surrogate/prior.h"
#include "fit_fixture.h"

namespace anb::surrogate {
namespace {

FitOptions options(std::vector<std::string> targets) {
  FitOptions o = testing::quick_options(20, 3);
  Hyperparameters log = o.hyperparameters.fallback;
  log.transform = Transform::log();
  o.hyperparameters.targets["throughput_a100"] = log;
  o.hyperparameters.targets["throughput_3090"] = log;
  Hyperparameters headroom = o.hyperparameters.fallback;
  headroom.transform = Transform::log_headroom();
  o.hyperparameters.targets["accuracy"] = headroom;
  o.targets = std::move(targets);
  return o;
}

// accuracy (log_headroom), throughput_a100 (log), latency_zcu102 (none) and throughput_3090
// (log, over the prior throughput_a100), fitted once per test program.
const std::filesystem::path& models() {
  static const std::filesystem::path dir = [] {
    const auto root = testing::scratch_dir("benchmark");
    const data::Dataset records = testing::tiny_train();
    fit_models(records, {}, options({"accuracy", "throughput_a100", "latency_zcu102"}),
               root / "base");
    fit_models_with_prior(records, {}, options({"throughput_3090"}),
                          PriorOptions{root / "base", "throughput_a100"}, root / "models");
    return root / "models";
  }();
  return dir;
}

const Benchmark& bench() {
  static const Benchmark b = Benchmark::load(models());
  return b;
}

// 300 architectures: more than two blocks of rows, with a partial last block.
const std::vector<space::Architecture>& archs() {
  static const std::vector<space::Architecture> a = space::sample(300, 4);
  return a;
}

TEST(BenchmarkQuery, TheModelsCoverEveryKindOfTarget) {
  const Manifest& m = bench().manifest();
  ASSERT_NE(m.find("throughput_3090"), nullptr);
  EXPECT_EQ(m.find("throughput_3090")->prior, "throughput_a100");
  EXPECT_EQ(m.find("accuracy")->transform.kind, Transform::Kind::kLogHeadroom);
  EXPECT_EQ(m.find("throughput_a100")->transform.kind, Transform::Kind::kLog);
  EXPECT_EQ(m.find("latency_zcu102")->transform.kind, Transform::Kind::kNone);
  EXPECT_TRUE(bench().has_interval("accuracy"));
}

TEST(BenchmarkQuery, BatchEqualsSingleBitForBitForEveryTarget) {
  for (const std::string& t : bench().targets()) {
    std::vector<double> mean, sd;
    bench().query_batch(archs(), t, mean, sd);
    ASSERT_EQ(mean.size(), archs().size());
    for (std::size_t i = 0; i < archs().size(); ++i) {
      const Prediction p = bench().query(archs()[i], t);
      ASSERT_EQ(mean[i], p.mean) << t << " architecture " << i;
      ASSERT_EQ(sd[i], p.std) << t << " architecture " << i;
    }
  }
}

TEST(BenchmarkQuery, AllTargetsInOneBatchEqualSingleQueries) {
  const std::vector<std::string>& names = bench().targets();
  const std::vector<std::size_t> index = bench().require_targets(names);
  const std::size_t n = archs().size(), k = names.size();
  const std::vector<std::uint8_t> rows = choice_rows(archs());
  std::vector<double> mean(n * k), sd(n * k);
  bench().query_choices(rows.data(), n, index, mean.data(), sd.data());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const Prediction p = bench().query(archs()[i], names[j]);
      ASSERT_EQ(mean[i * k + j], p.mean) << names[j] << " architecture " << i;
      ASSERT_EQ(sd[i * k + j], p.std) << names[j] << " architecture " << i;
    }
  }
  // The members agree too, and the mean is theirs.
  std::vector<double> members;
  bench().query_members(archs()[7], "throughput_3090", members);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(mean_std(members.data(), members.size()).mean,
            bench().query(archs()[7], "throughput_3090").mean);
}

TEST(BenchmarkQuery, IntervalsInABatchEqualSingleQueries) {
  std::vector<std::string> names;
  for (const auto& t : bench().targets()) {
    if (bench().has_interval(t)) names.push_back(t);
  }
  ASSERT_EQ(names.size(), 4u);
  const std::vector<std::size_t> index = bench().require_targets(names);
  const std::size_t n = archs().size(), k = names.size();
  const std::vector<std::uint8_t> rows = choice_rows(archs());
  std::vector<double> mean(n * k), sd(n * k), lower(n * k), upper(n * k);
  bench().query_interval_choices(rows.data(), n, index, 0.9, mean.data(), sd.data(), lower.data(),
                                 upper.data());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const IntervalPrediction p = bench().query_interval(archs()[i], names[j], 0.9);
      ASSERT_EQ(mean[i * k + j], p.mean) << names[j] << " " << i;
      ASSERT_EQ(sd[i * k + j], p.std) << names[j] << " " << i;
      ASSERT_EQ(lower[i * k + j], p.lower) << names[j] << " " << i;
      ASSERT_EQ(upper[i * k + j], p.upper) << names[j] << " " << i;
      ASSERT_LT(p.lower, p.upper);
    }
  }
  EXPECT_THROW(bench().query_interval_choices(rows.data(), n, index, 1.5, mean.data(), sd.data(),
                                              lower.data(), upper.data()),
               std::invalid_argument);
}

TEST(BenchmarkQuery, NoisyBatchDrawsTheSingleQueriesDraws) {
  const std::vector<std::string> names{"accuracy", "throughput_3090", "latency_zcu102"};
  const std::vector<std::size_t> index = bench().require_targets(names);
  const std::size_t n = 50, k = names.size();
  const std::vector<space::Architecture> some(archs().begin(), archs().begin() + 50);
  const std::vector<std::uint8_t> rows = choice_rows(some);
  std::vector<double> batch(n * k);
  stats::Rng a(17), b(17);
  bench().query_noisy_choices(rows.data(), n, index, a, NoiseSource::kEnsemble, batch.data());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      ASSERT_EQ(batch[i * k + j], bench().query_noisy(some[i], names[j], b)) << i << " " << j;
    }
  }
  EXPECT_NE(batch[0], bench().query(some[0], "accuracy").mean);
}

TEST(BenchmarkQuery, ChoiceRowsAreTheChoiceIndices) {
  for (const auto& a : archs()) {
    std::uint8_t row[kChoiceRow];
    choice_row(a, row);
    const auto expected = space::choice_indices(a);
    for (std::size_t d = 0; d < kChoiceRow; ++d) ASSERT_EQ(row[d], expected[d]) << a.to_string();
  }
  std::vector<std::uint8_t> rows = choice_rows({archs()[0], archs()[1]});
  EXPECT_NO_THROW(check_choice_rows(rows.data(), 2));
  rows[kChoiceRow + 5] = 2;  // architecture 1, block1_k (2 choices)
  const std::vector<std::size_t> index{0};
  double mean = 0.0, sd = 0.0;
  try {
    bench().query_choices(rows.data(), 2, index, &mean, &sd);
    ADD_FAILURE() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("architecture 1: choice index of block1_k = 2"),
              std::string::npos)
        << e.what();
  }
}

TEST(BenchmarkQuery, RequireTargetNamesTheUnknownTargetAndTheKnownOnes) {
  EXPECT_EQ(bench().require_target(bench().targets()[2]), 2u);
  try {
    bench().require_target("throughput_nowhere");
    ADD_FAILURE() << "expected an error";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("unknown target 'throughput_nowhere'"), std::string::npos) << what;
    EXPECT_NE(what.find("accuracy, "), std::string::npos) << what;
  }
  EXPECT_THROW(bench().require_targets({}), std::invalid_argument);
  EXPECT_THROW(bench().query(archs()[0], "nope"), std::invalid_argument);
  EXPECT_THROW(bench().has_interval("nope"), std::invalid_argument);
}

TEST(BenchmarkQuery, APriorIsLoadedOnceAndShared) {
  const Manifest manifest = read_manifest(models());
  const auto all = load_targets(models(), manifest, {});
  std::shared_ptr<const TargetModel> prior, over;
  for (const auto& m : all) {
    if (m->entry().name == "throughput_a100") prior = m;
    if (m->entry().name == "throughput_3090") over = m;
  }
  ASSERT_TRUE(prior && over);
  EXPECT_EQ(over->prior(), prior);  // the same compiled model, not a second copy
  // Asking for the target alone still loads its prior (and returns only the target).
  const auto alone = load_targets(models(), manifest, {"throughput_3090"});
  ASSERT_EQ(alone.size(), 1u);
  ASSERT_NE(alone[0]->prior(), nullptr);
  EXPECT_EQ(alone[0]->prior()->entry().name, "throughput_a100");
}

}  // namespace
}  // namespace anb::surrogate
