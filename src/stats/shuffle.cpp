#include "anb/stats/shuffle.h"

#include <numeric>

namespace anb::stats {

std::vector<std::size_t> shuffled_indices(std::size_t n, Rng& rng) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  shuffle(order, rng);
  return order;
}

}  // namespace anb::stats
