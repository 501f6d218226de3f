#pragma once
// NSGA-II (Deb et al. 2002) over the categorical encoding: binary tournaments on (rank, crowding
// distance), uniform crossover, per-decision mutation to a different value, and elitist
// environmental selection by non-dominated fronts with crowding-distance truncation.

#include <cstdint>

#include "anb/search/history.h"

namespace anb::search {

// Settings of NSGA-II.
struct Nsga2Options {
  std::size_t budget = 600;              // evaluations, including the initial population
  std::size_t population = 40;           // parents per generation (and offspring per generation)
  double crossover_probability = 0.9;    // chance that a child mixes two parents
  double mutation_rate = 1.0 / 28.0;     // per-decision mutation probability

  // Throws std::invalid_argument naming the field: population >= 2, budget >= population,
  // probabilities in [0, 1].
  void validate() const;
};

// Runs NSGA-II on a problem with two objectives; throws std::invalid_argument for one objective.
Result nsga2(const Problem& problem, const Nsga2Options& options, std::uint64_t seed);

// The environmental selection: the indices (into `points`) of the `keep` survivors, filled front
// by front; the last front that does not fit is cut by descending crowding distance (ties: lower
// index first). Throws std::invalid_argument if keep > points.size().
std::vector<std::size_t> select_survivors(const std::vector<std::vector<double>>& points,
                                          std::size_t keep);

}  // namespace anb::search
