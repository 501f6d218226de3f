#include "anb/surrogate/fit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "../../../src/surrogate/fit/xgboost_booster.h"
#include "anb/io/atomic_file.h"
#include "anb/io/sha256.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/noise.h"
#include "anb/surrogate/tree_ensemble.h"
#include "fit_fixture.h"

namespace anb::surrogate {
namespace {

using testing::scratch_dir;
using testing::tiny_options;
using testing::tiny_train;
using testing::tiny_val;

TEST(EarlyStoppingSplit, PartitionsAndHoldsBackFoldSeedModK) {
  const auto [fit, stop] = early_stopping_split(100, 12, 9);
  EXPECT_EQ(fit.size() + stop.size(), 100u);
  EXPECT_EQ(stop.size(), 11u);  // positions 3, 12, ..., 93 of the shuffle (12 mod 9 = 3)
  std::set<std::size_t> all(fit.begin(), fit.end());
  all.insert(stop.begin(), stop.end());
  EXPECT_EQ(all.size(), 100u);
  EXPECT_TRUE(std::is_sorted(fit.begin(), fit.end()));
  const auto again = early_stopping_split(100, 12, 9);
  EXPECT_EQ(again.second, stop);
  EXPECT_NE(early_stopping_split(100, 13, 9).second, stop);
}

TEST(EarlyStoppingSplit, RejectsTooFewRecords) {
  EXPECT_THROW(early_stopping_split(5, 1, 9), std::invalid_argument);
  EXPECT_THROW(early_stopping_split(50, 1, 1), std::invalid_argument);
}

TEST(FitOptions, ValidateNamesFieldAndValue) {
  FitOptions o;
  o.folds = 1;
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o = FitOptions{};
  o.targets = {"accuracy", "speed of light"};
  try {
    o.validate();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("speed of light"), std::string::npos);
  }
  o = FitOptions{};
  o.threads = 0;
  EXPECT_THROW(o.validate(), std::invalid_argument);
  o = FitOptions{};
  o.factor_folds = 0;
  try {
    o.validate();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("factor_folds = 0"), std::string::npos) << e.what();
  }
}

class FitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(scratch_dir("fit") / "models");
    summary_ = new FitSummary(fit_models(tiny_train(), tiny_val(), tiny_options(), *dir_));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(dir_->parent_path());
    delete summary_;
    delete dir_;
  }
  static std::filesystem::path* dir_;
  static FitSummary* summary_;
};
std::filesystem::path* FitTest::dir_ = nullptr;
FitSummary* FitTest::summary_ = nullptr;

TEST_F(FitTest, WritesManifestAndMembers) {
  const Manifest m = read_manifest(*dir_);
  ASSERT_EQ(m.targets.size(), 2u);
  EXPECT_EQ(m.targets[0].name, "accuracy");
  EXPECT_EQ(m.targets[0].unit, "%");
  EXPECT_EQ(m.targets[1].transform.kind, Transform::Kind::kLog);
  // The accuracy ceiling is fitted from the training values and stored with the model.
  ASSERT_EQ(m.targets[0].transform.kind, Transform::Kind::kLogHeadroom);
  const auto accuracy = tiny_train().with_target("accuracy");
  double lo = 1e9, hi = -1e9;
  for (const auto& r : accuracy.records()) {
    lo = std::min(lo, *r.target("accuracy"));
    hi = std::max(hi, *r.target("accuracy"));
  }
  EXPECT_DOUBLE_EQ(m.targets[0].transform.ceiling, hi + Transform::kDefaultHeadroom * (hi - lo));
  EXPECT_EQ(m.targets[0].hyperparameters.grow_policy, "lossguide");
  EXPECT_EQ(m.targets[1].direction, "maximize");
  EXPECT_EQ(m.data_fingerprint, tiny_train().fingerprint());
  EXPECT_EQ(m.xgboost_version, xgb::version());
  for (const auto& t : m.targets) {
    ASSERT_EQ(t.members.size(), 2u);
    EXPECT_EQ(t.members[0].seed, 1u);
    EXPECT_EQ(t.members[1].fold, 1);  // member k holds back fold k of one shared partition
    EXPECT_GT(t.members[0].rounds, 0);
    EXPECT_LE(t.members[0].rounds, 25);
    EXPECT_EQ(t.members[0].n_train + t.members[0].n_early_stop, 300u);
    EXPECT_TRUE(t.validation.contains("ensemble"));
    EXPECT_EQ(t.validation["ensemble"]["n"].get<int>(), 80);
  }
  ASSERT_EQ(summary_->validation.size(), 2u);
  EXPECT_GT(summary_->validation[0].ensemble.kendall_tau, 0.3);
}

