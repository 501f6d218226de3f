#include "anb/surrogate/fit.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/io/progress.h"
#include "anb/io/sha256.h"
#include "anb/space/search_space.h"
#include "anb/stats/shuffle.h"
#include "anb/version.h"
#include "fit_member.h"
#include "measure_target.h"
#include "xgboost_booster.h"

namespace anb::surrogate {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Features and transformed labels of the records that have a value for `target`.
TrainingRows training_rows(const data::Dataset& records, const std::string& target,
                           const Transform& transform) {
  TrainingRows rows;
  for (const auto& r : records.records()) {
    const auto value = r.target(target);
    if (!value) continue;
    const auto f = space::encode(r.arch);
    rows.features.insert(rows.features.end(), f.begin(), f.end());
    try {
      rows.labels.push_back(static_cast<float>(transform.apply(*value)));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("record " + r.id + ", target " + target + ": " + e.what());
    }
  }
  return rows;
}

// The target's transform with its data-dependent parts (the log_headroom ceiling) fixed from
// the training values.
Transform fitted_transform(const data::Dataset& records, const std::string& target,
                           const Transform& transform) {
  std::vector<double> values;
  for (const auto& r : records.records()) {
    if (const auto value = r.target(target)) values.push_back(*value);
  }
  try {
    return transform.fitted_to(values);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("target " + target + ": " + e.what());
  }
}

std::vector<std::string> chosen_targets(const data::Dataset& train, const FitOptions& options) {
  const std::vector<std::string> present = train.target_names();
  if (options.targets.empty()) return present;
  for (const auto& t : options.targets) {
    if (std::find(present.begin(), present.end(), t) == present.end()) {
      std::string known;
      for (const auto& p : present) known += (known.empty() ? "" : ", ") + p;
      throw std::invalid_argument("target '" + t + "' has no values in the training data (" +
                                  "present: " + known + ")");
    }
  }
  return options.targets;
}

struct TargetResult {
  TargetEntry entry;
  std::vector<std::string> texts;
  std::string spread_text;  // the calibration's spread model (XGBoost JSON); empty: none
};

// Architectures over which the members' variance is averaged (calibration.h).
constexpr std::size_t kVarianceSamples = 2000;

// Mean population variance of the members' raw (fit-space) outputs at new architectures drawn
// like the training records: each of the 28 choices is taken from a training record drawn at
// random (the product of the records' marginals; uniformly random architectures lie further from
// the data and give a larger variance). 0 for a single member.
double member_variance(const std::vector<std::string>& texts, const TrainingRows& rows,
                       std::uint64_t seed) {
  if (texts.size() < 2) return 0.0;
  std::vector<std::string> names;
  for (std::size_t k = 0; k < texts.size(); ++k) names.push_back("member " + std::to_string(k));
  const TreeEnsemble ensemble = TreeEnsemble::from_xgboost_json(texts, names);
  std::vector<double> out(texts.size());
  double sum = 0.0;
  const std::size_t cols = space::kNumDecisions;
  std::vector<double> f(cols);
  stats::Rng rng(seed);
  for (std::size_t i = 0; i < kVarianceSamples; ++i) {
    for (std::size_t j = 0; j < cols; ++j)
      f[j] = rows.features[rng.uniform_int(rows.size()) * cols + j];
    ensemble.predict_members(f.data(), out.data());
    const double sd = mean_std(out.data(), out.size()).std;
    sum += sd * sd;
  }
  return sum / static_cast<double>(kVarianceSamples);
}

// The `folds` folds of 0..n-1 under member_split's partition (seed `seed`), each sorted.
std::vector<std::vector<std::size_t>> fold_partition(std::size_t n, std::uint64_t seed, int folds) {
  std::vector<std::vector<std::size_t>> out;
  for (int f = 0; f < folds; ++f) out.push_back(member_split(n, seed, f, folds).second);
  return out;
}

// The rows of every fold but `a` and `b` (either may be -1: none), sorted.
std::vector<std::size_t> rows_without(const std::vector<std::vector<std::size_t>>& fold_rows, int a,
                                      int b) {
  std::vector<std::size_t> out;
  for (int f = 0; f < static_cast<int>(fold_rows.size()); ++f) {
    if (f != a && f != b) out.insert(out.end(), fold_rows[f].begin(), fold_rows[f].end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// FitOptions::Calibration::kFoldEnsembles: for each of the first `predicted_folds` folds f of the
// members' partition, one model per member, each holding back f and the fold g = f + 1 + j
// (mod folds) and stopping early on g, predicts f; the mean of their predictions (target unit)
// per row, in row order (0 for rows of the other folds), and the squared errors over those folds.
struct FoldEnsembles {
  std::vector<double> mean;   // per row, target unit
  double single_mse = 0.0;    // fit space, mean over rows and models
  double ensemble_mse = 0.0;  // fit space, of f(mean)
};

FoldEnsembles fold_ensemble_predictions(const TrainingRows& rows, const TargetEntry& entry,
                                        const FitOptions& options, int predicted_folds,
                                        io::ProgressBar& bar) {
  const int folds = options.folds;
  const int members = entry.hyperparameters.members;
  const auto fold_rows = fold_partition(rows.size(), options.seed, folds);
  const std::size_t cols = space::kNumDecisions;
  FoldEnsembles out;
  out.mean.assign(rows.size(), 0.0);
  std::size_t count = 0;
  for (int f = 0; f < std::min(folds, predicted_folds); ++f) {
    count += fold_rows[f].size();
    std::vector<std::string> texts, names;
    for (int j = 0; j < members; ++j) {
      const int g = (f + 1 + j) % folds;
      const std::vector<std::size_t> fit = rows_without(fold_rows, f, g);
      bar.set_note(entry.name + " calibration fold " + std::to_string(f + 1) + "/" +
                   std::to_string(folds));
      texts.push_back(fit_member(select_rows(rows, fit), select_rows(rows, fold_rows[g]),
                                 entry.hyperparameters,
                                 options.seed + static_cast<std::uint64_t>(j), options.threads)
                          .json);
      names.push_back("calibration model " + std::to_string(j));
    }
    const TreeEnsemble ensemble = TreeEnsemble::from_xgboost_json(texts, names);
    std::vector<double> x(cols), m(texts.size());
    for (const std::size_t i : fold_rows[f]) {
      for (std::size_t c = 0; c < cols; ++c) x[c] = rows.features[i * cols + c];
      ensemble.predict_members(x.data(), m.data());
      double sum = 0.0;
      for (const double v : m) {
        sum += entry.transform.invert(v);
        out.single_mse += (v - rows.labels[i]) * (v - rows.labels[i]);
      }
      out.mean[i] = sum / static_cast<double>(m.size());
      const double e = entry.transform.apply(out.mean[i]) - rows.labels[i];
      out.ensemble_mse += e * e;
    }
  }
  out.single_mse /= static_cast<double>(count * static_cast<std::size_t>(members));
  out.ensemble_mse /= static_cast<double>(count);
  return out;
}

// The member variance that makes fit_calibration's ensemble factor sqrt(1 - V / MSE) equal the
// measured sqrt(ensemble_mse / single_mse) for out-of-fold predictions `predicted`.
double measured_member_variance(const FoldEnsembles& e, const Transform& transform,
                                const std::vector<double>& predicted,
                                const std::vector<double>& measured) {
  double mse = 0.0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    const double r = transform.apply(measured[i]) - transform.apply(predicted[i]);
    mse += r * r;
  }
  mse /= static_cast<double>(predicted.size());
  const double ratio = e.single_mse > 0.0 ? std::min(1.0, e.ensemble_mse / e.single_mse) : 1.0;
  return (1.0 - ratio) * mse;
}

// The spread model (calibration.h): boosted stumps, so the factor is a product of one factor per
// choice; small steps and large leaves, as its labels (|error| / scale) are noisy.
Hyperparameters spread_hyperparameters() {
  Hyperparameters h;
  h.max_depth = 1;
  h.grow_policy = "depthwise";
  h.max_leaves = 0;
  h.learning_rate = 0.05;
  h.min_child_weight = 20.0;
  h.subsample = 0.8;
  h.num_rounds = 600;
  h.early_stopping_rounds = 50;
  h.members = 1;
  h.transform = Transform::none();
  return h;
}

// The least factor the spread model gives (its labels average 1 by construction).
constexpr double kSpreadFloor = 0.1;
// Calibration records per fold below which no spread model is fitted.
constexpr std::size_t kSpreadFoldRecords = 20;

struct SpreadFit {
  std::vector<double> factors;  // per calibration record, from a model that did not see it
  std::string json;             // the model to store
};

// Fits the spread model to `labels` of the calibration records `index` (rows of `rows`). The
// records are cut into options.folds folds; fold f is predicted by a model fitted on the others
// but fold f + 1, which stops it early; the stored model is fitted on every fold but the first,
// which stops it early.
SpreadFit fit_spread(const TrainingRows& rows, const std::vector<std::size_t>& index,
                     const std::vector<double>& labels, const FitOptions& options,
                     const std::string& target, io::ProgressBar& bar) {
  TrainingRows cal = select_rows(rows, index);
  cal.labels.assign(labels.begin(), labels.end());
  const Hyperparameters h = spread_hyperparameters();
  const int folds = options.folds;
  const auto fold_rows = fold_partition(cal.size(), options.seed, folds);
  const auto fit_without = [&](int held, int stop, std::uint64_t seed) {
    return fit_member(select_rows(cal, rows_without(fold_rows, held, stop)),
                      select_rows(cal, fold_rows[stop]), h, seed, options.threads)
        .json;
  };
  bar.set_note(target + " spread model");
  SpreadFit out;
  out.factors.assign(cal.size(), 1.0);
  const std::size_t cols = space::kNumDecisions;
  std::vector<double> x(cols);
  for (int f = 0; f < folds; ++f) {
    const TreeEnsemble model = TreeEnsemble::from_xgboost_json(
        {fit_without(f, (f + 1) % folds, options.seed + static_cast<std::uint64_t>(f))},
        {target + " spread model " + std::to_string(f)});
    for (const std::size_t i : fold_rows[f]) {
      for (std::size_t c = 0; c < cols; ++c) x[c] = cal.features[i * cols + c];
      double value = 0.0;
      model.predict_members(x.data(), &value);
      out.factors[i] = std::max(value, kSpreadFloor);
    }
  }
  out.json = fit_without(-1, 0, options.seed);
  return out;
}

// The target's values (its unit) of the records that have one, in record order.
std::vector<double> target_values(const data::Dataset& records, const std::string& target) {
  std::vector<double> out;
  for (const auto& r : records.records()) {
    if (const auto value = r.target(target)) out.push_back(*value);
  }
  return out;
}

// Noise of one new run / measurement: seed spread of the ablation's repeated runs for
// accuracy, val_top5 and train_time, the records' measurement std for device targets. Empty
// when nothing to learn it from.
NoiseModel learn_noise(const data::Dataset& train, const std::string& target,
                       const std::filesystem::path& seed_runs) {
  const std::string metric = data::target_info(target).metric;
  if (metric == "throughput" || metric == "latency") {
    std::vector<double> means, stds;
    for (const auto& r : train.records()) {
      const auto it = r.perf.find(target);
      if (it != r.perf.end() && it->second.mean && it->second.std) {
        means.push_back(*it->second.mean);
        stds.push_back(*it->second.std);
      }
    }
    if (means.empty()) return {};
    return fit_relative_spread(means, stds, "records' " + metric + "_std");
  }
  if (seed_runs.empty()) return {};
  const SeedRuns runs = read_seed_runs(seed_runs);
  const std::string source = seed_runs.string() + " (" + std::to_string(runs.top1.size()) +
                             " architectures x " + std::to_string(runs.seeds) + " seeds)";
  if (metric == "accuracy") return fit_seed_spread(runs.top1, source);
  if (metric == "val_top5") return fit_seed_spread(runs.top5, source);
  return fit_relative_spread(runs.train_time, source);
}

TargetResult fit_target(const data::Dataset& train, const std::string& target,
                        const FitOptions& options, io::ProgressBar& bar) {
  const auto start = std::chrono::steady_clock::now();
  const data::TargetInfo info = data::target_info(target);
  TargetResult result;
  TargetEntry& entry = result.entry;
  entry.name = target;
  entry.unit = info.unit;
  entry.direction = info.direction == data::Direction::kMaximize ? "maximize" : "minimize";
  entry.hyperparameters = options.hyperparameters.for_target(target);
  if (options.members > 0) entry.hyperparameters.members = options.members;
  entry.transform = fitted_transform(train, target, entry.hyperparameters.transform);
  const TrainingRows rows = training_rows(train, target, entry.transform);
  if (rows.size() < static_cast<std::size_t>(options.folds) * 2) {
    throw std::invalid_argument("target " + target + ": only " + std::to_string(rows.size()) +
                                " training records have a value (need at least " +
                                std::to_string(options.folds * 2) + ")");
  }
  const std::vector<double> values = target_values(train, target);
  std::vector<double> held_sum(rows.size(), 0.0);
  std::vector<int> held_count(rows.size(), 0);
  for (int k = 0; k < entry.hyperparameters.members; ++k) {
    const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(k);
    const int fold = k % options.folds;
    const auto [fit_index, stop_index] =
        member_split(rows.size(), options.seed, fold, options.folds);
    bar.set_note(target + " member " + std::to_string(k + 1) + "/" +
                 std::to_string(entry.hyperparameters.members));
    const MemberFit member = fit_member(select_rows(rows, fit_index), select_rows(rows, stop_index),
                                        entry.hyperparameters, seed, options.threads);
    MemberFile file;
    file.file = target + "/member_" + std::to_string(k) + ".json";
    file.sha256 = io::sha256_hex(member.json);
    file.seed = seed;
    file.fold = fold;
    for (std::size_t i = 0; i < stop_index.size(); ++i) {
      held_sum[stop_index[i]] += entry.transform.invert(member.held_out[i]);
      ++held_count[stop_index[i]];
    }
    file.rounds = member.rounds;
    file.n_train = fit_index.size();
    file.n_early_stop = stop_index.size();
    entry.members.push_back(file);
    result.texts.push_back(member.json);
    bar.advance(1);
  }
  // Calibration-only fits of the folds no member holds back (FitOptions::Calibration).
  const bool few_members = entry.hyperparameters.members < options.folds;
  const bool fold_ensembles =
      few_members && options.calibration == FitOptions::Calibration::kFoldEnsembles;
  const bool measured_factor =
      few_members && options.calibration == FitOptions::Calibration::kMeasuredFactor;
  for (int fold = entry.hyperparameters.members;
       (options.calibration == FitOptions::Calibration::kEveryFold || measured_factor) &&
       fold < options.folds;
       ++fold) {
    const auto [fit_index, stop_index] =
        member_split(rows.size(), options.seed, fold, options.folds);
    bar.set_note(target + " calibration fold " + std::to_string(fold + 1) + "/" +
                 std::to_string(options.folds));
    const MemberFit extra = fit_member(
        select_rows(rows, fit_index), select_rows(rows, stop_index), entry.hyperparameters,
        options.seed + static_cast<std::uint64_t>(fold), options.threads);
    for (std::size_t i = 0; i < stop_index.size(); ++i) {
      held_sum[stop_index[i]] += entry.transform.invert(extra.held_out[i]);
      ++held_count[stop_index[i]];
    }
  }
  std::vector<double> predicted, measured;
  std::vector<std::size_t> calibrated;  // the rows of predicted/measured
  FoldEnsembles ensembles;
  if (fold_ensembles || measured_factor) {
    ensembles = fold_ensemble_predictions(
        rows, entry, options, fold_ensembles ? options.folds : options.factor_folds, bar);
  }
  if (fold_ensembles) {
    predicted = ensembles.mean;
    measured = values;
    calibrated.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) calibrated[i] = i;
  } else {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (held_count[i] == 0) continue;
      predicted.push_back(held_sum[i] / held_count[i]);
      measured.push_back(values[i]);
      calibrated.push_back(i);
    }
  }
  if (predicted.size() >= static_cast<std::size_t>(2 * options.calibration_bins)) {
    const double variance = fold_ensembles    ? 0.0
                            : measured_factor ? measured_member_variance(ensembles, entry.transform,
                                                                         predicted, measured)
                                              : member_variance(result.texts, rows, options.seed);
    entry.calibration =
        fit_calibration(entry.transform, predicted, measured, options.calibration_bins, variance);
    if (options.spread_model == FitOptions::SpreadModel::kStumps &&
        predicted.size() >= kSpreadFoldRecords * static_cast<std::size_t>(options.folds)) {
      const SpreadFit spread = fit_spread(
          rows, calibrated, spread_labels(entry.calibration, entry.transform, predicted, measured),
          options, target, bar);
      entry.calibration = fit_calibration(entry.transform, predicted, measured,
                                          options.calibration_bins, variance, spread.factors);
      entry.calibration.spread_file = target + "/spread.json";
      entry.calibration.spread_sha256 = io::sha256_hex(spread.json);
      entry.calibration.spread_floor = kSpreadFloor;
      result.spread_text = spread.json;
    }
  }
  entry.noise = learn_noise(train, target, options.seed_runs);
  entry.fit_seconds = seconds_since(start);
  return result;
}

}  // namespace

