#pragma once
// The decisions of the search space, its size, the architecture <-> index bijection, the
// original feature encoding, seeded sampling, mutation and neighbourhoods.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "anb/space/architecture.h"
#include "anb/stats/random.h"

namespace anb::space {

inline constexpr int kNumDecisions = 4 * kNumStages;  // 28

// What one decision sets.
enum class DecisionKind { kExpansion, kKernel, kLayers, kSqueezeExcite };

// One of the 28 categorical decisions. Decision d belongs to stage d / 4 and is, in order,
// expansion, kernel, layers, SE (d % 4): the order of the original ConfigSpace vector.
struct Decision {
  int stage = 0;
  DecisionKind kind = DecisionKind::kExpansion;
  std::string name;          // original hyper-parameter name, e.g. "block3_k"
  std::vector<int> choices;  // declared values; SE is {1 (True), 0 (False)} as in the original
};

// The 28 decisions in encoding order.
const std::array<Decision, kNumDecisions>& decisions();

// Number of architectures: 3^7 * 2^7 * 3^6 * 4 * 2^7 = 104,485,552,128.
std::uint64_t space_size();

// Index of the chosen value of decision d in `decisions()[d].choices`.
int choice_index(const Architecture& arch, int d);

// All 28 choice indices in encoding order.
std::array<int, kNumDecisions> choice_indices(const Architecture& arch);

// The architecture with the given choice indices; throws std::invalid_argument if one is out
// of range.
Architecture from_choice_indices(const std::array<int, kNumDecisions>& indices);

// `arch` with decision d set to choice `choice`.
Architecture with_choice(const Architecture& arch, int d, int choice);

// The original surrogate feature vector: choice index per decision, as double, in encoding
// order (e {1,4,6} -> {0,1,2}; k {3,5} -> {0,1}; l -> value - 1; se True -> 0, False -> 1).
std::array<double, kNumDecisions> encode(const Architecture& arch);

// Inverse of `encode`; throws std::invalid_argument on a non-integral or out-of-range value.
Architecture decode(const std::array<double, kNumDecisions>& features);

// Mixed-radix index in [0, space_size()), decision 0 most significant.
std::uint64_t index_of(const Architecture& arch);

// Inverse of `index_of`; throws std::out_of_range if index >= space_size().
Architecture from_index(std::uint64_t index);

// One architecture drawn uniformly from the whole space.
Architecture sample(stats::Rng& rng);

// n architectures drawn uniformly (with replacement) from a stream seeded by `seed`.
std::vector<Architecture> sample(std::size_t n, std::uint64_t seed);

// n distinct architectures spread over the range of MACs (at 224 px): a pool of
// max(1000, 50 n) uniform draws from a stream seeded by `seed`, its range of log MACs cut into n
// equal-width bins, and for each bin the not yet chosen pool member nearest the bin's centre;
// returned in increasing MACs. For experiments whose architectures should differ in cost and
// accuracy (proxy searches). Throws std::invalid_argument for n = 0 or n > 100000.
std::vector<Architecture> sample_spread_by_macs(std::size_t n, std::uint64_t seed);

// Changes one decision, drawn uniformly, to a different value drawn uniformly (the original
// regularized-evolution mutation).
Architecture mutate(const Architecture& arch, stats::Rng& rng);

// Every architecture that differs from `arch` in exactly one decision (always 43), in
// decision order then choice order.
std::vector<Architecture> neighbours(const Architecture& arch);

}  // namespace anb::space
