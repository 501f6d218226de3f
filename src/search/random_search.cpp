#include "anb/search/random_search.h"

#include <stdexcept>

#include "anb/space/search_space.h"

namespace anb::search {

void RandomSearchOptions::validate() const {
  if (budget == 0) {
    throw std::invalid_argument("budget: got 0; need at least 1");
  }
}

Result random_search(const Problem& problem, const RandomSearchOptions& options,
                     std::uint64_t seed) {
  options.validate();
  Recorder recorder(problem, options.budget);
  stats::Rng rng(seed);
  while (!recorder.exhausted()) recorder.evaluate(space::sample(rng));
  return recorder.finish("rs", seed);
}

}  // namespace anb::search