namespace {

// An option's values by name, in the order the command line lists them.
template <typename E>
using NameTable = std::pair<const char*, E>;

const NameTable<FitOptions::Calibration> kCalibrationNames[] = {
    {"all", FitOptions::Calibration::kEveryFold},
    {"members", FitOptions::Calibration::kMemberFolds},
    {"ensembles", FitOptions::Calibration::kFoldEnsembles},
    {"measured", FitOptions::Calibration::kMeasuredFactor}};

const NameTable<FitOptions::SpreadModel> kSpreadModelNames[] = {
    {"stumps", FitOptions::SpreadModel::kStumps}, {"binned", FitOptions::SpreadModel::kBinned}};

template <typename E, std::size_t N>
std::vector<std::string> names_of(const NameTable<E> (&table)[N]) {
  std::vector<std::string> out;
  for (const auto& [name, value] : table) out.push_back(name);
  return out;
}

// The value named `name`; otherwise std::invalid_argument "<field>: got '<name>'; must be one of
// <names>".
template <typename E, std::size_t N>
E from_name(const NameTable<E> (&table)[N], const std::string& name, const char* field) {
  for (const auto& [known, value] : table) {
    if (name == known) return value;
  }
  std::string choices;
  for (const std::string& known : names_of(table)) choices += (choices.empty() ? "" : ", ") + known;
  throw std::invalid_argument(std::string(field) + ": got '" + name + "'; must be one of " +
                              choices);
}

}  // namespace

