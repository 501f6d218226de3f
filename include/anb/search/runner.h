#pragma once
// Many seeds of one search, spread over threads. Each seed runs on its own problem instance
// (made by the factory, so a noisy objective can own a per-seed random stream) and its result
// lands in the slot of its seed, so the results do not depend on the number of threads.

#include <cstdint>
#include <functional>
#include <vector>

#include "anb/search/algorithm.h"

namespace anb::search {

// Upper bounds of run_seeds' threads and seed_range's count (std::invalid_argument beyond).
inline constexpr unsigned kMaxSearchThreads = 1024;
inline constexpr std::size_t kMaxSeeds = 100000;

// Builds the problem for one seed. Called once per seed, possibly from several threads at once.
using ProblemFactory = std::function<Problem(std::uint64_t seed)>;

// Runs `options` once per seed with up to `threads` threads (0 = one per hardware thread) and
// returns the results in the order of `seeds` (std::invalid_argument for an empty list). The first
// exception thrown by any seed is
// rethrown after all threads have stopped.
std::vector<Result> run_seeds(const ProblemFactory& make_problem, const SearchOptions& options,
                              const std::vector<std::uint64_t>& seeds, unsigned threads);

// The seeds first, first + 1, ..., first + count - 1.
std::vector<std::uint64_t> seed_range(std::uint64_t first, std::size_t count);

}  // namespace anb::search
