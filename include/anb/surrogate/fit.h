#pragma once
// Fitting surrogate ensembles with XGBoost: one ensemble per target, members that differ by seed
// and by early-stopping fold, written as a model directory (model_dir.h).
//
// Member k of a target (XGBoost seed s = options.seed + k) is fitted on the training records that
// have a value for the target, minus one early-stopping fold: the records are shuffled once with
// options.seed and cut into `folds` folds, fold k mod folds is held back, and boosting stops
// after `early_stopping_rounds` rounds without a lower RMSE on it; the rounds up to the best one
// are kept. (The original used KFold(9, shuffle, random_state=s), fold s mod 9, a new shuffle per
// member.) Because all members share one partition, every record of a held-back fold has
// out-of-fold predictions from the members that did not fit on it: they calibrate the target's
// prediction intervals (calibration.h). The validation records are never used for fitting: they
// only measure the finished ensemble.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/stats/metrics.h"
#include "anb/surrogate/hyperparameters.h"
#include "anb/surrogate/model_dir.h"

namespace anb::surrogate {

// Options of `fit_models`.
struct FitOptions {
  // Targets to fit; empty means every target present in the training records.
  std::vector<std::string> targets;
  // Members per ensemble; 0 keeps each target's `members` hyperparameter.
  int members = 0;
  // Seed of member 0 (member k uses seed + k).
  std::uint64_t seed = 1;
  // Number of folds the early-stopping fold is cut from.
  int folds = 9;
  // XGBoost threads.
  int threads = 2;
  // Per-target settings (defaults: config/surrogate_defaults.json).
  HyperparameterSet hyperparameters = HyperparameterSet::defaults();
  // Progress bar on stderr when it is a terminal.
  bool progress = true;
  // Equal-count bins of the interval scale function (calibration.h).
  int calibration_bins = 10;
  // Which out-of-fold predictions calibrate the intervals (calibration.h). Only matters for
  // targets with fewer members than folds; extra models are fitted for the calibration only and
  // not stored, so queries are unchanged.
  enum class Calibration {
    // The folds the members hold back (3-member ensembles: 3/9 of the records); single members'
    // predictions, corrected by the members' variance at new architectures.
    kMemberFolds,
    // Also one model per fold no member holds back: every record calibrates (as above).
    kEveryFold,
    // For every fold f, as many models as the target has members, each holding back f and a
    // different other fold (early stopping on that one), predict f; their mean errs like the
    // ensemble's, so no variance correction is needed (fold count x members fits).
    kFoldEnsembles,
    // kEveryFold's records, with the ensemble factor measured on kFoldEnsembles' models of the
    // first `factor_folds` folds (their mean's squared error over a single model's) instead of
    // the members' variance (factor_folds x members fits).
    kMeasuredFactor,
  };
  Calibration calibration = Calibration::kMeasuredFactor;
  // Folds whose ensembles measure the factor (kMeasuredFactor); the folds count if larger.
  int factor_folds = 3;
  // The interval's spread model (calibration.h): kBinned, a function of the predicted value
  // only; kStumps, that times a per-architecture factor (boosted stumps over the 28 choices,
  // fitted to the calibration records' errors, stored as <target>/spread.json). Queries of the
  // mean are the same either way.
  enum class SpreadModel { kBinned, kStumps };
  SpreadModel spread_model = SpreadModel::kStumps;
  // Folder of the proxy ablation's repeated training runs (proxified-seed<k>.csv): the noise
  // model of accuracy, val_top5 and train_time is learnt from it. Empty: no noise model for them.
  std::filesystem::path seed_runs;
  // Where the data came from (recorded in the manifest).
  std::vector<std::string> data_sources;

  // Throws std::invalid_argument naming the field, value and rule (also for malformed target
  // names).
  void validate() const;

  // The calibration named as on the command line and in Python: "measured" (kMeasuredFactor),
  // "all" (kEveryFold), "members" (kMemberFolds) or "ensembles" (kFoldEnsembles); anything else
  // throws std::invalid_argument naming the value and the choices.
  static Calibration calibration_from_name(const std::string& name);
  // Every name calibration_from_name takes (the choices of `anb fit --calibration-folds`).
  static const std::vector<std::string>& calibration_names();

  // The spread model named as on the command line and in Python: "stumps" or "binned";
  // anything else throws std::invalid_argument naming the value and the choices.
  static SpreadModel spread_model_from_name(const std::string& name);
  // Every name spread_model_from_name takes (the choices of `anb fit --spread-model`).
  static const std::vector<std::string>& spread_model_names();
};

// Interval levels `anb eval` reports.
inline constexpr double kEvalLevels[] = {0.5, 0.8, 0.9, 0.95};

// How one level's calibrated intervals did on records.
struct IntervalQuality {
  double level = 0.0;
  double coverage = 0.0;    // fraction of measured values inside their interval
  double mean_width = 0.0;  // mean of upper - lower, target unit
  // Width of the constant-width interval (mean +- w, same w for every record) with the same
  // coverage on these records: 2 x the `coverage` quantile of |measured - mean|. An oracle
  // (chosen on the records themselves), so calibrated intervals should be narrower.
  double constant_width = 0.0;
};

// Quality of one target's ensemble on the validation records.
struct TargetValidation {
  std::string target;
  stats::RegressionMetrics ensemble;     // of the ensemble mean
  stats::RegressionMetrics single_mean;  // mean of each metric over single members
  std::vector<double> measured;          // the records' values, in record order
  std::vector<double> predicted;         // the ensemble means for them
  // Calibrated intervals at the levels of kEvalLevels (empty without calibration).
  std::vector<IntervalQuality> intervals;
  // How much of the ensemble's error the target's noise model explains (noise.h; empty for a
  // target without a noise model).
  std::optional<NoiseFloor> noise_floor;
};

// What `fit_models` did.
struct FitSummary {
  Manifest manifest;
  std::vector<TargetValidation> validation;  // empty when no validation records were given
  // Validation records that are also training records (by id): when > 0 the validation figures
  // are not held out (also in each target's manifest "validation" as "also_fitted").
  std::size_t validation_also_fitted = 0;
  std::uintmax_t bytes = 0;  // size of all member files
  double seconds = 0.0;
};

// The records (indices into 0..n) of one member: (fit, early-stopping fold), each sorted.
// Shuffles 0..n-1 with stats::Rng(seed) and holds back fold seed % folds (every folds-th
// element of the shuffle). Throws std::invalid_argument if n < folds.
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> early_stopping_split(
    std::size_t n, std::uint64_t seed, int folds);

// The records of member `fold` when 0..n-1 are shuffled with stats::Rng(partition_seed) and cut
// into `folds` folds (every folds-th element of the shuffle): (fit, held-back fold `fold`), each
// sorted. Throws std::invalid_argument if n < folds or fold is outside 0..folds-1.
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> member_split(
    std::size_t n, std::uint64_t partition_seed, int fold, int folds);

// Fits every requested target on `train` and measures it on `validation` (may be empty), then
// writes the model directory `out` atomically. Throws std::invalid_argument for a requested
// target absent from the training data, and std::runtime_error for XGBoost or I/O failures.
FitSummary fit_models(const data::Dataset& train, const data::Dataset& validation,
                      const FitOptions& options, const std::filesystem::path& out);

// Metrics of each target of a model directory on `records` (those with a value for the target):
// ensemble mean and mean over single members. Targets without such records are left out.
std::vector<TargetValidation> evaluate_models(const std::filesystem::path& models,
                                              const data::Dataset& records,
                                              const std::vector<std::string>& targets = {});

}  // namespace anb::surrogate
