#pragma once
// Selection operators shared by the evolutionary algorithms.

#include <cstddef>
#include <vector>

#include "anb/stats/random.h"

namespace anb::search {

// `k` indices drawn uniformly with replacement from [0, n). Throws std::invalid_argument if n is 0.
std::vector<std::size_t> sample_with_replacement(std::size_t n, std::size_t k, stats::Rng& rng);

// Index (into `scores`) of the largest of scores[candidates[i]]; ties go to the earliest
// candidate. Throws std::invalid_argument if `candidates` is empty.
std::size_t best_of(const std::vector<double>& scores, const std::vector<std::size_t>& candidates);

// Crowded comparison of NSGA-II: true if a is preferred to b (lower rank, or equal rank and
// larger crowding distance).
bool crowded_less(std::size_t rank_a, double crowding_a, std::size_t rank_b, double crowding_b);

// Binary tournament on (rank, crowding) over [0, ranks.size()): draws two indices with
// replacement and returns the preferred one (the first on a tie).
std::size_t crowded_tournament(const std::vector<std::size_t>& ranks,
                               const std::vector<double>& crowding, stats::Rng& rng);

}  // namespace anb::search