const std::vector<std::string>& FitOptions::calibration_names() {
  static const std::vector<std::string> names = names_of(kCalibrationNames);
  return names;
}

FitOptions::Calibration FitOptions::calibration_from_name(const std::string& name) {
  return from_name(kCalibrationNames, name, "calibration_folds");
}

const std::vector<std::string>& FitOptions::spread_model_names() {
  static const std::vector<std::string> names = names_of(kSpreadModelNames);
  return names;
}

FitOptions::SpreadModel FitOptions::spread_model_from_name(const std::string& name) {
  return from_name(kSpreadModelNames, name, "spread_model");
}

void FitOptions::validate() const {
  for (const auto& t : targets) {
    if (!data::is_target_name(t)) {
      throw std::invalid_argument("FitOptions.targets: '" + t +
                                  "' is not a target name "
                                  "(accuracy, val_top5, train_time, throughput_<device> or "
                                  "latency_<device>)");
    }
  }
  if (members < 0 || members > 1000) {
    throw std::invalid_argument("FitOptions.members = " + std::to_string(members) +
                                ": must be in 0..1000 (0 = per-target default)");
  }
  if (folds < 2 || folds > 100) {
    throw std::invalid_argument("FitOptions.folds = " + std::to_string(folds) +
                                ": must be in 2..100");
  }
  if (factor_folds < 1 || factor_folds > 100) {
    throw std::invalid_argument("FitOptions.factor_folds = " + std::to_string(factor_folds) +
                                ": must be in 1..100");
  }
  if (calibration_bins < 1 || calibration_bins > 100) {
    throw std::invalid_argument("FitOptions.calibration_bins = " +
                                std::to_string(calibration_bins) + ": must be in 1..100");
  }
  if (!seed_runs.empty() && !std::filesystem::is_directory(seed_runs)) {
    throw std::invalid_argument("FitOptions.seed_runs = " + seed_runs.string() +
                                ": not a directory (expected the proxy ablation's folder of "
                                "proxified-seed<k>.csv)");
  }
  if (threads < 1 || threads > 256) {
    throw std::invalid_argument("FitOptions.threads = " + std::to_string(threads) +
                                ": must be in 1..256");
  }
  hyperparameters.validate();
}

