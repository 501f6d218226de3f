#include "anb/surrogate/search_problem.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "anb/space/search_space.h"

namespace anb::surrogate {

stats::Rng search_noise_stream(std::uint64_t seed) {
  return stats::Rng::substream(seed, 0x6e6f697365ULL);
}

void check_targets(const Benchmark& bench, const std::vector<std::string>& names) {
  for (const auto& n : names) bench.require_target(n);
}

search::ProblemFactory benchmark_problems(const Benchmark& bench,
                                          std::vector<search::Objective> objectives,
                                          std::vector<search::ObjectiveBounds> bounds, bool noise) {
  std::vector<std::size_t> index;
  for (const auto& o : objectives) index.push_back(bench.require_target(o.name));
  // Every objective of an architecture in one query (the same values and draws as one query per
  // objective in order).
  return [&bench, objectives, bounds, index, noise](std::uint64_t seed) {
    search::Problem p;
    p.objectives = objectives;
    p.bounds = bounds;
    if (noise) {
      auto rng = std::make_shared<stats::Rng>(search_noise_stream(seed));
      p.evaluate = [&bench, index, rng](const space::Architecture& a) {
        std::uint8_t row[kChoiceRow];
        choice_row(a, row);
        std::vector<double> v(index.size());
        bench.query_noisy_choices(row, 1, index, *rng, NoiseSource::kEnsemble, v.data());
        return v;
      };
    } else {
      p.evaluate = [&bench, index](const space::Architecture& a) {
        std::uint8_t row[kChoiceRow];
        choice_row(a, row);
        std::vector<double> v(index.size()), sd(index.size());
        bench.query_choices(row, 1, index, v.data(), sd.data());
        return v;
      };
    }
    return p;
  };
}

namespace {

// The sorted ensemble means of `target` over `archs`.
std::vector<double> sorted_means(const Benchmark& bench, const std::string& target,
                                 const std::vector<space::Architecture>& archs) {
  std::vector<double> mean, sd;
  bench.query_batch(archs, target, mean, sd);
  std::sort(mean.begin(), mean.end());
  return mean;
}

}  // namespace

search::ReferencePair estimated_reference(const Benchmark& bench,
                                          const std::vector<search::Objective>& objectives,
                                          std::size_t samples, std::uint64_t seed) {
  if (objectives.size() != 2) {
    throw std::invalid_argument("estimated_reference: " + std::to_string(objectives.size()) +
                                " objectives; need a pair");
  }
  if (samples < 2) throw std::invalid_argument("estimated_reference: samples must be >= 2");
  const auto archs = space::sample(samples, seed);
  search::ReferencePair pair;
  pair.objectives = objectives;
  for (std::size_t k = 0; k < 2; ++k) {
    const search::Objective& o = objectives[k];
    bench.require_target(o.name);
    const std::vector<double> v = sorted_means(bench, o.name, archs);
    // Generous: a search finds values beyond the random sample's range.
    const double margin = std::max(0.5 * (v.back() - v.front()), 0.01 * std::abs(v.back()) + 1e-9);
    const bool up = o.direction == search::Direction::kMaximize;
    pair.bounds.push_back(up ? search::ObjectiveBounds{v.front() - margin, v.back() + margin, true}
                             : search::ObjectiveBounds{v.back() + margin, v.front() - margin, true});
    if (k == 1) pair.reward_target = v[v.size() / 2];  // REINFORCE's target: the median
  }
  return pair;
}

}  // namespace anb::surrogate
