#include "anb/search/variation.h"

#include <fmt/format.h>

#include <stdexcept>

#include "anb/space/search_space.h"

namespace anb::search {

space::Architecture uniform_crossover(const space::Architecture& a, const space::Architecture& b,
                                      stats::Rng& rng) {
  auto child = space::choice_indices(a);
  const auto other = space::choice_indices(b);
  for (std::size_t d = 0; d < child.size(); ++d) {
    if (rng.uniform_int(2) == 1) child[d] = other[d];
  }
  return space::from_choice_indices(child);
}

space::Architecture mutate_decisions(const space::Architecture& arch, double rate,
                                     stats::Rng& rng) {
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("mutate_decisions: rate = {} must lie in [0, 1]", rate));
  }
  auto choices = space::choice_indices(arch);
  const auto& decisions = space::decisions();
  for (std::size_t d = 0; d < choices.size(); ++d) {
    if (!(rng.uniform() < rate)) continue;
    const auto radix = static_cast<std::uint64_t>(decisions[d].choices.size());
    int c = static_cast<int>(rng.uniform_int(radix - 1));
    if (c >= choices[d]) ++c;
    choices[d] = c;
  }
  return space::from_choice_indices(choices);
}

}  // namespace anb::search
