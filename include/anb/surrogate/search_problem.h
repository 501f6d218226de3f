#pragma once
// Search problems over a surrogate benchmark: the bridge between anb::search (which knows only
// objective callbacks) and surrogate::Benchmark. Used by `anb search`, `anb experiment` and the
// Python module, so all three evaluate the same values for the same seed.

#include <cstdint>
#include <vector>

#include "anb/search/hypervolume_reference.h"
#include "anb/search/runner.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// The stream of noisy draws for search seed `seed`.
stats::Rng search_noise_stream(std::uint64_t seed);

// Throws std::invalid_argument "unknown target 'acc' (models in DIR have: accuracy, ...)" (the
// Benchmark's own message) for the first name `bench` lacks. The CLI and the Python module check
// objectives with it before anything else (reference files included), so a wrong target gets
// the same message everywhere.
void check_targets(const Benchmark& bench, const std::vector<std::string>& names);

// A problem factory over `bench`'s ensemble means or, with `noise`, one draw from N(mean, std^2)
// per objective and evaluation from the seed's own stream (search_noise_stream). Throws
// std::invalid_argument, listing the available targets, if `bench` lacks an objective. `bench`
// must outlive the factory and the problems it makes.
search::ProblemFactory benchmark_problems(const Benchmark& bench,
                                          std::vector<search::Objective> objectives,
                                          std::vector<search::ObjectiveBounds> bounds, bool noise);

// A hypervolume box for an objective pair that the reference file does not cover (e.g. a new
// device): the range of `bench`'s ensemble means over `samples` architectures drawn with `seed`,
// widened on each side by half the range (at least 1 % of the value) so that the values a search
// finds beyond the random sample mostly stay inside (reference below the worst value, ideal
// beyond the best); its bounds clamp (ObjectiveBounds::clamp), so a value beyond them counts as
// the box's edge rather than failing the search. The REINFORCE reward target is the median of
// the second objective. Hypervolumes under
// such a box compare runs on the same models only. Throws std::invalid_argument when an
// objective is missing from `bench` or the objectives are not a pair.
// How many architectures estimated_reference samples by default.
inline constexpr std::size_t kEstimatedReferenceSamples = 10000;
search::ReferencePair estimated_reference(const Benchmark& bench,
                                          const std::vector<search::Objective>& objectives,
                                          std::size_t samples = kEstimatedReferenceSamples,
                                          std::uint64_t seed = 0);

}  // namespace anb::surrogate
