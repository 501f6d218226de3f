#include "anb/stats/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace anb::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_inputs(const char* function, const std::vector<double>& a,
                  const std::vector<double>& b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(std::string(function) + ": inputs differ in length (" +
                                std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
                                ")");
  }
  if (a.size() < 2) {
    throw std::invalid_argument(std::string(function) + ": needs at least 2 values, got " +
                                std::to_string(a.size()));
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i]) || !std::isfinite(b[i])) {
      throw std::invalid_argument(std::string(function) + ": non-finite value at index " +
                                  std::to_string(i));
    }
  }
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Number of pairs within runs of equal values of a sorted sequence: sum t(t-1)/2.
template <typename Equal>
std::int64_t tied_pairs(std::size_t n, Equal equal) {
  std::int64_t pairs = 0;
  std::int64_t run = 1;
  for (std::size_t i = 1; i < n; ++i) {
    if (equal(i - 1, i)) {
      ++run;
    } else {
      pairs += run * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs + run * (run - 1) / 2;
}

// Sorts `v` ascending by merge sort and returns the number of inversions (swaps).
std::int64_t merge_sort_count(std::vector<double>& v, std::vector<double>& scratch,
                              std::size_t lo, std::size_t hi) {
  if (hi - lo < 2) return 0;
  const std::size_t mid = lo + (hi - lo) / 2;
  std::int64_t swaps = merge_sort_count(v, scratch, lo, mid) + merge_sort_count(v, scratch, mid, hi);
  std::size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (v[j] < v[i]) {
      swaps += static_cast<std::int64_t>(mid - i);
      scratch[k++] = v[j++];
    } else {
      scratch[k++] = v[i++];
    }
  }
  while (i < mid) scratch[k++] = v[i++];
  while (j < hi) scratch[k++] = v[j++];
  std::copy(scratch.begin() + static_cast<std::ptrdiff_t>(lo),
            scratch.begin() + static_cast<std::ptrdiff_t>(hi),
            v.begin() + static_cast<std::ptrdiff_t>(lo));
  return swaps;
}

}  // namespace

double r2_score(const std::vector<double>& measured, const std::vector<double>& predicted) {
  check_inputs("r2_score", measured, predicted);
  const double m = mean(measured);
  double ss_res = 0.0, ss_tot = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    ss_res += (measured[i] - predicted[i]) * (measured[i] - predicted[i]);
    ss_tot += (measured[i] - m) * (measured[i] - m);
  }
  return ss_tot == 0.0 ? kNaN : 1.0 - ss_res / ss_tot;
}

double kendall_tau(const std::vector<double>& x, const std::vector<double>& y) {
  check_inputs("kendall_tau", x, y);
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]);
  });
  std::vector<double> xs(n), ys(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = x[order[i]];
    ys[i] = y[order[i]];
  }
  const std::int64_t x_ties = tied_pairs(n, [&](std::size_t a, std::size_t b) { return xs[a] == xs[b]; });
  const std::int64_t joint_ties = tied_pairs(
      n, [&](std::size_t a, std::size_t b) { return xs[a] == xs[b] && ys[a] == ys[b]; });
  std::vector<double> scratch(n);
  const std::int64_t swaps = merge_sort_count(ys, scratch, 0, n);
  const std::int64_t y_ties = tied_pairs(n, [&](std::size_t a, std::size_t b) { return ys[a] == ys[b]; });
  const auto total = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n - 1) / 2;
  const double numerator =
      static_cast<double>(total - x_ties - y_ties + joint_ties - 2 * swaps);
  const double denominator = std::sqrt(static_cast<double>(total - x_ties)) *
                             std::sqrt(static_cast<double>(total - y_ties));
  return denominator == 0.0 ? kNaN : numerator / denominator;
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  const std::size_t n = values.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(n);
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && values[order[j]] == values[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = rank;
    i = j;
  }
  return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  check_inputs("pearson", x, y);
  const double mx = mean(x), my = mean(y);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return (sxx == 0.0 || syy == 0.0) ? kNaN : sxy / std::sqrt(sxx * syy);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
  check_inputs("spearman", x, y);
  return pearson(average_ranks(x), average_ranks(y));
}

double mean_absolute_error(const std::vector<double>& measured,
                           const std::vector<double>& predicted) {
  check_inputs("mean_absolute_error", measured, predicted);
  double sum = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) sum += std::abs(measured[i] - predicted[i]);
  return sum / static_cast<double>(measured.size());
}

double root_mean_squared_error(const std::vector<double>& measured,
                               const std::vector<double>& predicted) {
  check_inputs("root_mean_squared_error", measured, predicted);
  double sum = 0.0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    sum += (measured[i] - predicted[i]) * (measured[i] - predicted[i]);
  }
  return std::sqrt(sum / static_cast<double>(measured.size()));
}

RegressionMetrics regression_metrics(const std::vector<double>& measured,
                                     const std::vector<double>& predicted) {
  RegressionMetrics m;
  m.n = measured.size();
  m.r2 = r2_score(measured, predicted);
  m.kendall_tau = kendall_tau(measured, predicted);
  m.spearman = spearman(measured, predicted);
  m.mae = mean_absolute_error(measured, predicted);
  m.rmse = root_mean_squared_error(measured, predicted);
  return m;
}

}  // namespace anb::stats
