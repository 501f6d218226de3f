#include "fit_member.h"

#include <cstdio>
#include <numeric>

#include "xgboost_booster.h"

namespace anb::surrogate {
namespace {

std::string num(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> xgboost_params(const Hyperparameters& h,
                                                                std::uint64_t seed, int threads,
                                                                double base_score) {
  return {{"validate_parameters", "1"},
          {"verbosity", "0"},
          {"booster", "gbtree"},
          {"objective", "reg:squarederror"},
          {"eval_metric", "rmse"},
          {"tree_method", h.tree_method},
          {"max_depth", std::to_string(h.max_depth)},
          {"grow_policy", h.grow_policy},
          {"max_leaves", std::to_string(h.max_leaves)},
          {"eta", num(h.learning_rate)},
          {"min_child_weight", num(h.min_child_weight)},
          {"subsample", num(h.subsample)},
          {"colsample_bytree", num(h.colsample_bytree)},
          {"colsample_bylevel", num(h.colsample_bylevel)},
          {"lambda", num(h.lambda)},
          {"alpha", num(h.alpha)},
          {"seed", std::to_string(seed % 2147483647u)},
          {"nthread", std::to_string(threads)},
          {"base_score", num(base_score)}};
}

TrainingRows select_rows(const TrainingRows& rows, const std::vector<std::size_t>& index) {
  const std::size_t cols = rows.features.size() / std::max<std::size_t>(rows.size(), 1);
  TrainingRows out;
  for (std::size_t i : index) {
    out.features.insert(out.features.end(), rows.features.begin() + static_cast<std::ptrdiff_t>(i * cols),
                        rows.features.begin() + static_cast<std::ptrdiff_t>((i + 1) * cols));
    out.labels.push_back(rows.labels[i]);
  }
  return out;
}

MemberFit fit_member(const TrainingRows& fit, const TrainingRows& stop, const Hyperparameters& h,
                     std::uint64_t seed, int threads) {
  const std::size_t cols = fit.features.size() / fit.size();
  const xgb::DMatrix train(fit.features, fit.size(), cols, fit.labels);
  const xgb::DMatrix held(stop.features, stop.size(), cols, stop.labels);
  xgb::Booster booster({&train, &held});
  const double base =
      std::accumulate(fit.labels.begin(), fit.labels.end(), 0.0) / static_cast<double>(fit.size());
  for (const auto& [name, value] : xgboost_params(h, seed, threads, base)) {
    booster.set_param(name, value);
  }
  MemberFit result;
  int best = -1;
  for (int round = 0; round < h.num_rounds; ++round) {
    booster.update(round, train);
    const double rmse = booster.eval_rmse(round, held);
    if (best < 0 || rmse < result.best_rmse) {
      best = round;
      result.best_rmse = rmse;
    } else if (round - best >= h.early_stopping_rounds) {
      break;
    }
  }
  result.rounds = best + 1;
  const xgb::Booster kept =
      result.rounds < booster.rounds() ? booster.slice(0, result.rounds) : std::move(booster);
  result.json = kept.to_json();
  result.held_out = kept.predict_dense(stop.features.data(), stop.size(), cols);
  return result;
}

}  // namespace anb::surrogate
