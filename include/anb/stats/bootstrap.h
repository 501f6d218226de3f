#pragma once
// Percentile bootstrap over the items of a sample (e.g. the architectures of a proxy search):
// draw `resamples` index sets of n items with replacement, compute a statistic on each, and take
// the central `confidence` interval of the finite values (linear interpolation between order
// statistics, numpy's default). Seeded: same options, same intervals, bit for bit.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace anb::stats {

// How to bootstrap.
struct BootstrapOptions {
  int resamples = 1000;
  double confidence = 0.95;
  std::uint64_t seed = 0;

  // Throws std::invalid_argument naming the field, the value and the rule (resamples >= 1,
  // 0 < confidence < 1).
  void validate() const;
};

// A confidence interval; NaN bounds when it is undefined (no finite resampled value).
struct Interval {
  double lo = std::numeric_limits<double>::quiet_NaN();
  double hi = std::numeric_limits<double>::quiet_NaN();
};

// `options.resamples` index sets, each n indices in [0, n) drawn with replacement.
std::vector<std::vector<std::size_t>> bootstrap_indices(std::size_t n,
                                                        const BootstrapOptions& options);

// The central `confidence` interval of the finite entries of `values` (NaNs, e.g. of a rank
// correlation of a constant resample, are skipped).
Interval percentile_interval(std::vector<double> values, double confidence);

// Picks `indices` out of `values`.
std::vector<double> pick(const std::vector<double>& values,
                         const std::vector<std::size_t>& indices);

}  // namespace anb::stats
