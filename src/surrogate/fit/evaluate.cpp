#include <algorithm>
#include <cmath>

#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/choice_rows.h"
#include "measure_target.h"

namespace anb::surrogate {
namespace {

void add(stats::RegressionMetrics& sum, const stats::RegressionMetrics& m) {
  sum.r2 += m.r2;
  sum.kendall_tau += m.kendall_tau;
  sum.spearman += m.spearman;
  sum.mae += m.mae;
  sum.rmse += m.rmse;
}

void divide(stats::RegressionMetrics& sum, double n) {
  sum.r2 /= n;
  sum.kendall_tau /= n;
  sum.spearman /= n;
  sum.mae /= n;
  sum.rmse /= n;
}

// The calibrated intervals of `model` at each reported level, on (measured, mean) of the
// architectures whose choice rows are `choices`.
std::vector<IntervalQuality> interval_quality(const TargetModel& model,
                                              const std::vector<std::uint8_t>& choices,
                                              const std::vector<double>& measured,
                                              const std::vector<double>& mean) {
  std::vector<IntervalQuality> out;
  const Calibration& calibration = model.entry().calibration;
  if (calibration.empty()) return out;
  const std::size_t n = measured.size();
  std::vector<double> error(n);
  for (std::size_t i = 0; i < n; ++i) error[i] = std::abs(measured[i] - mean[i]);
  std::sort(error.begin(), error.end());
  for (const double level : kEvalLevels) {
    if (level > calibration.levels.back()) continue;
    IntervalQuality q;
    q.level = level;
    std::size_t inside = 0;
    std::vector<double> lower(n), upper(n);
    model.intervals(choices.data(), n, mean.data(), level, lower.data(), upper.data());
    for (std::size_t i = 0; i < n; ++i) {
      inside += lower[i] <= measured[i] && measured[i] <= upper[i] ? 1 : 0;
      q.mean_width += upper[i] - lower[i];
    }
    q.coverage = static_cast<double>(inside) / static_cast<double>(n);
    q.mean_width /= static_cast<double>(n);
    q.constant_width = inside == 0 ? 0.0 : 2.0 * error[inside - 1];
    out.push_back(q);
  }
  return out;
}

}  // namespace

nlohmann::json metrics_json(const stats::RegressionMetrics& m) {
  return {{"n", m.n},     {"r2", m.r2},    {"kendall_tau", m.kendall_tau}, {"spearman", m.spearman},
          {"mae", m.mae}, {"rmse", m.rmse}};
}

nlohmann::json validation_json(const TargetValidation& v, std::size_t also_fitted) {
  nlohmann::json out = {{"ensemble", metrics_json(v.ensemble)},
                        {"single_mean", metrics_json(v.single_mean)}};
  if (also_fitted > 0) out["also_fitted"] = also_fitted;
  return out;
}

TargetValidation measure_target(const TargetModel& model, const data::Dataset& records) {
  TargetValidation result;
  result.target = model.entry().name;
  const data::Dataset have = records.with_target(result.target);
  if (have.size() < 2) return result;
  const std::size_t members = model.num_members();
  std::vector<space::Architecture> archs;
  std::vector<double> measured, mean;
  for (const auto& r : have.records()) {
    archs.push_back(r.arch);
    measured.push_back(*r.target(result.target));
  }
  std::vector<double> out(archs.size() * members);
  const std::vector<std::uint8_t> rows = choice_rows(archs);
  model.members(rows.data(), archs.size(), out.data());
  std::vector<std::vector<double>> single(members);
  for (std::size_t i = 0; i < archs.size(); ++i) {
    mean.push_back(mean_std(&out[i * members], members).mean);
    for (std::size_t k = 0; k < members; ++k) single[k].push_back(out[i * members + k]);
  }
  result.ensemble = stats::regression_metrics(measured, mean);
  result.measured = measured;
  result.predicted = mean;
  result.intervals = interval_quality(model, rows, measured, mean);
  if (!model.entry().noise.empty()) {
    result.noise_floor = noise_floor(model.entry().noise, measured, mean);
  }
  result.single_mean.n = measured.size();
  for (const auto& s : single) add(result.single_mean, stats::regression_metrics(measured, s));
  divide(result.single_mean, static_cast<double>(members));
  return result;
}

std::vector<TargetValidation> evaluate_models(const std::filesystem::path& models,
                                              const data::Dataset& records,
                                              const std::vector<std::string>& targets) {
  const Manifest manifest = read_manifest(models);
  for (const auto& t : targets) {
    if (manifest.find(t) == nullptr) {
      std::string known;
      for (const auto& e : manifest.targets) known += (known.empty() ? "" : ", ") + e.name;
      throw std::invalid_argument("unknown target '" + t + "' (models in " + models.string() +
                                  " have: " + known + ")");
    }
  }
  std::vector<TargetValidation> out;
  for (const auto& model : load_targets(models, manifest, targets)) {
    TargetValidation v = measure_target(*model, records);
    if (v.ensemble.n > 0) out.push_back(v);
  }
  return out;
}

}  // namespace anb::surrogate
