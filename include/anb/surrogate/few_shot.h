#pragma once
// Few-shot fits of a new device from a handful of measured architectures, built on the devices
// the benchmark already knows (docs/add-a-device.md).
//
// Every architecture is described by the log predictions of the known devices' surrogates (the
// "prior targets", e.g. throughput_a100 ... latency_vck190), optionally its log MACs and log
// parameters, and the original 28-value encoding. A new device's log(value) is then fitted as
//
//   best_prior   a + b * log(prior_j): the one prior target whose map has the lowest
//                leave-one-out error on the measured records (chosen automatically);
//   stack        a ridge regression over all linear columns, the ridge strength chosen by exact
//                leave-one-out error;
//   shrunk       best_prior plus `correction_scale` of a ridge correction over all columns,
//                kept only when its leave-one-out error is lower (so few records fall back to
//                the best prior);
//   *_trees      (stack_trees, shrunk_trees) plus small XGBoost trees on the encoding and the
//                linear columns, fitted to the residuals, their number of rounds chosen by 5-fold
//                cross-validation (none is a choice); only from `min_tree_records` records on.
//
// Nothing here sees records other than those passed in: the caller decides which are "measured".

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "anb/space/architecture.h"
#include "anb/space/search_space.h"
#include "anb/stats/metrics.h"

namespace anb::surrogate {

class Benchmark;

// What a few-shot fit looks like.
struct FewShotOptions {
  std::string method = "shrunk_trees";  // one of few_shot_methods()
  // Residual trees of the *_trees methods: the number of rounds is chosen among
  // tree_round_grid (or none) by 5-fold cross-validation on the measured records.
  std::vector<int> tree_round_grid{10, 30, 100};
  int tree_max_depth = 2;
  double tree_learning_rate = 0.1;
  double tree_min_child_weight = 3.0;
  std::size_t min_tree_records = 20;  // fewer records: no trees
  // shrunk*: share of the ridge correction applied (1 = all of it; 0.7 chosen by the transfer
  // benchmark: 0.5, 0.7 and 1 within 0.005 of each other, 0.7 and 0.5 ahead of 1 at every N).
  double correction_scale = 0.7;
  // Fewer records than this throw (a fit from fewer is meaningless).
  std::size_t min_records = 5;
  std::uint64_t seed = 1;
  int threads = 1;

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

// The methods `FewShotOptions::method` accepts.
const std::vector<std::string>& few_shot_methods();

// The inputs of a few-shot fit for some architectures (rows).
struct FewShotInputs {
  std::vector<std::string> columns;  // linear columns: "log(<prior target>)", "log(mmacs)", ...
  std::size_t num_priors = 0;        // the first num_priors columns are prior targets
  std::vector<double> linear;        // rows x columns.size(), row-major
  std::vector<float> encoded;        // rows x kNumDecisions, row-major (for the trees)
  std::size_t rows = 0;

  // Rows `index`, in that order.
  FewShotInputs select(const std::vector<std::size_t>& index) const;
  // Value of column c of row r.
  double at(std::size_t r, std::size_t c) const { return linear[r * columns.size() + c]; }
};

// The inputs for `archs`: log predictions (ensemble means) of `prior_targets` of `priors` and,
// with `analytic`, log MMACs and log M params. Throws std::invalid_argument naming the target and
// the directory when `priors` lacks one, and when a prediction is not positive. With `stages`,
// also the log MMACs of each of the 7 stages (convolutions of the MBConv layers).
FewShotInputs few_shot_inputs(const Benchmark& priors,
                              const std::vector<std::string>& prior_targets,
                              const std::vector<space::Architecture>& archs, bool analytic,
                              bool stages = false);

// A fitted few-shot model (predicts in the target's unit: exp of the log-space prediction).
class FewShotModel {
 public:
  // Predictions for the rows of `inputs` (same columns as the fit).
  std::vector<double> predict(const FewShotInputs& inputs) const;

  const std::string& method() const { return method_; }
  // best_prior: the prior chosen; stack: the column with the largest standardized weight.
  const std::string& leading_column() const { return leading_; }
  // Weight per linear column in log space (unstandardized; 0 for unused columns).
  const std::vector<double>& weights() const { return weights_; }
  double intercept() const { return intercept_; }
  // The chosen ridge strength (standardized columns) and its leave-one-out RMSE in log space.
  double ridge_lambda() const { return lambda_; }
  double loo_rmse() const { return loo_rmse_; }
  // Whether residual trees were added, and how many rounds.
  bool has_trees() const { return !trees_json_.empty(); }
  int tree_rounds() const { return tree_rounds_; }

 private:
  friend FewShotModel fit_few_shot(const FewShotInputs&, const std::vector<double>&,
                                   const FewShotOptions&);
  std::string method_;
  std::string leading_;
  std::vector<double> weights_;
  double intercept_ = 0.0;
  double lambda_ = 0.0;
  double loo_rmse_ = 0.0;
  int tree_rounds_ = 0;
  std::string trees_json_;  // XGBoost JSON of the residual trees, empty without
};

// Fits `values` (in the target's unit, all > 0; one per row of `inputs`). Throws
// std::invalid_argument for fewer than options.min_records rows, mismatched sizes or a
// non-positive or non-finite value (naming its row).
FewShotModel fit_few_shot(const FewShotInputs& inputs, const std::vector<double>& values,
                          const FewShotOptions& options);

// Held-out predictions of `values` by `folds`-fold cross-validation (seeded by options.seed;
// folds = rows gives leave-one-out): each row is predicted by a fit that did not see it.
std::vector<double> cross_validated_predictions(const FewShotInputs& inputs,
                                                const std::vector<double>& values,
                                                const FewShotOptions& options, int folds);

// Share of predictions within +-`tolerance` (relative) of the measured values.
double share_within(const std::vector<double>& measured, const std::vector<double>& predicted,
                    double tolerance);

// Chooses `n` of the rows of `candidates` to measure: a diverse set in the space of the
// standardized linear columns (greedy farthest-point, starting from a seeded random row), so the
// measured architectures span the range of the known devices' predictions. Throws
// std::invalid_argument when n is 0 or exceeds the rows.
std::vector<std::size_t> select_diverse(const FewShotInputs& candidates, std::size_t n,
                                        std::uint64_t seed);

}  // namespace anb::surrogate
