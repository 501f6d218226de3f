#pragma once
// Local search: hill climbing over the one-decision neighbourhood (43 neighbours, see
// space::neighbours) with random restarts.
//
// From a uniformly drawn start, the climber evaluates neighbours and moves to a better one:
// first-improvement visits the neighbours in a freshly shuffled order and moves to the first that
// is strictly better; best-improvement evaluates all neighbours and moves to the best if it is
// strictly better. When no neighbour improves (a local optimum), it restarts from a new random
// architecture. Architectures already evaluated in the run are looked up, not re-evaluated, so
// the budget counts distinct architectures.

#include <cstdint>

#include "anb/search/history.h"

namespace anb::search {

// How the climber picks its next step.
enum class ClimbStrategy { kFirstImprovement, kBestImprovement };

// Settings of local search.
struct LocalSearchOptions {
  std::size_t budget = 600;                               // evaluations
  ClimbStrategy strategy = ClimbStrategy::kFirstImprovement;

  // Throws std::invalid_argument if budget is 0.
  void validate() const;
};

// Runs local search on a single-objective problem; throws std::invalid_argument for a problem
// with more than one objective.
Result local_search(const Problem& problem, const LocalSearchOptions& options,
                    std::uint64_t seed);

// "first" or "best"; parse_climb_strategy throws std::invalid_argument for any other name.
const char* climb_strategy_name(ClimbStrategy strategy);
ClimbStrategy parse_climb_strategy(const std::string& name);

}  // namespace anb::search
