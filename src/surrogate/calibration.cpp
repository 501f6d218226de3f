#include "anb/surrogate/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "anb/io/json.h"

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
    try {
      out.push_back(io::json_value_as<double>(v, key, context));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
  }
  return out;
}

// ln J(z): the log of one fit-space unit in target units at fit-space value z (J = d f^-1 / dz).
double log_unit(const Transform& transform, double z) {
  switch (transform.kind) {
    case Transform::Kind::kLog:
      return z;  // y = e^z
    case Transform::Kind::kLogHeadroom:
      return -z;  // y = c - e^-z
    case Transform::Kind::kNone:
      break;
  }
  return 0.0;
}

// u_g(z) = scale^g * J^(g - 1), from ln scale and ln J.
double width_unit(double exponent, double log_scale, double log_j) {
  return exponent == 1.0 ? std::exp(log_scale)
                         : std::exp(exponent * log_scale + (exponent - 1.0) * log_j);
}

Interval band(const Transform& transform, double z, double half) {
  return {transform.invert(z - half), transform.invert(z + half)};
}

Interval hull(const Interval& a, const Interval& b) {
  return {std::min(a.lower, b.lower), std::max(a.upper, b.upper)};
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

void Calibration::index_segments() {
  if (exponents.empty()) exponents.assign(levels.size(), 1.0);
  segment_tops.clear();
  for (std::size_t k = 0; k + 1 < exponents.size(); ++k) {
    if (exponents[k] != exponents[k + 1]) segment_tops.push_back(k);
  }
}

namespace {

// Where `level` falls on the calibrated grid: the quantile and exponent to use and the grid index
// whose exponent it takes. Between two levels of different exponents the upper one is used
// (coverage at least `level`).
struct GridPoint {
  double quantile;
  double exponent;
  std::size_t index;
};

GridPoint locate(const Calibration& c, double level) {
  check_interval_level(level);
  if (level > c.levels.back()) {
    throw std::invalid_argument(
        fmt::format("interval level {}: above the highest level calibrated with {} records ({})",
                    level, c.n, c.levels.back()));
  }
  const auto exponent = [&](std::size_t k) { return c.exponents.empty() ? 1.0 : c.exponents[k]; };
  if (level <= c.levels.front()) {
    return {c.quantiles.front() * level / c.levels.front(), exponent(0), 0};
  }
  const auto hi = static_cast<std::size_t>(
      std::lower_bound(c.levels.begin(), c.levels.end(), level) - c.levels.begin());
  const std::size_t lo = hi - 1;
  if (exponent(lo) != exponent(hi)) return {c.quantiles[hi], exponent(hi), hi};
  const double w = (level - c.levels[lo]) / (c.levels[hi] - c.levels[lo]);
  return {c.quantiles[lo] + w * (c.quantiles[hi] - c.quantiles[lo]), exponent(hi), hi};
}

}  // namespace

double Calibration::quantile(double level) const {
  return locate(*this, level).quantile;
}

double Calibration::exponent(double level) const {
  return locate(*this, level).exponent;
}

Interval Calibration::interval(const Transform& transform, double mean, double level,
                               double spread) const {
  const GridPoint p = locate(*this, level);
  const double z = transform.apply(mean);
  const double log_scale = std::log(scale_at(z) * spread);
  const double log_j = log_unit(transform, z);
  Interval out = band(transform, z, p.quantile * width_unit(p.exponent, log_scale, log_j));
  // Nested across levels: contain the top interval of every lower-exponent stretch.
  for (const std::size_t top : segment_tops) {
    if (top >= p.index) break;
    out = hull(out,
               band(transform, z, quantiles[top] * width_unit(exponents[top], log_scale, log_j)));
  }
  return out;
}

nlohmann::json Calibration::to_json() const {
  nlohmann::json out = {{"method", method},
                        {"n", n},
                        {"ensemble_factor", ensemble_factor},
                        {"knots", knots},
                        {"scales", scales},
                        {"levels", levels},
                        {"quantiles", quantiles},
                        {"exponents", exponents}};
  if (has_spread_model()) {
    out["spread_model"] = {
        {"file", spread_file}, {"sha256", spread_sha256}, {"floor", spread_floor}};
  }
  return out;
}

namespace {

// Reads the optional "spread_model" object into c.
void read_spread_model(const nlohmann::json& o, const std::string& context, Calibration& c) {
  const auto it = o.find("spread_model");
  if (it == o.end()) return;
  const std::string where = context + ": spread_model";
  if (!it->is_object()) throw std::runtime_error(where + ": expected an object");
  const auto text = [&](const char* key) {
    const auto v = it->find(key);
    if (v == it->end() || !v->is_string() || v->get<std::string>().empty()) {
      throw std::runtime_error(where + ": field '" + key + "' is missing or not a text");
    }
    return v->get<std::string>();
  };
  c.spread_file = text("file");
  c.spread_sha256 = text("sha256");
  const auto floor = it->find("floor");
  if (floor == it->end() || !floor->is_number() || !(floor->get<double>() > 0.0)) {
    throw std::runtime_error(where + ": field 'floor' must be a number > 0");
  }
  c.spread_floor = floor->get<double>();
}

}  // namespace

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
  // Absent in manifests written before exponents existed: all 1 (their intervals unchanged).
  if (o.contains("exponents")) c.exponents = number_array(o, "exponents", context);
  const bool ok = c.n > 0 && !c.knots.empty() && c.knots.size() == c.scales.size() &&
                  !c.levels.empty() && c.levels.size() == c.quantiles.size() &&
                  std::is_sorted(c.knots.begin(), c.knots.end()) &&
                  std::is_sorted(c.levels.begin(), c.levels.end()) && c.levels.front() > 0.0 &&
                  c.levels.back() < 1.0 &&
                  std::all_of(c.scales.begin(), c.scales.end(), [](double s) { return s > 0; }) &&
                  (c.exponents.empty() || (c.exponents.size() == c.levels.size() &&
                                           std::is_sorted(c.exponents.begin(), c.exponents.end())));
  if (!ok) {
    throw std::runtime_error(context +
                             ": inconsistent calibration (n > 0, knots/scales and "
                             "levels/quantiles(/exponents) of equal non-zero length, sorted, "
                             "scales > 0, levels in (0, 1), exponents non-decreasing)");
  }
  read_spread_model(o, context, c);
  c.index_segments();
  return c;
}

