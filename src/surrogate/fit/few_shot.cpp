#include "anb/surrogate/few_shot.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "anb/space/cost.h"
#include "anb/space/network_shape.h"
#include "anb/stats/random.h"
#include "anb/stats/shuffle.h"
#include "anb/surrogate/benchmark.h"
#include "fit_member.h"
#include "ridge.h"
#include "xgboost_booster.h"

namespace anb::surrogate {
namespace {

constexpr std::size_t kCols = space::kNumDecisions;

// Log-space labels; throws for a value that has no logarithm.
std::vector<double> log_values(const std::vector<double>& values) {
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] > 0.0) || !std::isfinite(values[i])) {
      throw std::invalid_argument("few-shot fit: value " + std::to_string(values[i]) + " of row " +
                                  std::to_string(i) + " is not a positive finite number");
    }
    out[i] = std::log(values[i]);
  }
  return out;
}

// Columns `cols` of `inputs` as a row-major matrix.
std::vector<double> columns_of(const FewShotInputs& inputs, const std::vector<std::size_t>& cols) {
  std::vector<double> x;
  x.reserve(inputs.rows * cols.size());
  for (std::size_t r = 0; r < inputs.rows; ++r) {
    for (std::size_t c : cols) x.push_back(inputs.at(r, c));
  }
  return x;
}

Hyperparameters tree_hyperparameters(const FewShotOptions& o) {
  Hyperparameters h;
  h.max_depth = o.tree_max_depth;
  h.grow_policy = "depthwise";
  h.max_leaves = 0;
  h.learning_rate = o.tree_learning_rate;
  h.min_child_weight = o.tree_min_child_weight;
  h.tree_method = "exact";
  return h;
}

// Tree features of every row: the encoding, then the linear columns.
std::vector<float> tree_features(const FewShotInputs& inputs) {
  const std::size_t p = inputs.columns.size();
  std::vector<float> out;
  out.reserve(inputs.rows * (kCols + p));
  for (std::size_t r = 0; r < inputs.rows; ++r) {
    out.insert(out.end(), inputs.encoded.begin() + static_cast<std::ptrdiff_t>(r * kCols),
               inputs.encoded.begin() + static_cast<std::ptrdiff_t>((r + 1) * kCols));
    for (std::size_t c = 0; c < p; ++c) out.push_back(static_cast<float>(inputs.at(r, c)));
  }
  return out;
}

xgb::Booster boost(const FewShotInputs& inputs, const std::vector<double>& residuals,
                   const FewShotOptions& o, int rounds) {
  const std::vector<float> labels(residuals.begin(), residuals.end());
  const xgb::DMatrix train(tree_features(inputs), inputs.rows, kCols + inputs.columns.size(),
                           labels);
  xgb::Booster booster({&train});
  for (const auto& [name, value] :
       xgboost_params(tree_hyperparameters(o), o.seed, o.threads, 0.0)) {
    booster.set_param(name, value);
  }
  for (int round = 0; round < rounds; ++round) booster.update(round, train);
  return booster;
}

