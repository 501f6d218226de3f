#pragma once
// Synthetic objectives for the search tests: cheap, deterministic functions of the 28 choice
// indices with known optima.

#include <vector>

#include "anb/search/problem.h"
#include "anb/space/search_space.h"

namespace anb::search::testing {

// Weighted number of decisions that match a hidden target architecture: maximum 81
// (sum over d of 1 + d % 5) at the target, never hit by chance in 600 uniform draws.
inline const space::Architecture& hidden_target() {
  static const space::Architecture t = space::Architecture::parse("e4614166-k3553535-l2313243-seTFTFFTT");
  return t;
}

inline double match_score(const space::Architecture& arch) {
  const auto a = space::choice_indices(arch);
  const auto t = space::choice_indices(hidden_target());
  double s = 0.0;
  for (std::size_t d = 0; d < a.size(); ++d) s += a[d] == t[d] ? 1.0 + static_cast<double>(d % 5) : 0.0;
  return s;
}

// Maximise match_score.
inline Problem match_problem() {
  Problem p;
  p.objectives = {{"match", Direction::kMaximize}};
  p.evaluate = [](const space::Architecture& a) { return std::vector<double>{match_score(a)}; };
  return p;
}

// Minimise 100 - match_score (same landscape, other direction).
inline Problem mismatch_problem() {
  Problem p;
  p.objectives = {{"mismatch", Direction::kMinimize}};
  p.evaluate = [](const space::Architecture& a) {
    return std::vector<double>{100.0 - match_score(a)};
  };
  return p;
}

// Two conflicting objectives: "accuracy" grows with the (weighted) choice indices, "throughput"
// falls with a differently weighted sum, so the front trades one for the other.
inline std::vector<double> tradeoff_values(const space::Architecture& arch) {
  const auto c = space::choice_indices(arch);
  double a = 0.0;
  double b = 0.0;
  for (std::size_t d = 0; d < c.size(); ++d) {
    a += (1.0 + static_cast<double>(d % 3)) * c[d];
    b += (1.0 + static_cast<double>((d + 1) % 4)) * c[d] * c[d];
  }
  return {50.0 + a / 4.0, 1000.0 - 4.0 * b};
}

inline Problem tradeoff_problem() {
  Problem p;
  p.objectives = {{"accuracy", Direction::kMaximize}, {"throughput_x", Direction::kMaximize}};
  p.evaluate = tradeoff_values;
  p.bounds = {{40.0, 80.0}, {0.0, 1000.0}};
  return p;
}

}  // namespace anb::search::testing
