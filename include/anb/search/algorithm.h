#pragma once
// The algorithms by name, and one entry point that runs any of them on a problem.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "anb/search/local_search.h"
#include "anb/search/nsga2.h"
#include "anb/search/random_search.h"
#include "anb/search/regularized_evolution.h"
#include "anb/search/reinforce.h"

namespace anb::search {

enum class Algorithm { kRandomSearch, kRegularizedEvolution, kReinforce, kLocalSearch, kNsga2 };

// Short names: "rs", "re", "reinforce", "ls", "nsga2".
const char* algorithm_name(Algorithm algorithm);

// Parses a short name; throws std::invalid_argument quoting the name and listing the valid ones.
Algorithm parse_algorithm(std::string_view name);

// How many objectives an algorithm accepts: rs and reinforce 1 or 2, re and ls 1, nsga2 2.
bool supports_objectives(Algorithm algorithm, std::size_t num_objectives);

// Most evaluations per run that SearchOptions::validate accepts.
inline constexpr std::size_t kMaxBudget = 10'000'000;

// Everything needed to run one algorithm. `budget` overrides the budget of the per-algorithm
// options.
struct SearchOptions {
  Algorithm algorithm = Algorithm::kRandomSearch;
  std::size_t budget = 600;
  RegularizedEvolutionOptions re;
  ReinforceOptions reinforce;
  LocalSearchOptions ls;
  Nsga2Options nsga2;

  // Validates the chosen algorithm's options (with `budget` applied) and that it supports
  // `num_objectives`; throws std::invalid_argument naming the field, value and rule.
  void validate(std::size_t num_objectives) const;
};

// Runs the chosen algorithm with `seed` (validates first).
Result run_search(const Problem& problem, const SearchOptions& options, std::uint64_t seed);

}  // namespace anb::search
