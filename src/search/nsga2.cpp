#include "anb/search/nsga2.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "anb/search/pareto.h"
#include "anb/search/selection.h"
#include "anb/search/variation.h"
#include "anb/space/search_space.h"

namespace anb::search {
namespace {

// Rank (front number) and crowding distance of every member of a population.
void rank_and_crowding(const std::vector<Point>& points, std::vector<std::size_t>& rank,
                       std::vector<double>& crowding) {
  rank.assign(points.size(), 0);
  crowding.assign(points.size(), 0.0);
  const auto fronts = non_dominated_sort(points);
  for (std::size_t f = 0; f < fronts.size(); ++f) {
    const auto distance = crowding_distance(points, fronts[f]);
    for (std::size_t i = 0; i < fronts[f].size(); ++i) {
      rank[fronts[f][i]] = f;
      crowding[fronts[f][i]] = distance[i];
    }
  }
}

// One child: crowded tournaments pick two parents, uniform crossover with probability
// `crossover_probability`, per-decision mutation; a child equal to a parent gets one more
// one-decision mutation so that no evaluation merely repeats a parent.
space::Architecture make_child(const std::vector<space::Architecture>& population,
                               const std::vector<std::size_t>& rank,
                               const std::vector<double>& crowding, const Nsga2Options& options,
                               stats::Rng& rng) {
  const auto& a = population[crowded_tournament(rank, crowding, rng)];
  const auto& b = population[crowded_tournament(rank, crowding, rng)];
  space::Architecture child =
      rng.uniform() < options.crossover_probability ? uniform_crossover(a, b, rng) : a;
  child = mutate_decisions(child, options.mutation_rate, rng);
  if (child == a || child == b) child = space::mutate(child, rng);
  return child;
}

}  // namespace

void Nsga2Options::validate() const {
  if (population < 2) {
    throw std::invalid_argument(fmt::format("population: got {}; must be >= 2", population));
  }
  if (budget < population) {
    throw std::invalid_argument(
        fmt::format("budget: got {}; must be >= population ({})", budget, population));
  }
  if (!(crossover_probability >= 0.0 && crossover_probability <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("crossover_probability: got {}; must lie in [0, 1]", crossover_probability));
  }
  if (!(mutation_rate >= 0.0 && mutation_rate <= 1.0)) {
    throw std::invalid_argument(
        fmt::format("mutation_rate: got {}; must lie in [0, 1]", mutation_rate));
  }
}

std::vector<std::size_t> select_survivors(const std::vector<Point>& points, std::size_t keep) {
  if (keep > points.size()) {
    throw std::invalid_argument(fmt::format(
        "select_survivors: cannot keep {} of {} points", keep, points.size()));
  }
  std::vector<std::size_t> survivors;
  for (const auto& front : non_dominated_sort(points)) {
    if (survivors.size() + front.size() <= keep) {
      survivors.insert(survivors.end(), front.begin(), front.end());
      continue;
    }
    const auto distance = crowding_distance(points, front);
    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return distance[x] > distance[y]; });
    for (std::size_t i = 0; survivors.size() < keep; ++i) survivors.push_back(front[order[i]]);
    break;
  }
  return survivors;
}

Result nsga2(const Problem& problem, const Nsga2Options& options, std::uint64_t seed) {
  options.validate();
  require_objectives(problem, 2, "nsga2");
  Recorder recorder(problem, options.budget);
  stats::Rng rng(seed);
  std::vector<space::Architecture> population;
  std::vector<Point> points;
  for (std::size_t i = 0; i < options.population; ++i) {
    const Evaluation& e = recorder.evaluate(space::sample(rng));
    population.push_back(e.arch);
    points.push_back(e.scores);
  }
  std::vector<std::size_t> rank;
  std::vector<double> crowding;
  while (!recorder.exhausted()) {
    rank_and_crowding(points, rank, crowding);
    std::vector<space::Architecture> merged = population;
    std::vector<Point> merged_points = points;
    const std::size_t children = std::min(options.population, recorder.remaining());
    for (std::size_t i = 0; i < children; ++i) {
      const Evaluation& e =
          recorder.evaluate(make_child(population, rank, crowding, options, rng));
      merged.push_back(e.arch);
      merged_points.push_back(e.scores);
    }
    population.clear();
    points.clear();
    for (std::size_t s : select_survivors(merged_points, options.population)) {
      population.push_back(merged[s]);
      points.push_back(merged_points[s]);
    }
  }
  return recorder.finish("nsga2", seed);
}

}  // namespace anb::search