TEST_F(FitTest, MembersAreXGBoostJsonThatXGBoostPredictsLikeTheBenchmark) {
  const Benchmark bench = Benchmark::load(*dir_);
  const Manifest& m = bench.manifest();
  const auto archs = space::sample(50, 7);
  std::vector<float> rows;
  for (const auto& a : archs) {
    const auto e = space::encode(a);
    rows.insert(rows.end(), e.begin(), e.end());
  }
  for (const auto& t : m.targets) {
    for (std::size_t k = 0; k < t.members.size(); ++k) {
      auto booster = xgb::Booster::from_buffer(read_member(*dir_, t.members[k]));
      booster.set_param("nthread", "1");
      const auto raw = booster.predict_dense(rows.data(), archs.size(), space::kNumDecisions);
      for (std::size_t i = 0; i < archs.size(); ++i) {
        const double expected = t.transform.invert(raw[i]);
        std::vector<double> members;
        bench.query_members(archs[i], t.name, members);
        EXPECT_NEAR(members[k], expected, 1e-5 * std::abs(expected)) << t.name;
      }
    }
  }
}

TEST_F(FitTest, QueryIsMeanAndStdOfMembersAndBatchAgrees) {
  const Benchmark bench = Benchmark::load(*dir_);
  EXPECT_EQ(bench.targets(), (std::vector<std::string>{"accuracy", "throughput_a100"}));
  const auto archs = space::sample(20, 3);
  for (const auto& target : bench.targets()) {
    std::vector<double> mean, sd, members;
    bench.query_batch(archs, target, mean, sd);
    for (std::size_t i = 0; i < archs.size(); ++i) {
      bench.query_members(archs[i], target, members);
      const double mu = (members[0] + members[1]) / 2;
      const Prediction p = bench.query(archs[i], target);
      EXPECT_NEAR(p.mean, mu, 1e-9 * std::abs(mu));
      EXPECT_NEAR(p.std, std::abs(members[0] - members[1]) / 2, 1e-6 * std::abs(mu));
      EXPECT_NEAR(mean[i], p.mean, 1e-9 * std::abs(mu));
      EXPECT_NEAR(sd[i], p.std, 1e-6 * std::abs(mu));
    }
  }
  EXPECT_GT(bench.query(space::Architecture::efficientnet_b0(), "throughput_a100").mean, 0.0);
}

TEST_F(FitTest, NoisyQueryIsSeededAndUnknownTargetIsAnError) {
  const Benchmark bench = Benchmark::load(*dir_);
  const auto arch = space::Architecture::efficientnet_b0();
  stats::Rng a(5), b(5);
  EXPECT_EQ(bench.query_noisy(arch, "accuracy", a), bench.query_noisy(arch, "accuracy", b));
  try {
    bench.query(arch, "latency_vck190");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("accuracy, throughput_a100"), std::string::npos)
        << e.what();
  }
}

TEST_F(FitTest, SameSeedGivesIdenticalModels) {
  // Calibrating on the members' folds only changes the calibration, never the members.
  const auto other = dir_->parent_path() / "again";
  FitOptions options = tiny_options();
  options.calibration = FitOptions::Calibration::kMemberFolds;
  fit_models(tiny_train(), data::Dataset{}, options, other);
  const Manifest a = read_manifest(*dir_), b = read_manifest(other);
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    for (std::size_t k = 0; k < a.targets[t].members.size(); ++k) {
      EXPECT_EQ(a.targets[t].members[k].sha256, b.targets[t].members[k].sha256);
    }
    // Two members hold back 2 of 9 folds: about 2/9 of the 300 records calibrate.
    const TargetEntry& m = b.targets[t];
    EXPECT_EQ(m.calibration.n, m.members[0].n_early_stop + m.members[1].n_early_stop);
    EXPECT_LT(m.calibration.n, a.targets[t].calibration.n);
  }
  EXPECT_TRUE(b.targets[0].validation.empty());
}

