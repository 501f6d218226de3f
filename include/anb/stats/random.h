#pragma once
// Seeded random numbers that are identical on every platform.
//
// The standard library's distributions are implementation-defined, so anb draws every random
// choice through this small engine: a 64-bit Mersenne Twister (whose output sequence the C++
// standard fixes) plus our own integer, uniform and normal transforms. Same seed, same numbers,
// bit for bit, with any compiler.

#include <cstdint>
#include <random>

namespace anb::stats {

// A seeded random number engine with portable distributions.
class Rng {
 public:
  // Creates an engine whose whole stream is determined by `seed`.
  explicit Rng(std::uint64_t seed);

  // Next raw 64-bit value.
  std::uint64_t next() { return engine_(); }

  // Uniform integer in [0, n); n must be positive. Unbiased (rejection sampling).
  std::uint64_t uniform_int(std::uint64_t n);

  // Uniform double in [0, 1) with 53 random bits.
  double uniform();

  // Standard normal draw (Box-Muller; the spare value is cached).
  double normal();

  // Normal draw with the given mean and standard deviation (stddev >= 0).
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  // A new engine for sub-stream `stream`, independent of this engine's future draws.
  // Used to give each seed of an experiment, or each worker, its own reproducible stream.
  static Rng substream(std::uint64_t seed, std::uint64_t stream);

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace anb::stats