// The number of rounds (0 or one of o.tree_round_grid) with the lowest 5-fold cross-validated
// error of the residuals.
int choose_tree_rounds(const FewShotInputs& inputs, const std::vector<double>& residuals,
                       const FewShotOptions& o) {
  const std::size_t folds = 5;
  stats::Rng rng(o.seed ^ 0x7265736964756cULL);
  const std::vector<std::size_t> order = stats::shuffled_indices(inputs.rows, rng);
  const int most = *std::max_element(o.tree_round_grid.begin(), o.tree_round_grid.end());
  std::vector<double> sse(o.tree_round_grid.size(), 0.0);
  double sse_none = 0.0;
  for (std::size_t f = 0; f < folds; ++f) {
    std::vector<std::size_t> fit, held;
    for (std::size_t i = 0; i < order.size(); ++i)
      (i % folds == f ? held : fit).push_back(order[i]);
    std::vector<double> fit_residuals;
    for (std::size_t i : fit) fit_residuals.push_back(residuals[i]);
    const xgb::Booster booster = boost(inputs.select(fit), fit_residuals, o, most);
    const FewShotInputs held_inputs = inputs.select(held);
    const std::vector<float> x = tree_features(held_inputs);
    for (std::size_t g = 0; g < o.tree_round_grid.size(); ++g) {
      const xgb::Booster part = booster.slice(0, o.tree_round_grid[g]);
      const std::vector<float> t =
          part.predict_dense(x.data(), held.size(), kCols + inputs.columns.size());
      for (std::size_t i = 0; i < held.size(); ++i) {
        const double e = residuals[held[i]] - static_cast<double>(t[i]);
        sse[g] += e * e;
      }
    }
    for (std::size_t i : held) sse_none += residuals[i] * residuals[i];
  }
  int best = 0;
  double best_sse = sse_none;
  for (std::size_t g = 0; g < sse.size(); ++g) {
    if (sse[g] < best_sse) {
      best_sse = sse[g];
      best = o.tree_round_grid[g];
    }
  }
  return best;
}

// The best single prior column: (fit, column).
std::pair<RidgeFit, std::size_t> best_single_prior(const FewShotInputs& inputs,
                                                   const std::vector<double>& y) {
  RidgeFit best;
  best.loo_mse = std::numeric_limits<double>::infinity();
  std::size_t column = 0;
  for (std::size_t j = 0; j < inputs.num_priors; ++j) {
    const RidgeFit fit = fit_ridge(columns_of(inputs, {j}), y, 1, {1e-9});
    if (fit.loo_mse < best.loo_mse) {
      best = fit;
      column = j;
    }
  }
  return {best, column};
}

bool has_trees(const std::string& method) {
  return method.size() > 6 && method.compare(method.size() - 6, 6, "_trees") == 0;
}

}  // namespace

const std::vector<std::string>& few_shot_methods() {
  static const std::vector<std::string> methods{"best_prior", "stack", "stack_trees", "shrunk",
                                                "shrunk_trees"};
  return methods;
}

void FewShotOptions::validate() const {
  const auto& m = few_shot_methods();
  if (std::find(m.begin(), m.end(), method) == m.end()) {
    throw std::invalid_argument(
        "FewShotOptions.method = '" + method +
        "': must be best_prior, stack, stack_trees, shrunk or shrunk_trees");
  }
  if (tree_round_grid.empty()) {
    throw std::invalid_argument("FewShotOptions.tree_round_grid is empty");
  }
  for (int r : tree_round_grid) {
    if (r < 1 || r > 10000) {
      throw std::invalid_argument("FewShotOptions.tree_round_grid: " + std::to_string(r) +
                                  " rounds: must be in 1..10000");
    }
  }
  if (tree_max_depth < 1 || tree_max_depth > 8) {
    throw std::invalid_argument(
        "FewShotOptions.tree_max_depth = " + std::to_string(tree_max_depth) + ": must be in 1..8");
  }
  if (!(tree_learning_rate > 0.0 && tree_learning_rate <= 1.0)) {
    throw std::invalid_argument("FewShotOptions.tree_learning_rate = " +
                                std::to_string(tree_learning_rate) + ": must be in (0, 1]");
  }
  if (!(tree_min_child_weight >= 0.0)) {
    throw std::invalid_argument("FewShotOptions.tree_min_child_weight = " +
                                std::to_string(tree_min_child_weight) + ": must be >= 0");
  }
  if (!(correction_scale >= 0.0 && correction_scale <= 1.0)) {
    throw std::invalid_argument("FewShotOptions.correction_scale = " +
                                std::to_string(correction_scale) + ": must be in [0, 1]");
  }
  if (min_records < 3) {
    throw std::invalid_argument("FewShotOptions.min_records = " + std::to_string(min_records) +
                                ": must be >= 3");
  }
  if (threads < 1 || threads > 256) {
    throw std::invalid_argument("FewShotOptions.threads = " + std::to_string(threads) +
                                ": must be in 1..256");
  }
}

