#include "ridge.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace anb::surrogate {
namespace {

// In-place Cholesky factor (lower triangle) of a symmetric positive definite p x p matrix.
void cholesky(std::vector<double>& a, std::size_t p) {
  for (std::size_t j = 0; j < p; ++j) {
    double d = a[j * p + j];
    for (std::size_t k = 0; k < j; ++k) d -= a[j * p + k] * a[j * p + k];
    if (!(d > 0.0)) throw std::runtime_error("ridge: normal equations are not positive definite");
    d = std::sqrt(d);
    a[j * p + j] = d;
    for (std::size_t i = j + 1; i < p; ++i) {
      double v = a[i * p + j];
      for (std::size_t k = 0; k < j; ++k) v -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = v / d;
    }
  }
}

// Solves L L^T x = b for the factor of `cholesky`.
std::vector<double> solve(const std::vector<double>& l, std::size_t p, std::vector<double> b) {
  for (std::size_t i = 0; i < p; ++i) {
    for (std::size_t k = 0; k < i; ++k) b[i] -= l[i * p + k] * b[k];
    b[i] /= l[i * p + i];
  }
  for (std::size_t i = p; i-- > 0;) {
    for (std::size_t k = i + 1; k < p; ++k) b[i] -= l[k * p + i] * b[k];
    b[i] /= l[i * p + i];
  }
  return b;
}

}  // namespace

Standardizer Standardizer::of(const std::vector<double>& x, std::size_t rows, std::size_t cols) {
  Standardizer s;
  s.mean.assign(cols, 0.0);
  s.scale.assign(cols, 0.0);
  if (rows == 0) return s;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) s.mean[c] += x[r * cols + c];
  }
  for (double& m : s.mean) m /= static_cast<double>(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double d = x[r * cols + c] - s.mean[c];
      s.scale[c] += d * d;
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    const double sd = std::sqrt(s.scale[c] / static_cast<double>(rows));
    s.scale[c] = sd > 1e-12 * (1.0 + std::abs(s.mean[c])) ? sd : 0.0;
  }
  return s;
}

std::vector<double> Standardizer::apply(const std::vector<double>& x, std::size_t rows) const {
  const std::size_t cols = mean.size();
  std::vector<double> z(rows * cols, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (scale[c] > 0.0) z[r * cols + c] = (x[r * cols + c] - mean[c]) / scale[c];
    }
  }
  return z;
}

const std::vector<double>& default_ridge_grid() {
  static const std::vector<double> grid{1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0};
  return grid;
}

RidgeFit fit_ridge(const std::vector<double>& x, const std::vector<double>& y, std::size_t cols,
                   const std::vector<double>& grid) {
  const std::size_t n = y.size();
  if (n < 3 || cols == 0 || x.size() != n * cols || grid.empty()) {
    throw std::invalid_argument("ridge: need >= 3 rows, >= 1 column, " + std::to_string(n) + " x " +
                                std::to_string(cols) + " values and a strength (got " +
                                std::to_string(x.size()) + " values)");
  }
  const Standardizer s = Standardizer::of(x, n, cols);
  const std::vector<double> z = s.apply(x, n);
  double y_mean = 0.0;
  for (double v : y) y_mean += v;
  y_mean /= static_cast<double>(n);
  std::vector<double> gram(cols * cols, 0.0), zy(cols, 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < cols; ++i) {
      zy[i] += z[r * cols + i] * (y[r] - y_mean);
      for (std::size_t j = 0; j < cols; ++j)
        gram[i * cols + j] += z[r * cols + i] * z[r * cols + j];
    }
  }
  RidgeFit best;
  best.loo_mse = std::numeric_limits<double>::infinity();
  for (double lambda : grid) {
    std::vector<double> a = gram;
    for (std::size_t i = 0; i < cols; ++i) a[i * cols + i] += lambda * static_cast<double>(n);
    cholesky(a, cols);
    const std::vector<double> w = solve(a, cols, zy);
    double sse = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
      const std::vector<double> row(z.begin() + static_cast<std::ptrdiff_t>(r * cols),
                                    z.begin() + static_cast<std::ptrdiff_t>((r + 1) * cols));
      const std::vector<double> ainv_row = solve(a, cols, row);
      double fit = y_mean, hat = 1.0 / static_cast<double>(n);
      for (std::size_t i = 0; i < cols; ++i) {
        fit += w[i] * row[i];
        hat += row[i] * ainv_row[i];
      }
      const double e = (y[r] - fit) / std::max(1.0 - hat, 1e-9);
      sse += e * e;
    }
    const double mse = sse / static_cast<double>(n);
    if (mse < best.loo_mse) {
      best.loo_mse = mse;
      best.lambda = lambda;
      best.scale = s.scale;
      best.weights.assign(cols, 0.0);
      best.intercept = y_mean;
      for (std::size_t i = 0; i < cols; ++i) {
        if (s.scale[i] > 0.0) {
          best.weights[i] = w[i] / s.scale[i];
          best.intercept -= best.weights[i] * s.mean[i];
        }
      }
    }
  }
  return best;
}

}  // namespace anb::surrogate