TEST_F(FitTest, FoldEnsemblesCalibrateEveryRecordWithoutAVarianceCorrection) {
  const auto other = dir_->parent_path() / "fold_ensembles";
  FitOptions options = tiny_options();
  options.calibration = FitOptions::Calibration::kFoldEnsembles;
  fit_models(tiny_train(), data::Dataset{}, options, other);
  const Manifest a = read_manifest(*dir_), b = read_manifest(other);
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    const TargetEntry& m = b.targets[t];
    for (std::size_t k = 0; k < m.members.size(); ++k) {
      EXPECT_EQ(a.targets[t].members[k].sha256, m.members[k].sha256);
    }
    EXPECT_EQ(m.calibration.n, m.members[0].n_train + m.members[0].n_early_stop) << m.name;
    // Their mean errs like the ensemble's: no correction.
    EXPECT_DOUBLE_EQ(m.calibration.ensemble_factor, 1.0) << m.name;
  }
}

TEST_F(FitTest, EvaluateMatchesTheFitsValidation) {
  const auto v = evaluate_models(*dir_, tiny_val());
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NEAR(v[0].ensemble.kendall_tau, summary_->validation[0].ensemble.kendall_tau, 1e-12);
  EXPECT_NEAR(v[1].single_mean.r2, summary_->validation[1].single_mean.r2, 1e-12);
  EXPECT_THROW(evaluate_models(*dir_, tiny_val(), {"latency_zcu102"}), std::invalid_argument);
}

TEST(MemberSplit, MembersShareOnePartitionAndHoldBackDifferentFolds) {
  std::set<std::size_t> held;
  for (int fold = 0; fold < 9; ++fold) {
    const auto [fit, stop] = member_split(90, 4, fold, 9);
    EXPECT_EQ(fit.size() + stop.size(), 90u);
    for (std::size_t i : stop) EXPECT_TRUE(held.insert(i).second) << "record " << i << " twice";
  }
  EXPECT_EQ(held.size(), 90u);  // the folds partition the records
  EXPECT_THROW(member_split(90, 4, 9, 9), std::invalid_argument);
  EXPECT_THROW(member_split(90, 4, -1, 9), std::invalid_argument);
}

TEST_F(FitTest, IntervalsAreCalibratedOnHeldBackRecordsAndStored) {
  const Manifest m = read_manifest(*dir_);
  for (const auto& t : m.targets) {
    // Two members hold back 2 of 9 folds; calibration-only fits predict the other 7, so every
    // training record calibrates.
    EXPECT_EQ(t.calibration.n, t.members[0].n_train + t.members[0].n_early_stop) << t.name;
    // Measured on fold ensembles: their mean's error over a single model's.
    EXPECT_GE(t.calibration.ensemble_factor, kMinEnsembleFactor) << t.name;
    EXPECT_LT(t.calibration.ensemble_factor, 1.0) << t.name;
  }
  const Benchmark bench = Benchmark::load(*dir_);
  const auto arch = space::Architecture::efficientnet_b0();
  for (const auto& t : bench.targets()) {
    EXPECT_TRUE(bench.has_interval(t));
    const IntervalPrediction p80 = bench.query_interval(arch, t, 0.8);
    const IntervalPrediction p95 = bench.query_interval(arch, t, 0.95);
    const Prediction p = bench.query(arch, t);
    EXPECT_EQ(p80.mean, p.mean);
    EXPECT_EQ(p80.std, p.std);
    EXPECT_LT(p95.lower, p80.lower) << t;
    EXPECT_LT(p80.lower, p.mean) << t;
    EXPECT_GT(p95.upper, p80.upper) << t;
    EXPECT_THROW(bench.query_interval(arch, t, 1.0), std::invalid_argument);
    EXPECT_THROW(bench.query_interval(arch, t, 0.0), std::invalid_argument);
  }
  // Coverage of the validation records is reported beside the metrics.
  ASSERT_EQ(summary_->validation[0].intervals.size(), 4u);
  EXPECT_EQ(summary_->validation[0].intervals[2].level, 0.9);
  EXPECT_GT(summary_->validation[0].intervals[3].coverage, 0.7);
}

