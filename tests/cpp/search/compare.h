#pragma once
// Helpers for comparing algorithms on the synthetic problems.

#include <cstdint>
#include <functional>
#include <string>

#include "anb/search/history.h"

namespace anb::search::testing {

// Mean of the final progress over seeds 1..n of `run`.
inline double mean_final(const std::function<Result(std::uint64_t)>& run, int n) {
  double sum = 0.0;
  for (int s = 1; s <= n; ++s) sum += run(static_cast<std::uint64_t>(s)).final_progress();
  return sum / n;
}

// True if the two results have identical histories (architectures, values, progress) bit for bit.
inline bool same_history(const Result& a, const Result& b) {
  if (a.history.size() != b.history.size()) return false;
  for (std::size_t i = 0; i < a.history.size(); ++i) {
    const auto& x = a.history[i];
    const auto& y = b.history[i];
    if (x.arch != y.arch || x.values != y.values || x.progress != y.progress) return false;
  }
  return a.archive == b.archive && a.best == b.best;
}

}  // namespace anb::search::testing
