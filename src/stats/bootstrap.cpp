#include "anb/stats/bootstrap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "anb/stats/random.h"

namespace anb::stats {

void BootstrapOptions::validate() const {
  if (resamples < 1) {
    throw std::invalid_argument(
        fmt::format("bootstrap 'resamples' = {}: must be at least 1", resamples));
  }
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument(
        fmt::format("bootstrap 'confidence' = {}: must lie strictly between 0 and 1", confidence));
  }
}

std::vector<std::vector<std::size_t>> bootstrap_indices(std::size_t n,
                                                        const BootstrapOptions& options) {
  options.validate();
  Rng rng(options.seed);
  std::vector<std::vector<std::size_t>> sets(static_cast<std::size_t>(options.resamples),
                                             std::vector<std::size_t>(n));
  for (auto& set : sets) {
    for (auto& i : set) i = static_cast<std::size_t>(rng.uniform_int(n));
  }
  return sets;
}

Interval percentile_interval(std::vector<double> values, double confidence) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const auto quantile = [&](double q) {
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double weight = position - static_cast<double>(below);
    return values[below] + weight * (values[above] - values[below]);
  };
  const double tail = 0.5 * (1.0 - confidence);
  return {quantile(tail), quantile(1.0 - tail)};
}

std::vector<double> pick(const std::vector<double>& values,
                         const std::vector<std::size_t>& indices) {
  std::vector<double> out(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) out[i] = values.at(indices[i]);
  return out;
}

}  // namespace anb::stats