TEST_F(FitTest, SpreadModelIsStoredCheckedAndWidensIntervalsPerArchitecture) {
  const Manifest m = read_manifest(*dir_);
  const Benchmark bench = Benchmark::load(*dir_);
  const auto archs = space::sample(40, 3);
  for (const TargetEntry& t : m.targets) {
    const Calibration& c = t.calibration;
    ASSERT_TRUE(c.has_spread_model()) << t.name;
    EXPECT_EQ(c.spread_file, t.name + "/spread.json");
    const std::string text = io::read_file(*dir_ / c.spread_file);
    EXPECT_EQ(io::sha256_hex(text), c.spread_sha256);
    EXPECT_GT(c.spread_floor, 0.0);
    // The query's interval is the calibration's with the spread model's factor of the
    // architecture (at least the floor), and that factor differs between architectures.
    const TreeEnsemble spread = TreeEnsemble::from_xgboost_json({text}, {c.spread_file});
    double least = 1e300, most = 0.0;
    for (const auto& arch : archs) {
      const auto x = space::encode(arch);
      double factor = 0.0;
      spread.predict_members(x.data(), &factor);
      factor = std::max(factor, c.spread_floor);
      least = std::min(least, factor);
      most = std::max(most, factor);
      const IntervalPrediction p = bench.query_interval(arch, t.name, 0.9);
      const Interval expected = c.interval(t.transform, p.mean, 0.9, factor);
      EXPECT_EQ(p.lower, expected.lower) << t.name;
      EXPECT_EQ(p.upper, expected.upper) << t.name;
    }
    EXPECT_GT(most, least) << t.name;
  }
  // A damaged spread model is refused by name.
  const auto damaged = dir_->parent_path() / "damaged_spread";
  std::filesystem::copy(*dir_, damaged, std::filesystem::copy_options::recursive);
  io::write_file_atomic(damaged / "accuracy" / "spread.json", "{}");
  try {
    Benchmark::load(damaged);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("accuracy/spread.json"), std::string::npos) << e.what();
  }
}

TEST_F(FitTest, BinnedSpreadModelStoresNoSpreadFileAndKeepsTheMembers) {
  const auto other = dir_->parent_path() / "binned";
  FitOptions options = tiny_options();
  options.spread_model = FitOptions::SpreadModel::kBinned;
  fit_models(tiny_train(), data::Dataset{}, options, other);
  const Manifest a = read_manifest(*dir_), b = read_manifest(other);
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    EXPECT_FALSE(b.targets[t].calibration.has_spread_model());
    EXPECT_FALSE(std::filesystem::exists(other / b.targets[t].name / "spread.json"));
    EXPECT_EQ(a.targets[t].members[0].sha256, b.targets[t].members[0].sha256);
    // Same calibration records, another spread model: other quantiles.
    EXPECT_EQ(a.targets[t].calibration.n, b.targets[t].calibration.n);
    EXPECT_NE(a.targets[t].calibration.quantiles, b.targets[t].calibration.quantiles);
  }
  EXPECT_EQ(FitOptions::spread_model_from_name("binned"), FitOptions::SpreadModel::kBinned);
  EXPECT_EQ(FitOptions::spread_model_from_name("stumps"), FitOptions::SpreadModel::kStumps);
  try {
    FitOptions::spread_model_from_name("trees");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'trees'"), std::string::npos) << e.what();
  }
}