std::pair<std::vector<std::size_t>, std::vector<std::size_t>> early_stopping_split(
    std::size_t n, std::uint64_t seed, int folds) {
  if (folds < 2) {
    throw std::invalid_argument("early_stopping_split: " + std::to_string(n) +
                                " records cannot be cut into " + std::to_string(folds) + " folds");
  }
  return member_split(n, seed, static_cast<int>(seed % static_cast<std::uint64_t>(folds)), folds);
}

std::pair<std::vector<std::size_t>, std::vector<std::size_t>> member_split(
    std::size_t n, std::uint64_t partition_seed, int fold, int folds) {
  if (folds < 2 || n < static_cast<std::size_t>(folds) || fold < 0 || fold >= folds) {
    throw std::invalid_argument("member_split: " + std::to_string(n) +
                                " records cannot be cut into " + std::to_string(folds) +
                                " folds to hold back fold " + std::to_string(fold));
  }
  const std::uint64_t seed = partition_seed;
  stats::Rng rng(seed);
  const std::vector<std::size_t> order = stats::shuffled_indices(n, rng);
  const auto k = static_cast<std::size_t>(folds);
  const auto held = static_cast<std::size_t>(fold);
  std::vector<std::size_t> fit, stop;
  for (std::size_t i = 0; i < n; ++i) (i % k == held ? stop : fit).push_back(order[i]);
  std::sort(fit.begin(), fit.end());
  std::sort(stop.begin(), stop.end());
  return {fit, stop};
}

