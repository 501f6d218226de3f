#include "anb/search/algorithm.h"

#include <fmt/format.h>

#include <stdexcept>

namespace anb::search {

const char* algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kRandomSearch: return "rs";
    case Algorithm::kRegularizedEvolution: return "re";
    case Algorithm::kReinforce: return "reinforce";
    case Algorithm::kLocalSearch: return "ls";
    case Algorithm::kNsga2: return "nsga2";
  }
  return "?";
}

Algorithm parse_algorithm(std::string_view name) {
  for (Algorithm a : {Algorithm::kRandomSearch, Algorithm::kRegularizedEvolution,
                      Algorithm::kReinforce, Algorithm::kLocalSearch, Algorithm::kNsga2}) {
    if (name == algorithm_name(a)) return a;
  }
  throw std::invalid_argument(fmt::format(
      "unknown algorithm '{}' (expected one of rs, re, reinforce, ls, nsga2)", name));
}

bool supports_objectives(Algorithm algorithm, std::size_t num_objectives) {
  switch (algorithm) {
    case Algorithm::kRandomSearch:
    case Algorithm::kReinforce: return num_objectives == 1 || num_objectives == 2;
    case Algorithm::kRegularizedEvolution:
    case Algorithm::kLocalSearch: return num_objectives == 1;
    case Algorithm::kNsga2: return num_objectives == 2;
  }
  return false;
}

namespace {

// The per-algorithm options with the common budget applied.
template <class Options>
Options with_budget(Options options, std::size_t budget) {
  options.budget = budget;
  return options;
}

}  // namespace

void SearchOptions::validate(std::size_t num_objectives) const {
  if (budget > kMaxBudget) {
    throw std::invalid_argument(
        fmt::format("budget: got {}; must be at most {}", budget, kMaxBudget));
  }
  if (!supports_objectives(algorithm, num_objectives)) {
    const bool bi_only = algorithm == Algorithm::kNsga2;
    throw std::invalid_argument(fmt::format(
        "algorithm '{}' is {}; got {} objective{}", algorithm_name(algorithm),
        bi_only ? "bi-objective (two objectives, e.g. accuracy and a device target)"
                : "single-objective",
        num_objectives, num_objectives == 1 ? "" : "s"));
  }
  switch (algorithm) {
    case Algorithm::kRandomSearch: RandomSearchOptions{budget}.validate(); break;
    case Algorithm::kRegularizedEvolution: with_budget(re, budget).validate(); break;
    case Algorithm::kReinforce: with_budget(reinforce, budget).validate(); break;
    case Algorithm::kLocalSearch: with_budget(ls, budget).validate(); break;
    case Algorithm::kNsga2: with_budget(nsga2, budget).validate(); break;
  }
}

Result run_search(const Problem& problem, const SearchOptions& options, std::uint64_t seed) {
  options.validate(problem.size());
  switch (options.algorithm) {
    case Algorithm::kRandomSearch:
      return random_search(problem, RandomSearchOptions{options.budget}, seed);
    case Algorithm::kRegularizedEvolution:
      return regularized_evolution(problem, with_budget(options.re, options.budget), seed);
    case Algorithm::kReinforce:
      return reinforce(problem, with_budget(options.reinforce, options.budget), seed);
    case Algorithm::kLocalSearch:
      return local_search(problem, with_budget(options.ls, options.budget), seed);
    case Algorithm::kNsga2:
      return nsga2(problem, with_budget(options.nsga2, options.budget), seed);
  }
  throw std::logic_error("run_search: unhandled algorithm");
}

}  // namespace anb::search
