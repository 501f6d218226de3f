// Speed of the search algorithms. Two families:
//  - BM_Overhead/<alg>: 600 evaluations on a trivial synthetic objective, i.e. what each
//    algorithm itself costs per evaluation (selection, policy updates, archives, hypervolume);
//  - BM_Surrogate/<alg> (when built with anb::surrogate and $ANB_MODELS names a model dir):
//    600 evaluations on the surrogate benchmark, the cost a user sees.
// items_per_second = evaluations per second. Compare ratios within one run only.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "anb/search/algorithm.h"
#include "anb/space/search_space.h"
#ifdef ANB_HAVE_SURROGATE
#include "anb/search/hypervolume_reference.h"
#include "anb/surrogate/benchmark.h"
#endif

namespace {

using namespace anb;

// Sum of choice indices (accuracy-like) and a conflicting second objective.
search::Problem synthetic(std::size_t objectives) {
  search::Problem p;
  p.objectives = {{"accuracy", data::Direction::kMaximize}};
  if (objectives == 2) {
    p.objectives.push_back({"latency_x", data::Direction::kMinimize});
    p.bounds = {{0.0, 100.0}, {100.0, 0.0}};
  }
  p.evaluate = [objectives](const space::Architecture& a) {
    double s = 0.0;
    for (int c : space::choice_indices(a)) s += c;
    std::vector<double> v{s};
    if (objectives == 2) v.push_back(s * 1.5);
    return v;
  };
  return p;
}

void run(benchmark::State& state, const search::Problem& problem, search::Algorithm alg,
         const search::RewardFunction& reward = {}) {
  search::SearchOptions o;
  o.algorithm = alg;
  o.reinforce.reward = reward;
  std::uint64_t seed = 0;
  for (auto _ : state) {
    auto r = search::run_search(problem, o, seed++);
    benchmark::DoNotOptimize(r.history.back().progress);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 600);
}

void BM_Overhead(benchmark::State& state, search::Algorithm alg, std::size_t objectives) {
  const auto reward = objectives == 2 ? search::power_law_reward(10.0, data::Direction::kMinimize)
                                      : search::RewardFunction{};
  run(state, synthetic(objectives), alg, reward);
}

BENCHMARK_CAPTURE(BM_Overhead, rs, search::Algorithm::kRandomSearch, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, re, search::Algorithm::kRegularizedEvolution, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, reinforce, search::Algorithm::kReinforce, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, ls, search::Algorithm::kLocalSearch, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, rs_bi, search::Algorithm::kRandomSearch, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, reinforce_bi, search::Algorithm::kReinforce, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Overhead, nsga2, search::Algorithm::kNsga2, 2)->Unit(benchmark::kMillisecond);

#ifdef ANB_HAVE_SURROGATE
// The benchmark of $ANB_MODELS, loaded once.
const surrogate::Benchmark* models() {
  static std::unique_ptr<surrogate::Benchmark> bench = [] {
    const char* dir = std::getenv("ANB_MODELS");
    return dir ? std::make_unique<surrogate::Benchmark>(surrogate::Benchmark::load(dir)) : nullptr;
  }();
  return bench.get();
}

void BM_Surrogate(benchmark::State& state, search::Algorithm alg, const char* device) {
  if (!models()) {
    state.SkipWithError("set ANB_MODELS to a model directory");
    return;
  }
  const auto* bench = models();
  search::Problem p;
  p.objectives = {{"accuracy", data::Direction::kMaximize}};
  search::RewardFunction reward;
  if (device) {
    const auto ref = search::default_reference();
    const auto& pair = ref.pair("accuracy", device);
    p.objectives = pair.objectives;
    p.bounds = pair.bounds;
    reward = search::power_law_reward(pair.reward_target, pair.objectives[1].direction);
  }
  std::vector<std::string> names;
  for (const auto& o : p.objectives) names.push_back(o.name);
  p.evaluate = [bench, names](const space::Architecture& a) {
    std::vector<double> v;
    for (const auto& n : names) v.push_back(bench->query(a, n).mean);
    return v;
  };
  run(state, p, alg, reward);
}

BENCHMARK_CAPTURE(BM_Surrogate, rs, search::Algorithm::kRandomSearch, nullptr)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Surrogate, re, search::Algorithm::kRegularizedEvolution, nullptr)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Surrogate, reinforce, search::Algorithm::kReinforce, nullptr)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Surrogate, nsga2_zcu102, search::Algorithm::kNsga2, "throughput_zcu102")->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
