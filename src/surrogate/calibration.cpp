#include "anb/surrogate/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace anb::surrogate {
namespace {

// The grid of levels whose quantiles are stored.
std::vector<double> level_grid() {
  std::vector<double> out;
  for (int k = 1; k < 200; ++k) out.push_back(k / 200.0);
  out.push_back(0.9975);
  out.push_back(0.999);
  return out;
}

// Linear interpolation of ys over increasing xs at x, constant outside.
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  if (x <= xs.front()) return ys.front();
  if (x >= xs.back()) return ys.back();
  const auto hi = static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin());
  const std::size_t lo = hi - 1;
  const double w = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + w * (ys[hi] - ys[lo]);
}

std::vector<double> number_array(const nlohmann::json& o, const char* key,
                                 const std::string& context) {
  const auto it = o.find(key);
  if (it == o.end() || !it->is_array()) {
    throw std::runtime_error(context + ": field '" + key + "' is missing or not an array");
  }
  std::vector<double> out;
  for (const auto& v : *it) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) {
      throw std::runtime_error(context + ": field '" + key + "' holds a non-number (" + v.dump() +
                               ")");
    }
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

void check_interval_level(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    throw std::invalid_argument(
        fmt::format("interval level {}: must be in (0, 1), e.g. 0.9", level));
  }
}

double Calibration::scale_at(double z) const {
  return interpolate(knots, scales, z);
}

double Calibration::quantile(double level) const {
  check_interval_level(level);
  if (level > levels.back()) {
    throw std::invalid_argument(
        fmt::format("interval level {}: above the highest level calibrated with {} records ({})",
                    level, n, levels.back()));
  }
  if (level <= levels.front()) return quantiles.front() * level / levels.front();
  return interpolate(levels, quantiles, level);
}

Interval Calibration::interval(const Transform& transform, double mean, double level) const {
  const double q = quantile(level);
  const double z = transform.apply(mean);
  const double half = q * scale_at(z);
  return {transform.invert(z - half), transform.invert(z + half)};
}

nlohmann::json Calibration::to_json() const {
  return {{"method", method},      {"n", n},           {"ensemble_factor", ensemble_factor},
          {"knots", knots},        {"scales", scales}, {"levels", levels},
          {"quantiles", quantiles}};
}

Calibration Calibration::from_json(const nlohmann::json& o, const std::string& context) {
  if (!o.is_object()) throw std::runtime_error(context + ": expected an object");
  Calibration c;
  const auto method = o.find("method");
  const auto n = o.find("n");
  if (method == o.end() || !method->is_string() || n == o.end() || !n->is_number_unsigned()) {
    throw std::runtime_error(context + ": fields 'method' (text) and 'n' (count) are required");
  }
  c.method = method->get<std::string>();
  c.n = n->get<std::size_t>();
  if (o.contains("ensemble_factor") && o["ensemble_factor"].is_number()) {
    c.ensemble_factor = o["ensemble_factor"].get<double>();
  }
  c.knots = number_array(o, "knots", context);
  c.scales = number_array(o, "scales", context);
  c.levels = number_array(o, "levels", context);
  c.quantiles = number_array(o, "quantiles", context);
  const bool ok = c.n > 0 && !c.knots.empty() && c.knots.size() == c.scales.size() &&
                  !c.levels.empty() && c.levels.size() == c.quantiles.size() &&
                  std::is_sorted(c.knots.begin(), c.knots.end()) &&
                  std::is_sorted(c.levels.begin(), c.levels.end()) && c.levels.front() > 0.0 &&
                  c.levels.back() < 1.0 &&
                  std::all_of(c.scales.begin(), c.scales.end(), [](double s) { return s > 0; });
  if (!ok) {
    throw std::runtime_error(context +
                             ": inconsistent calibration (n > 0, knots/scales and "
                             "levels/quantiles of equal non-zero length, sorted, scales > 0, "
                             "levels in (0, 1))");
  }
  return c;
}

Calibration fit_calibration(const Transform& transform, const std::vector<double>& predicted,
                            const std::vector<double>& measured, int bins, double member_variance) {
  const std::size_t n = predicted.size();
  if (bins < 1 || measured.size() != n || n < 2 * static_cast<std::size_t>(bins)) {
    throw std::invalid_argument(fmt::format(
        "fit_calibration: {} predictions, {} measured values, {} bins (need equal sizes and at "
        "least 2 records per bin)",
        n, measured.size(), bins));
  }
  std::vector<double> centre(n), residual(n);
  for (std::size_t i = 0; i < n; ++i) {
    centre[i] = transform.apply(predicted[i]);
    residual[i] = std::abs(transform.apply(measured[i]) - centre[i]);
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return centre[a] < centre[b] || (centre[a] == centre[b] && a < b);
  });
  Calibration c;
  c.n = n;
  const auto nb = static_cast<std::size_t>(bins);
  const double floor =
      std::accumulate(residual.begin(), residual.end(), 0.0) / static_cast<double>(n) * 1e-3 +
      1e-12;
  for (std::size_t b = 0; b < nb; ++b) {
    const std::size_t begin = b * n / nb, end = (b + 1) * n / nb;
    double sum_c = 0.0, sum_r = 0.0;
    for (std::size_t i = begin; i < end; ++i) {
      sum_c += centre[order[i]];
      sum_r += residual[order[i]];
    }
    const auto count = static_cast<double>(end - begin);
    const double knot = sum_c / count;
    if (!c.knots.empty() && knot <= c.knots.back()) {
      // Ties of the centre across bins: merge into the previous knot.
      c.scales.back() = 0.5 * (c.scales.back() + std::max(sum_r / count, floor));
      continue;
    }
    c.knots.push_back(knot);
    c.scales.push_back(std::max(sum_r / count, floor));
  }
  // Out-of-fold predictions come from single members; the ensemble mean errs less by the
  // members' variance: E(y - f_k)^2 = E(y - mean)^2 + E var_k(f_k).
  double mse = 0.0;
  for (double r : residual) mse += r * r;
  mse /= static_cast<double>(n);
  c.ensemble_factor = mse > 0.0 ? std::sqrt(std::max(kMinEnsembleFactor * kMinEnsembleFactor,
                                                     1.0 - std::max(member_variance, 0.0) / mse))
                                : 1.0;
  std::vector<double> scores(n);
  for (std::size_t i = 0; i < n; ++i) {
    scores[i] = c.ensemble_factor * residual[i] / c.scale_at(centre[i]);
  }
  std::sort(scores.begin(), scores.end());
  for (const double level : level_grid()) {
    const auto k = static_cast<std::size_t>(std::ceil(static_cast<double>(n + 1) * level - 1e-9));
    if (k > n) break;
    c.levels.push_back(level);
    c.quantiles.push_back(scores[std::max<std::size_t>(k, 1) - 1]);
  }
  if (c.levels.empty()) {
    throw std::invalid_argument(fmt::format("fit_calibration: {} records are too few", n));
  }
  return c;
}

}  // namespace anb::surrogate