FewShotInputs FewShotInputs::select(const std::vector<std::size_t>& index) const {
  FewShotInputs out;
  out.columns = columns;
  out.num_priors = num_priors;
  out.rows = index.size();
  const std::size_t p = columns.size();
  for (std::size_t i : index) {
    if (i >= rows) throw std::out_of_range("FewShotInputs::select: row " + std::to_string(i));
    out.linear.insert(out.linear.end(), linear.begin() + static_cast<std::ptrdiff_t>(i * p),
                      linear.begin() + static_cast<std::ptrdiff_t>((i + 1) * p));
    out.encoded.insert(out.encoded.end(), encoded.begin() + static_cast<std::ptrdiff_t>(i * kCols),
                       encoded.begin() + static_cast<std::ptrdiff_t>((i + 1) * kCols));
  }
  return out;
}

namespace {

// MACs of each stage's MBConv convolutions (expand, depthwise, squeeze-excite, project).
std::array<double, 7> stage_macs(const space::Architecture& arch) {
  std::array<double, 7> out{};
  for (const space::LayerShape& l : space::network_shape(arch).layers) {
    const double in2 = static_cast<double>(l.in_size) * l.in_size;
    const double out2 = static_cast<double>(l.out_size) * l.out_size;
    double macs = static_cast<double>(l.expanded_channels) * l.kernel * l.kernel * out2 +
                  static_cast<double>(l.expanded_channels) * l.out_channels * out2 +
                  2.0 * l.expanded_channels * l.squeeze_channels;
    if (l.expand) macs += static_cast<double>(l.in_channels) * l.expanded_channels * in2;
    out[static_cast<std::size_t>(l.stage)] += macs;
  }
  return out;
}

}  // namespace

FewShotInputs few_shot_inputs(const Benchmark& priors,
                              const std::vector<std::string>& prior_targets,
                              const std::vector<space::Architecture>& archs, bool analytic,
                              bool stages) {
  if (prior_targets.empty()) {
    throw std::invalid_argument("few-shot inputs: no prior targets (the known devices)");
  }
  FewShotInputs in;
  in.rows = archs.size();
  in.num_priors = prior_targets.size();
  std::vector<std::vector<double>> cols;
  for (const auto& t : prior_targets) {
    if (!priors.has_target(t)) {
      throw std::invalid_argument("prior target " + t + " is not in the model directory " +
                                  priors.directory().string());
    }
    std::vector<double> mean, std;
    priors.query_batch(archs, t, mean, std);
    for (std::size_t i = 0; i < mean.size(); ++i) {
      if (!(mean[i] > 0.0)) {
        throw std::invalid_argument("prior target " + t + " predicts " + std::to_string(mean[i]) +
                                    " for " + archs[i].to_string() +
                                    ": few-shot fits need positive predictions");
      }
      mean[i] = std::log(mean[i]);
    }
    in.columns.push_back("log(" + t + ")");
    cols.push_back(std::move(mean));
  }
  if (analytic) {
    std::vector<double> macs, params;
    for (const auto& a : archs) {
      const space::Cost c = space::cost(a);
      macs.push_back(std::log(c.mmacs()));
      params.push_back(std::log(c.mparams()));
    }
    in.columns.push_back("log(mmacs)");
    in.columns.push_back("log(mparams)");
    cols.push_back(std::move(macs));
    cols.push_back(std::move(params));
  }
  if (stages) {
    std::vector<std::vector<double>> per(7);
    for (const auto& a : archs) {
      const auto m = stage_macs(a);
      for (std::size_t k = 0; k < 7; ++k) per[k].push_back(std::log(m[k] / 1e6));
    }
    for (std::size_t k = 0; k < 7; ++k) {
      in.columns.push_back("log(stage" + std::to_string(k) + "_mmacs)");
      cols.push_back(std::move(per[k]));
    }
  }
  in.linear.reserve(in.rows * cols.size());
  for (std::size_t r = 0; r < in.rows; ++r) {
    for (const auto& c : cols) in.linear.push_back(c[r]);
    const auto e = space::encode(archs[r]);
    for (double v : e) in.encoded.push_back(static_cast<float>(v));
  }
  return in;
}

