#pragma once
// Regression and rank-agreement metrics used to judge surrogates: coefficient of determination,
// Kendall's tau-b (O(n log n), ties handled), Spearman's rho (average ranks), MAE and RMSE.
//
// Every function takes the measured values first and the predictions second, requires two
// vectors of equal length >= 2 with finite values, and throws std::invalid_argument naming the
// function and the problem otherwise. Undefined values (a constant input for the rank
// correlations, constant measurements for R²) are returned as NaN, as scipy does.

#include <cstddef>
#include <vector>

namespace anb::stats {

// Coefficient of determination 1 - SS_res / SS_tot of `predicted` against `measured`.
double r2_score(const std::vector<double>& measured, const std::vector<double>& predicted);

// Kendall's tau-b between two samples (ties in either are corrected for, as
// scipy.stats.kendalltau). Knight's O(n log n) algorithm.
double kendall_tau(const std::vector<double>& x, const std::vector<double>& y);

// Spearman's rank correlation: Pearson correlation of the average ranks.
double spearman(const std::vector<double>& x, const std::vector<double>& y);

// Pearson's linear correlation coefficient.
double pearson(const std::vector<double>& x, const std::vector<double>& y);

// Mean absolute error.
double mean_absolute_error(const std::vector<double>& measured,
                           const std::vector<double>& predicted);

// Root mean squared error.
double root_mean_squared_error(const std::vector<double>& measured,
                               const std::vector<double>& predicted);

// Ranks 1..n of `values` with ties given the average of the ranks they span
// (scipy.stats.rankdata "average").
std::vector<double> average_ranks(const std::vector<double>& values);

// All the metrics of one comparison.
struct RegressionMetrics {
  std::size_t n = 0;
  double r2 = 0.0;
  double kendall_tau = 0.0;
  double spearman = 0.0;
  double mae = 0.0;
  double rmse = 0.0;
};

// Computes every metric of `predicted` against `measured` (same rules as the functions above).
RegressionMetrics regression_metrics(const std::vector<double>& measured,
                                     const std::vector<double>& predicted);

}  // namespace anb::stats
