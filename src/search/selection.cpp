#include "anb/search/selection.h"

#include <stdexcept>

namespace anb::search {

std::vector<std::size_t> sample_with_replacement(std::size_t n, std::size_t k, stats::Rng& rng) {
  if (n == 0) throw std::invalid_argument("sample_with_replacement: n must be positive, got 0");
  std::vector<std::size_t> out(k);
  for (auto& i : out) i = static_cast<std::size_t>(rng.uniform_int(n));
  return out;
}

std::size_t best_of(const std::vector<double>& scores, const std::vector<std::size_t>& candidates) {
  if (candidates.empty()) throw std::invalid_argument("best_of: no candidates");
  std::size_t best = candidates.front();
  for (std::size_t c : candidates) {
    if (scores.at(c) > scores.at(best)) best = c;
  }
  return best;
}

bool crowded_less(std::size_t rank_a, double crowding_a, std::size_t rank_b, double crowding_b) {
  return rank_a < rank_b || (rank_a == rank_b && crowding_a > crowding_b);
}

std::size_t crowded_tournament(const std::vector<std::size_t>& ranks,
                               const std::vector<double>& crowding, stats::Rng& rng) {
  if (ranks.empty() || ranks.size() != crowding.size()) {
    throw std::invalid_argument("crowded_tournament: ranks and crowding must be non-empty and "
                                "of equal size");
  }
  const std::size_t a = static_cast<std::size_t>(rng.uniform_int(ranks.size()));
  const std::size_t b = static_cast<std::size_t>(rng.uniform_int(ranks.size()));
  return crowded_less(ranks[b], crowding[b], ranks[a], crowding[a]) ? b : a;
}

}  // namespace anb::search