FitSummary fit_models(const data::Dataset& train, const data::Dataset& validation,
                      const FitOptions& options, const std::filesystem::path& out) {
  options.validate();
  check_model_dir_target(out);  // before the fit, not after it
  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::string> targets = chosen_targets(train, options);
  std::size_t total = 0;
  for (const auto& t : targets) {
    total += static_cast<std::size_t>(
        options.members > 0 ? options.members : options.hyperparameters.for_target(t).members);
  }
  io::ProgressOptions progress_options;
  progress_options.quiet = !options.progress;
  io::ProgressBar bar("fit", total, progress_options);

  FitSummary summary;
  Manifest& manifest = summary.manifest;
  manifest.xgboost_version = xgb::version();
  manifest.data_fingerprint = train.fingerprint();
  manifest.data_sources = options.data_sources;
  manifest.created_by = std::string("anb ") + kVersion;
  std::map<std::string, std::string> files;
  summary.validation_also_fitted = validation.shared_ids(train);
  for (const auto& t : targets) {
    TargetResult r = fit_target(train, t, options, bar);
    if (!validation.empty()) {
      std::vector<std::string> names;
      for (const auto& m : r.entry.members) names.push_back(m.file);
      TreeEnsemble spread;
      if (!r.spread_text.empty()) {
        spread =
            TreeEnsemble::from_xgboost_json({r.spread_text}, {r.entry.calibration.spread_file});
      }
      const TargetModel model(r.entry, TreeEnsemble::from_xgboost_json(r.texts, names),
                              std::move(spread));
      const TargetValidation v = measure_target(model, validation);
      if (v.ensemble.n > 0) {
        r.entry.validation = validation_json(v, summary.validation_also_fitted);
        summary.validation.push_back(v);
      }
    }
    for (std::size_t k = 0; k < r.texts.size(); ++k) {
      summary.bytes += r.texts[k].size();
      files[r.entry.members[k].file] = std::move(r.texts[k]);
    }
    if (!r.spread_text.empty()) {
      summary.bytes += r.spread_text.size();
      files[r.entry.calibration.spread_file] = std::move(r.spread_text);
    }
    manifest.targets.push_back(std::move(r.entry));
  }
  bar.finish();
  write_model_dir(out, manifest, files);
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace anb::surrogate
