#include "anb/search/regularized_evolution.h"

#include <fmt/format.h>

#include <deque>
#include <stdexcept>

#include "anb/search/selection.h"
#include "anb/space/search_space.h"

namespace anb::search {

void RegularizedEvolutionOptions::validate() const {
  if (population == 0) {
    throw std::invalid_argument("population: got 0; must be >= 1");
  }
  if (sample_size == 0) {
    throw std::invalid_argument("sample_size: got 0; must be >= 1");
  }
  if (budget < population) {
    throw std::invalid_argument(
        fmt::format("budget: got {}; must be >= population ({})", budget, population));
  }
}

Result regularized_evolution(const Problem& problem, const RegularizedEvolutionOptions& options,
                             std::uint64_t seed) {
  options.validate();
  require_objectives(problem, 1, "re");
  Recorder recorder(problem, options.budget);
  stats::Rng rng(seed);
  // Population as (architecture, score), oldest first.
  std::deque<space::Architecture> members;
  std::vector<double> scores;
  for (std::size_t i = 0; i < options.population; ++i) {
    const Evaluation& e = recorder.evaluate(space::sample(rng));
    members.push_back(e.arch);
    scores.push_back(e.scores[0]);
  }
  while (!recorder.exhausted()) {
    const auto sample = sample_with_replacement(members.size(), options.sample_size, rng);
    const std::size_t parent = best_of(scores, sample);
    const Evaluation& child = recorder.evaluate(space::mutate(members[parent], rng));
    members.push_back(child.arch);
    scores.push_back(child.scores[0]);
    members.pop_front();
    scores.erase(scores.begin());
  }
  return recorder.finish("re", seed);
}

}  // namespace anb::search