namespace {

// The levels `anb eval` reports: the exponents of the stretches up to each are chosen jointly.
constexpr double kReportLevels[] = {0.5, 0.8, 0.9, 0.95};

// Calibration records in fit space, with the two logs the width unit needs.
struct FitRecords {
  const Transform& transform;
  std::vector<double> z, y, log_scale, log_j;
  double ensemble_factor;
};

// The conformal quantile (the ceil((n+1) level)-th smallest, at least the first) of `scores`,
// which it reorders.
double conformal_quantile(std::vector<double>& scores, double level) {
  const std::size_t n = scores.size();
  const auto k = static_cast<std::size_t>(std::ceil(static_cast<double>(n + 1) * level - 1e-9));
  const auto nth =
      scores.begin() + static_cast<std::ptrdiff_t>(std::clamp<std::size_t>(k, 1, n) - 1);
  std::nth_element(scores.begin(), nth, scores.end());
  return *nth;
}

// Scores of every record at exponent g: 0 where `closed` (fit-space hull of lower stretches'
// top intervals) already covers it.
std::vector<double> stretch_scores(const FitRecords& r, double g,
                                   const std::vector<Interval>& closed) {
  std::vector<double> out(r.z.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool covered = closed[i].lower <= r.y[i] && r.y[i] <= closed[i].upper;
    out[i] = covered ? 0.0
                     : r.ensemble_factor * std::abs(r.y[i] - r.z[i]) /
                           width_unit(g, r.log_scale[i], r.log_j[i]);
  }
  return out;
}

// Fit-space interval of record i at exponent g and quantile q, hulled with closed[i].
Interval stretch_band(const FitRecords& r, std::size_t i, double g, double q,
                      const std::vector<Interval>& closed) {
  const double half = q * width_unit(g, r.log_scale[i], r.log_j[i]);
  return hull({r.z[i] - half, r.z[i] + half}, closed[i]);
}

// Sum over the report levels of ln(mean width in target units) for exponents g[j] on the
// stretch up to report level j.
double path_cost(const FitRecords& r, const std::vector<double>& levels,
                 const std::vector<double>& g) {
  const double inf = std::numeric_limits<double>::infinity();
  // closed: hull of the top intervals of the stretches of lower exponents; band: this level's.
  std::vector<Interval> closed(r.z.size(), Interval{inf, -inf}), band(r.z.size());
  double cost = 0.0;
  for (std::size_t j = 0; j < levels.size(); ++j) {
    if (j > 0 && g[j] != g[j - 1]) closed = band;
    std::vector<double> scores = stretch_scores(r, g[j], closed);
    const double q = conformal_quantile(scores, levels[j]);
    double width = 0.0;
    for (std::size_t i = 0; i < r.z.size(); ++i) {
      band[i] = stretch_band(r, i, g[j], q, closed);
      width += r.transform.invert(band[i].upper) - r.transform.invert(band[i].lower);
    }
    cost += std::log(std::max(width, 1e-300));
  }
  return cost;
}

// Paths whose cost is within this of the least are ties (widths within ~0.5 % in all): the path
// with the largest exponents among them is taken. Near the optimum the width hardly depends on
// the exponents, and picking the exact minimum would mostly pick the noise of the calibration
// records (a quantile that happens to be low), which then under-covers new data.
constexpr double kTieMargin = 0.02;

// The non-decreasing exponents (one per report level up to `levels`) of least path_cost, up to
// kTieMargin.
std::vector<double> choose_exponents(const FitRecords& r, const std::vector<double>& levels) {
  const std::size_t grid = std::size(kExponentGrid);
  std::vector<std::size_t> index(levels.size(), 0);
  std::vector<std::vector<double>> paths;
  std::vector<double> costs;
  while (true) {
    // index is non-increasing in j, so the exponents are non-decreasing.
    std::vector<double> g(levels.size());
    for (std::size_t j = 0; j < levels.size(); ++j) g[j] = kExponentGrid[grid - 1 - index[j]];
    costs.push_back(path_cost(r, levels, g));
    paths.push_back(std::move(g));
    // Next non-increasing index sequence.
    std::size_t j = 0;
    while (j < levels.size() && index[j] + 1 >= grid) ++j;
    if (j == levels.size()) break;
    ++index[j];
    for (std::size_t m = 0; m < j; ++m) index[m] = index[j];
  }
  const double least = *std::min_element(costs.begin(), costs.end());
  std::size_t best = 0;
  double best_sum = -std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < paths.size(); ++p) {
    const double sum = std::accumulate(paths[p].begin(), paths[p].end(), 0.0);
    if (costs[p] <= least + kTieMargin && sum > best_sum) {
      best = p;
      best_sum = sum;
    }
  }
  return paths[best];
}

