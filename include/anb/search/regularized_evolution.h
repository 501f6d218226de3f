#pragma once
// Regularized (aging) evolution, Real et al. 2019, with the defaults of the original benchmark:
// a population of 20 random architectures; then per cycle a sample of 10 members drawn with
// replacement, the best of the sample as parent, a child differing in one decision (space::mutate),
// the child appended and the oldest member removed; 600 evaluations including the initial 20.

#include <cstdint>

#include "anb/search/history.h"

namespace anb::search {

// Settings of regularized evolution.
struct RegularizedEvolutionOptions {
  std::size_t budget = 600;      // evaluations, including the initial population
  std::size_t population = 20;   // members alive at any time
  std::size_t sample_size = 10;  // tournament size (drawn with replacement)

  // Throws std::invalid_argument naming the field: population >= 1, sample_size >= 1,
  // budget >= population.
  void validate() const;
};

// Runs regularized evolution on a single-objective problem; throws std::invalid_argument for a
// problem with more than one objective.
Result regularized_evolution(const Problem& problem, const RegularizedEvolutionOptions& options,
                             std::uint64_t seed);

}  // namespace anb::search
