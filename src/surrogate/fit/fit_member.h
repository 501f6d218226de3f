#pragma once
// Private: fitting one ensemble member with XGBoost (early stopping on a held-back fold).

#include <cstdint>
#include <string>
#include <vector>

#include "anb/surrogate/hyperparameters.h"

namespace anb::surrogate {

// Training rows of one target: features (row-major n x 28, float) and transformed labels.
struct TrainingRows {
  std::vector<float> features;
  std::vector<float> labels;
  std::size_t size() const { return labels.size(); }
};

// A fitted member: its XGBoost JSON model and the number of rounds kept.
struct MemberFit {
  std::string json;
  int rounds = 0;
  double best_rmse = 0.0;
  // The kept model's outputs (fit space) for the early-stopping rows, in their order.
  std::vector<float> held_out;
};

// The XGBoost training parameters of `h` (name, value) for `seed` and `threads`, with
// base_score set to `base_score`.
std::vector<std::pair<std::string, std::string>> xgboost_params(const Hyperparameters& h,
                                                                std::uint64_t seed, int threads,
                                                                double base_score);

// Rows `index` of `rows`.
TrainingRows select_rows(const TrainingRows& rows, const std::vector<std::size_t>& index);

// Boosts on `fit` until `h.early_stopping_rounds` rounds pass without a lower RMSE on `stop`
// (or h.num_rounds), and keeps the rounds up to the best one.
MemberFit fit_member(const TrainingRows& fit, const TrainingRows& stop, const Hyperparameters& h,
                     std::uint64_t seed, int threads);

}  // namespace anb::surrogate
