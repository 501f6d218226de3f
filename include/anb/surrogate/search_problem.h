#pragma once
// Search problems over a surrogate benchmark: the bridge between anb::search (which knows only
// objective callbacks) and surrogate::Benchmark. Used by `anb search`, `anb experiment` and the
// Python module, so all three evaluate the same values for the same seed.

#include <cstdint>
#include <vector>

#include "anb/search/runner.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// The stream of noisy draws for search seed `seed`.
stats::Rng search_noise_stream(std::uint64_t seed);

// A problem factory over `bench`'s ensemble means or, with `noise`, one draw from N(mean, std^2)
// per objective and evaluation from the seed's own stream (search_noise_stream). Throws
// std::invalid_argument, listing the available targets, if `bench` lacks an objective. `bench`
// must outlive the factory and the problems it makes.
search::ProblemFactory benchmark_problems(const Benchmark& bench,
                                          std::vector<search::Objective> objectives,
                                          std::vector<search::ObjectiveBounds> bounds, bool noise);

}  // namespace anb::surrogate
