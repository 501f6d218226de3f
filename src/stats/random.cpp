#include "anb/stats/random.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace anb::stats {
namespace {

// SplitMix64 finaliser: spreads nearby seeds over the whole 64-bit range.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed) : engine_(mix(seed)) {}

std::uint64_t Rng::uniform_int(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("Rng::uniform_int: n must be positive, got 0");
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - (max % n + 1) % n;  // largest multiple of n, minus one
  std::uint64_t x = engine_();
  while (x > limit) x = engine_();
  return x % n;
}

double Rng::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * M_PI * u2;
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

Rng Rng::substream(std::uint64_t seed, std::uint64_t stream) {
  return Rng(mix(seed) ^ mix(stream + 0x632be59bd9b4e019ULL));
}

}  // namespace anb::stats
