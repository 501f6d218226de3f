// Uses anb as an installed library: the search space, the cost model and a seeded search over a
// made-up objective (anb::core), plus a surrogate transform (anb::query, which needs no XGBoost) when installed.
#include <cstdio>

#include "anb/space/architecture.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"
#include "anb/version.h"
#ifdef CONSUMER_HAS_SURROGATE
#include "anb/surrogate/transform.h"
#endif

int main() {
  const auto b0 = anb::space::Architecture::efficientnet_b0();
  const auto cost = anb::space::cost(b0);
  std::printf("anb %s: %s has %.3f M MACs and %.6f M params in a space of %llu architectures\n",
              anb::kVersion, b0.to_string().c_str(), cost.mmacs(), cost.mparams(),
              static_cast<unsigned long long>(anb::space::space_size()));
  const auto sample = anb::space::sample(3, 1);
  for (const auto& a : sample) std::printf("  %s\n", a.to_string().c_str());
#ifdef CONSUMER_HAS_SURROGATE
  std::printf("surrogate target transform: %s\n", anb::surrogate::Transform::log().name().c_str());
#endif
  return cost.macs == 415145024 ? 0 : 1;
}
