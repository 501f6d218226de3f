#pragma once
// Seeded shuffles and draws without replacement through anb::stats::Rng, so that the same seed
// gives the same order on every platform (std::shuffle's is implementation-defined).

#include <cstddef>
#include <utility>
#include <vector>

#include "anb/stats/random.h"

namespace anb::stats {

// Puts `items` in a uniformly random order: Fisher-Yates from the last item down, one
// rng.uniform_int(i) for i = size, ..., 2.
template <class T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform_int(i));
    std::swap(items[i - 1], items[j]);
  }
}

// 0, ..., n-1 in a uniformly random order (shuffle of them in increasing order).
std::vector<std::size_t> shuffled_indices(std::size_t n, Rng& rng);

// `n` distinct items of `items` drawn uniformly, in the order drawn: partial Fisher-Yates from
// the first item up, one rng.uniform_int(size - i) for i = 0, ..., n-1. Needs n <= items.size().
template <class T>
std::vector<T> draw_distinct(std::vector<T> items, std::size_t n, Rng& rng) {
  for (std::size_t i = 0; i < n; ++i) {
    std::swap(items[i], items[i + rng.uniform_int(items.size() - i)]);
  }
  items.resize(n);
  return items;
}

}  // namespace anb::stats
