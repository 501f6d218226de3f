#pragma once
// Variation operators on the categorical encoding (28 choice indices, see space/search_space.h).
// The one-decision mutation of regularized evolution is space::mutate.

#include "anb/space/architecture.h"
#include "anb/stats/random.h"

namespace anb::search {

// Uniform crossover: each decision is taken from `a` or `b` with probability 1/2.
space::Architecture uniform_crossover(const space::Architecture& a, const space::Architecture& b,
                                      stats::Rng& rng);

// Per-decision mutation: each decision independently, with probability `rate`, is set to a
// uniformly drawn *different* value. Throws std::invalid_argument unless 0 <= rate <= 1.
space::Architecture mutate_decisions(const space::Architecture& arch, double rate,
                                     stats::Rng& rng);

}  // namespace anb::search