// Fills c.levels, c.quantiles and c.exponents (see the top of calibration.h): the exponent of each
// stretch of the grid up to a report level is chosen jointly by choose_exponents(); every
// quantile is hull-aware (records a lower stretch's top interval covers count as covered), so
// coverage stays at the level although intervals are nested.
void fit_levels(const Transform& transform, const std::vector<double>& predicted,
                const std::vector<double>& measured, const std::vector<double>& spread,
                Calibration& c) {
  FitRecords r{transform, {}, {}, {}, {}, c.ensemble_factor};
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    r.z.push_back(transform.apply(predicted[i]));
    r.y.push_back(transform.apply(measured[i]));
    r.log_scale.push_back(std::log(c.scale_at(r.z.back()) * (spread.empty() ? 1.0 : spread[i])));
    r.log_j.push_back(log_unit(transform, r.z.back()));
  }
  const std::size_t n = r.z.size();
  std::vector<double> grid;
  for (const double level : level_grid()) {
    if (static_cast<std::size_t>(std::ceil(static_cast<double>(n + 1) * level - 1e-9)) > n) break;
    grid.push_back(level);
  }
  std::vector<double> report;
  for (const double level : kReportLevels) {
    if (!grid.empty() && level <= grid.back() + 1e-12) report.push_back(level);
  }
  const std::vector<double> g =
      report.empty() ? std::vector<double>{1.0} : choose_exponents(r, report);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<Interval> closed(n, Interval{inf, -inf});
  double exponent = g[0], q = 0.0;
  std::vector<double> scores = stretch_scores(r, exponent, closed);
  for (const double level : grid) {
    std::size_t j = 0;
    while (j + 1 < g.size() && level > report[j] + 1e-12) ++j;
    if (g[j] != exponent) {  // a new stretch: contain the previous one's top interval
      for (std::size_t i = 0; i < n; ++i) closed[i] = stretch_band(r, i, exponent, q, closed);
      exponent = g[j];
      scores = stretch_scores(r, exponent, closed);
    }
    q = conformal_quantile(scores, level);
    c.levels.push_back(level);
    c.quantiles.push_back(q);
    c.exponents.push_back(exponent);
  }
}

}  // namespace

Calibration fit_calibration(const Transform& transform, const std::vector<double>& predicted,
                            const std::vector<double>& measured, int bins, double member_variance,
                            const std::vector<double>& spread) {
  const std::size_t n = predicted.size();
  if (bins < 1 || measured.size() != n || n < 2 * static_cast<std::size_t>(bins) ||
      (!spread.empty() && spread.size() != n)) {
    throw std::invalid_argument(fmt::format(
        "fit_calibration: {} predictions, {} measured values, {} spread factors, {} bins (need "
        "equal sizes, or no spread factors, and at least 2 records per bin)",
        n, measured.size(), spread.size(), bins));
  }
  for (std::size_t i = 0; i < spread.size(); ++i) {
    if (!(spread[i] > 0.0) || !std::isfinite(spread[i])) {
      throw std::invalid_argument(
          fmt::format("fit_calibration: spread factor {} of record {} must be > 0", spread[i], i));
    }
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
  fit_levels(transform, predicted, measured, spread, c);
  if (c.levels.empty()) {
    throw std::invalid_argument(fmt::format("fit_calibration: {} records are too few", n));
  }
  c.index_segments();
  return c;
}

std::vector<double> spread_labels(const Calibration& binned, const Transform& transform,
                                  const std::vector<double>& predicted,
                                  const std::vector<double>& measured) {
  std::vector<double> out(predicted.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double z = transform.apply(predicted[i]);
    out[i] = std::abs(transform.apply(measured[i]) - z) / binned.scale_at(z);
  }
  return out;
}

}  // namespace anb::surrogate
