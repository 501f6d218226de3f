#include "anb/surrogate/search_problem.h"

#include <memory>
#include <string>

namespace anb::surrogate {

stats::Rng search_noise_stream(std::uint64_t seed) {
  return stats::Rng::substream(seed, 0x6e6f697365ULL);
}

search::ProblemFactory benchmark_problems(const Benchmark& bench,
                                          std::vector<search::Objective> objectives,
                                          std::vector<search::ObjectiveBounds> bounds,
                                          bool noise) {
  std::vector<std::string> names;
  for (const auto& o : objectives) {
    if (!bench.has_target(o.name)) bench.query(space::Architecture(), o.name);  // throws, listing
    names.push_back(o.name);
  }
  return [&bench, objectives, bounds, names, noise](std::uint64_t seed) {
    search::Problem p;
    p.objectives = objectives;
    p.bounds = bounds;
    if (noise) {
      auto rng = std::make_shared<stats::Rng>(search_noise_stream(seed));
      p.evaluate = [&bench, names, rng](const space::Architecture& a) {
        std::vector<double> v;
        for (const auto& n : names) v.push_back(bench.query_noisy(a, n, *rng));
        return v;
      };
    } else {
      p.evaluate = [&bench, names](const space::Architecture& a) {
        std::vector<double> v;
        for (const auto& n : names) v.push_back(bench.query(a, n).mean);
        return v;
      };
    }
    return p;
  };
}

}  // namespace anb::surrogate
