#pragma once
// Calibrated prediction intervals of one target (split-conformal on out-of-fold predictions).
//
// `anb fit` predicts every training record that one of a target's members held back (its
// early-stopping fold) with the members that did not fit on it. Those out-of-fold predictions
// give nonconformity scores in the target's fit space (its transform, see transform.h):
//
//   score = |f(y) - f(mean)| / u_g(f(mean)),   u_g(z) = scale(z)^g * J(z)^(g - 1)
//
// where f is the transform, y the measured value, mean the out-of-fold prediction, scale a
// piecewise-linear function of f(mean) (the mean |f(y) - f(mean)| of `bins` equal-count bins of
// f(mean), fitted on the same records: a spread model with `bins` parameters) and J(z) =
// d f^-1 / dz the local size of one fit-space unit in the target's unit (1, y, or c - y). The
// exponent g blends two widths: g = 1 makes the half-width proportional to the spread model in fit
// space, g = 0 makes it (to first order) the same number of target units for every architecture.
// The interval at level a is f^-1(f(mean) +- q_a u_g(f(mean))), with q_a the conformal quantile
// of the scores (the ceil((n+1) a)-th smallest of n), stored on a grid of levels (0.005 ...
// 0.995, 0.9975, 0.999, as far as n allows) and interpolated linearly within a stretch of equal
// g. The grid is cut into stretches ending at 50, 80, 90 and 95 % (the last runs to the top);
// their exponents, from kExponentGrid and non-decreasing, are chosen jointly for the least sum of
// log mean widths (target units) over the calibration records at those four levels, ties (within
// kTieMargin) going to the larger exponents. Intervals are nested: one at level a also contains
// the interval at the top level of every lower-g stretch, and the quantiles count a record that
// such an interval covers as covered (so coverage stays at the level). docs/surrogates.md says
// why: proportional widths are the narrowest at high levels, not at low ones.
//
// Spread model. scale(z) sees an architecture only through its predicted value. A target may also
// have a per-architecture factor s(x) >= spread_floor (a model over the 28 choices stored beside
// the members, `spread_file`): the spread model is then scale(z) * s(x) everywhere above (the
// scores divide by it, the widths multiply by it). `anb fit` fits s to the calibration records'
// |f(y) - f(mean)| / scale(f(mean)) with boosted stumps, so s is a product of one factor per
// choice (e.g. "a squeeze-excite layer in stage 5 makes the latency error 1.2 times larger"); the
// calibration scores use s predicted by models that did not see the record (cross-fitted).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/surrogate/transform.h"

namespace anb::surrogate {

// Lower and upper bound of a prediction interval, in the target's unit.
struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

// Throws std::invalid_argument naming the value unless 0 < level < 1.
void check_interval_level(double level);

struct Calibration {
  std::string method = "conformal-out-of-fold";
  std::size_t n = 0;  // calibration records (0: not calibrated)
  // sqrt(1 - member variance / out-of-fold MSE): the scores of single members scaled to the
  // ensemble mean's error (informational; already applied to `quantiles`).
  double ensemble_factor = 1.0;
  std::vector<double> knots;      // fit-space centres of the scale function, increasing
  std::vector<double> scales;     // scale at each knot (> 0)
  std::vector<double> levels;     // increasing, in (0, 1)
  std::vector<double> quantiles;  // conformal quantile of the scores at each level
  // Width exponent g at each level (non-decreasing; all 1 in manifests written before exponents
  // existed, which gives their intervals unchanged).
  std::vector<double> exponents;
  // Derived from `exponents` by index_segments(), not stored: the last level index of every
  // stretch of equal exponents but the highest.
  std::vector<std::size_t> segment_tops;
  // The per-architecture spread model (see the top of this file): an XGBoost JSON model file,
  // relative to the model directory, its SHA-256, and the least factor it may give. Empty file:
  // none (factor 1).
  std::string spread_file;
  std::string spread_sha256;
  double spread_floor = 0.0;

  bool empty() const { return n == 0; }
  bool has_spread_model() const { return !spread_file.empty(); }

  // Fills segment_tops from exponents (exponents empty: all 1).
  void index_segments();

  // Width exponent at `level` (same checks as quantile()).
  double exponent(double level) const;

  // Scale of the scores at fit-space centre `z` (linear between knots, constant outside).
  double scale_at(double z) const;

  // Conformal score quantile at `level`. Throws std::invalid_argument for a level outside
  // (0, 1) or above the highest calibrated level (which depends on n).
  double quantile(double level) const;

  // The interval around `mean` (target unit) at `level`, for an architecture whose spread
  // model factor is `spread` (1 without a spread model).
  Interval interval(const Transform& transform, double mean, double level,
                    double spread = 1.0) const;

  nlohmann::json to_json() const;
  // Throws std::runtime_error prefixed with `context` on a missing, mistyped or inconsistent
  // field.
  static Calibration from_json(const nlohmann::json& object, const std::string& context);
};

// Width exponents fit_calibration chooses from (see the top of this file).
inline constexpr double kExponentGrid[] = {-0.5, 0.0, 0.5, 1.0};

// Lowest ensemble_factor fit_calibration applies.
inline constexpr double kMinEnsembleFactor = 0.5;

// Fits the calibration from out-of-fold predictions and the measured values (target unit, same
// order). The out-of-fold predictions are single members' (one member held each record back),
// which err more than the ensemble mean by the members' variance around it; `member_variance`
// (fit space: the mean over new architectures of the population variance of the members'
// outputs) removes that: scores are multiplied by sqrt(1 - member_variance / MSE), MSE the mean
// squared out-of-fold residual in fit space (at least kMinEnsembleFactor). `spread` (empty, or
// one factor > 0 per record) is the spread model's factor of each record's architecture,
// predicted without the record (the caller sets spread_file etc. of the result). Throws
// std::invalid_argument if the sizes differ, there are fewer than 2 * bins records, bins < 1, a
// spread factor is not > 0, or a value lies outside the transform's domain.
Calibration fit_calibration(const Transform& transform, const std::vector<double>& predicted,
                            const std::vector<double>& measured, int bins = 10,
                            double member_variance = 0.0, const std::vector<double>& spread = {});

// What a spread model is fitted to: |f(measured) - f(predicted)| / scale(f(predicted)) of each
// record, with scale that of `binned` (a calibration fitted without a spread model).
std::vector<double> spread_labels(const Calibration& binned, const Transform& transform,
                                  const std::vector<double>& predicted,
                                  const std::vector<double>& measured);

}  // namespace anb::surrogate