FewShotModel fit_few_shot(const FewShotInputs& inputs, const std::vector<double>& values,
                          const FewShotOptions& options) {
  options.validate();
  if (values.size() != inputs.rows) {
    throw std::invalid_argument("few-shot fit: " + std::to_string(values.size()) + " values for " +
                                std::to_string(inputs.rows) + " rows");
  }
  if (inputs.rows < options.min_records) {
    throw std::invalid_argument("few-shot fit: " + std::to_string(inputs.rows) +
                                " measured records, need at least " +
                                std::to_string(options.min_records));
  }
  const std::vector<double> y = log_values(values);
  const std::size_t p = inputs.columns.size();
  FewShotModel model;
  model.method_ = options.method;
  model.weights_.assign(p, 0.0);
  RidgeFit linear;
  if (options.method == "best_prior" || options.method.rfind("shrunk", 0) == 0) {
    const auto [single, column] = best_single_prior(inputs, y);
    linear.weights.assign(p, 0.0);
    linear.scale.assign(p, 0.0);
    linear.weights[column] = single.weights[0];
    linear.scale[column] = single.scale[0];
    linear.intercept = single.intercept;
    linear.lambda = std::numeric_limits<double>::infinity();
    linear.loo_mse = single.loo_mse;
    if (options.method != "best_prior") {
      // A ridge correction over every column of what the best prior leaves; kept only when its
      // leave-one-out error beats the prior's own.
      std::vector<double> rest(y.size());
      for (std::size_t r = 0; r < y.size(); ++r) {
        rest[r] = y[r] - single.intercept - single.weights[0] * inputs.at(r, column);
      }
      const RidgeFit correction = fit_ridge(inputs.linear, rest, p, default_ridge_grid());
      if (correction.loo_mse < single.loo_mse) {
        for (std::size_t c = 0; c < p; ++c) {
          linear.weights[c] += options.correction_scale * correction.weights[c];
        }
        linear.scale = correction.scale;
        linear.intercept += options.correction_scale * correction.intercept;
        linear.lambda = correction.lambda;
        linear.loo_mse = correction.loo_mse;
      }
    }
  } else {
    linear = fit_ridge(inputs.linear, y, p, default_ridge_grid());
  }
  model.weights_ = linear.weights;
  model.intercept_ = linear.intercept;
  model.lambda_ = linear.lambda;
  model.loo_rmse_ = std::sqrt(linear.loo_mse);
  double largest = -1.0;
  for (std::size_t c = 0; c < p; ++c) {
    const double standardized = std::abs(linear.weights[c]) * linear.scale[c];
    if (standardized > largest) {
      largest = standardized;
      model.leading_ = inputs.columns[c];
    }
  }
  if (has_trees(options.method) && inputs.rows >= options.min_tree_records) {
    std::vector<double> residuals(inputs.rows);
    for (std::size_t r = 0; r < inputs.rows; ++r) {
      double f = model.intercept_;
      for (std::size_t c = 0; c < p; ++c) f += model.weights_[c] * inputs.at(r, c);
      residuals[r] = y[r] - f;
    }
    model.tree_rounds_ = choose_tree_rounds(inputs, residuals, options);
    if (model.tree_rounds_ > 0) {
      model.trees_json_ = boost(inputs, residuals, options, model.tree_rounds_).to_json();
    }
  }
  return model;
}

