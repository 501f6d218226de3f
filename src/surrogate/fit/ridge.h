#pragma once
// Private: ridge regression on standardized columns with the ridge strength chosen by exact
// leave-one-out error (the few-shot fits of few_shot.cpp; a handful of columns, so the normal
// equations are solved by a small Cholesky factorisation).

#include <cstddef>
#include <vector>

namespace anb::surrogate {

// Column means and standard deviations of a row-major matrix (rows x cols). A constant column
// gets scale 0 and is ignored (its standardized values are 0).
struct Standardizer {
  std::vector<double> mean;
  std::vector<double> scale;

  static Standardizer of(const std::vector<double>& x, std::size_t rows, std::size_t cols);
  // (x - mean) / scale, 0 for constant columns.
  std::vector<double> apply(const std::vector<double>& x, std::size_t rows) const;
};

// y ~ intercept + sum_j weights[j] * x_j, in the columns' own units.
struct RidgeFit {
  std::vector<double> weights;
  std::vector<double> scale;  // the columns' standard deviations (weights * scale: standardized)
  double intercept = 0.0;
  double lambda = 0.0;   // the chosen strength, per record (penalty lambda * rows)
  double loo_mse = 0.0;  // its leave-one-out mean squared error
};

// The strengths tried by default (per record, on standardized columns).
const std::vector<double>& default_ridge_grid();

// Fits y (rows values) on x (rows x cols) for every strength of `grid` and keeps the one with the
// lowest leave-one-out error (the intercept is not penalized). Throws std::invalid_argument for
// fewer than 3 rows, mismatched sizes or an empty grid.
RidgeFit fit_ridge(const std::vector<double>& x, const std::vector<double>& y, std::size_t cols,
                   const std::vector<double>& grid);

}  // namespace anb::surrogate