TEST_F(FitTest, DirectoriesWithoutCalibrationAnswerMeansAndSayIntervalsNeedARefit) {
  auto manifest = nlohmann::json::parse(io::read_file(*dir_ / "manifest.json"));
  for (auto& t : manifest["targets"]) t.erase("calibration");
  const auto old = dir_->parent_path() / "before_intervals";
  std::filesystem::copy(*dir_, old, std::filesystem::copy_options::recursive);
  io::write_file_atomic(old / "manifest.json", manifest.dump());
  const Benchmark bench = Benchmark::load(old);
  const auto arch = space::Architecture::efficientnet_b0();
  EXPECT_FALSE(bench.has_interval("accuracy"));
  EXPECT_GT(bench.query(arch, "accuracy").mean, 0.0);
  try {
    bench.query_interval(arch, "accuracy", 0.9);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("refit"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(evaluate_models(old, tiny_val())[0].intervals.empty());
}

TEST_F(FitTest, MeasurementNoiseNeedsANoiseModel) {
  const Benchmark bench = Benchmark::load(*dir_);
  const auto arch = space::Architecture::efficientnet_b0();
  // tiny_options gives no seed ablation: accuracy has no noise model; the A100 records hold
  // throughput_std, so throughput_a100 has one.
  EXPECT_FALSE(bench.has_noise_model("accuracy"));
  ASSERT_TRUE(bench.has_noise_model("throughput_a100"));
  stats::Rng rng(1);
  try {
    bench.query_noisy(arch, "accuracy", rng, NoiseSource::kMeasurement);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no noise model"), std::string::npos) << e.what();
  }
  stats::Rng a(9), b(9), c(9);
  const double mean = bench.query(arch, "throughput_a100").mean;
  const NoiseModel& noise = bench.manifest().find("throughput_a100")->noise;
  EXPECT_EQ(bench.query_noisy(arch, "throughput_a100", a, NoiseSource::kMeasurement),
            c.normal(mean, noise.std_at(mean)));
  EXPECT_EQ(bench.query_noisy(arch, "throughput_a100", b, NoiseSource::kEnsemble), [&] {
    stats::Rng d(9);
    return bench.query_noisy(arch, "throughput_a100", d);
  }());
  EXPECT_EQ(parse_noise_source("ensemble"), NoiseSource::kEnsemble);
  EXPECT_THROW(parse_noise_source("gauss"), std::invalid_argument);
}

TEST(Fit, NewTargetsAndNoiseFromSeedRuns) {
  FitOptions o = tiny_options();
  o.targets = {"val_top5", "train_time"};
  const auto dir = scratch_dir("new-targets");
  anb::testing::write_synthetic_seed_runs(dir / "proxy_ablation");
  o.seed_runs = dir / "proxy_ablation";
  const FitSummary s = fit_models(tiny_train(), tiny_val(), o, dir / "m");
  ASSERT_EQ(s.manifest.targets.size(), 2u);
  const TargetEntry& top5 = s.manifest.targets[0];
  const TargetEntry& time = s.manifest.targets[1];
  EXPECT_EQ(top5.unit, "%");
  EXPECT_EQ(time.unit, "s");
  EXPECT_EQ(time.direction, "minimize");
  EXPECT_EQ(top5.noise.kind, NoiseModel::Kind::kSeedSpread);
  EXPECT_EQ(time.noise.kind, NoiseModel::Kind::kRelative);
  EXPECT_EQ(top5.noise.n, 60u);
  const Benchmark bench = Benchmark::load(dir / "m");
  const double t = bench.query(space::Architecture::efficientnet_b0(), "train_time").mean;
  EXPECT_GT(t, 500.0);
  EXPECT_LT(t, 20000.0);
  o.seed_runs = dir / "nowhere";
  EXPECT_THROW(o.validate(), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

TEST(Fit, RejectsTargetsAbsentFromTheData) {
  FitOptions o = tiny_options();
  o.targets = {"throughput_h200"};
  const auto dir = scratch_dir("absent");
  EXPECT_THROW(fit_models(tiny_train(), {}, o, dir / "m"), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir / "m"));
  std::filesystem::remove_all(dir);
}

TEST(Fit, RejectsTooFewRecordsForATarget) {
  const data::Dataset few = testing::all_records().subset(testing::split_ids("train", 10));
  const auto dir = scratch_dir("few");
  EXPECT_THROW(fit_models(few, {}, tiny_options(), dir / "m"), std::invalid_argument);
  std::filesystem::remove_all(dir);
}

TEST(Fit, CalibrationNamesAreTheNamesCalibrationFromNameTakes) {
  using C = FitOptions::Calibration;
  EXPECT_EQ(FitOptions::calibration_names(),
            (std::vector<std::string>{"all", "members", "ensembles", "measured"}));
  EXPECT_EQ(FitOptions::calibration_from_name("all"), C::kEveryFold);
  EXPECT_EQ(FitOptions::calibration_from_name("members"), C::kMemberFolds);
  EXPECT_EQ(FitOptions::calibration_from_name("ensembles"), C::kFoldEnsembles);
  EXPECT_EQ(FitOptions::calibration_from_name("measured"), C::kMeasuredFactor);
  try {
    FitOptions::calibration_from_name("sometimes");
    ADD_FAILURE() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "calibration_folds: got 'sometimes'; must be one of all, members, ensembles, "
                 "measured");
  }
}

}  // namespace
}  // namespace anb::surrogate
