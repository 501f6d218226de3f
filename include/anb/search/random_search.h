#pragma once
// Random search: architectures drawn uniformly from the whole space, one or two objectives.

#include <cstdint>

#include "anb/search/history.h"

namespace anb::search {

// Settings of random search.
struct RandomSearchOptions {
  std::size_t budget = 600;  // evaluations

  // Throws std::invalid_argument if budget is 0.
  void validate() const;
};

// Runs random search with the stream seeded by `seed`.
Result random_search(const Problem& problem, const RandomSearchOptions& options,
                     std::uint64_t seed);

}  // namespace anb::search