std::vector<double> FewShotModel::predict(const FewShotInputs& inputs) const {
  if (inputs.columns.size() != weights_.size()) {
    throw std::invalid_argument("few-shot predict: " + std::to_string(inputs.columns.size()) +
                                " columns, the model was fitted on " +
                                std::to_string(weights_.size()));
  }
  std::vector<double> out(inputs.rows, intercept_);
  for (std::size_t r = 0; r < inputs.rows; ++r) {
    for (std::size_t c = 0; c < weights_.size(); ++c) out[r] += weights_[c] * inputs.at(r, c);
  }
  if (!trees_json_.empty() && inputs.rows > 0) {
    const xgb::Booster trees = xgb::Booster::from_buffer(trees_json_);
    const std::vector<float> x = tree_features(inputs);
    const std::vector<float> t =
        trees.predict_dense(x.data(), inputs.rows, kCols + inputs.columns.size());
    for (std::size_t r = 0; r < inputs.rows; ++r) out[r] += static_cast<double>(t[r]);
  }
  for (double& v : out) v = std::exp(v);
  return out;
}

std::vector<double> cross_validated_predictions(const FewShotInputs& inputs,
                                                const std::vector<double>& values,
                                                const FewShotOptions& options, int folds) {
  if (folds < 2 || static_cast<std::size_t>(folds) > inputs.rows) {
    throw std::invalid_argument("cross-validation folds = " + std::to_string(folds) +
                                ": must be in 2.." + std::to_string(inputs.rows));
  }
  stats::Rng rng(options.seed);
  const std::vector<std::size_t> order = stats::shuffled_indices(inputs.rows, rng);
  FewShotOptions inner = options;
  inner.min_records = std::min<std::size_t>(options.min_records, inputs.rows - 1);
  inner.min_records = std::max<std::size_t>(inner.min_records, 3);
  std::vector<double> out(inputs.rows);
  const auto k = static_cast<std::size_t>(folds);
  for (std::size_t f = 0; f < k; ++f) {
    std::vector<std::size_t> fit, held;
    for (std::size_t i = 0; i < order.size(); ++i) (i % k == f ? held : fit).push_back(order[i]);
    std::vector<double> fit_values;
    for (std::size_t i : fit) fit_values.push_back(values[i]);
    const FewShotModel m = fit_few_shot(inputs.select(fit), fit_values, inner);
    const std::vector<double> p = m.predict(inputs.select(held));
    for (std::size_t i = 0; i < held.size(); ++i) out[held[i]] = p[i];
  }
  return out;
}

double share_within(const std::vector<double>& measured, const std::vector<double>& predicted,
                    double tolerance) {
  if (measured.size() != predicted.size() || measured.empty()) {
    throw std::invalid_argument("share_within: need two vectors of equal, non-zero length");
  }
  std::size_t hits = 0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    if (std::abs(predicted[i] - measured[i]) <= tolerance * std::abs(measured[i])) ++hits;
  }
  return static_cast<double>(hits) / static_cast<double>(measured.size());
}

std::vector<std::size_t> select_diverse(const FewShotInputs& candidates, std::size_t n,
                                        std::uint64_t seed) {
  if (n == 0 || n > candidates.rows) {
    throw std::invalid_argument("select " + std::to_string(n) + " architectures: must be in 1.." +
                                std::to_string(candidates.rows) + " (the candidates)");
  }
  const std::size_t p = candidates.columns.size();
  const Standardizer s = Standardizer::of(candidates.linear, candidates.rows, p);
  std::vector<double> z = s.apply(candidates.linear, candidates.rows);
  std::vector<double> nearest(candidates.rows, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> chosen;
  std::vector<bool> taken(candidates.rows, false);
  stats::Rng rng(seed);
  std::size_t next = rng.uniform_int(candidates.rows);
  while (true) {
    chosen.push_back(next);
    taken[next] = true;
    if (chosen.size() == n) break;
    double far = -1.0;
    for (std::size_t r = 0; r < candidates.rows; ++r) {
      double d = 0.0;
      for (std::size_t c = 0; c < p; ++c) {
        const double diff = z[r * p + c] - z[next * p + c];
        d += diff * diff;
      }
      nearest[r] = std::min(nearest[r], d);
    }
    for (std::size_t r = 0; r < candidates.rows; ++r) {
      if (!taken[r] && nearest[r] > far) {
        far = nearest[r];
        next = r;
      }
    }
  }
  return chosen;
}

}  // namespace anb::surrogate
