// Speed of the proxy-search analysis on the Accel-NASBench ablation (117 architectures x 3 seeds
// x 2 schemes, ANB_TEST_DATA_DIR/proxy_ablation; skipped when absent). Target (issue 12): the
// whole analysis including the bootstrap in < 1 s.
//  - BM_ReadAblation: parsing and checking the six CSV files;
//  - BM_Analyse/R: analyse_collected with R bootstrap resamples (every tau's interval);
//  - BM_ReadAndAnalyse: both, the default 1000 resamples (what `--analyze` computes before it
//    writes the report files).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "anb/construct/collected_results.h"

namespace {

using namespace anb;

const std::filesystem::path kAblation = std::filesystem::path(ANB_TEST_DATA_DIR) / "proxy_ablation";

bool have_data(benchmark::State& state) {
  if (std::filesystem::exists(kAblation / "fewproxy-seed1.csv")) return true;
  state.SkipWithError("no ablation data (ANB_TEST_DATA_DIR/proxy_ablation)");
  return false;
}

void BM_ReadAblation(benchmark::State& state) {
  if (!have_data(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(construct::read_collected_results(kAblation));
}
BENCHMARK(BM_ReadAblation)->Unit(benchmark::kMillisecond);

void BM_Analyse(benchmark::State& state) {
  if (!have_data(state)) return;
  const auto collected = construct::read_collected_results(kAblation);
  stats::BootstrapOptions options;
  options.resamples = static_cast<int>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(construct::analyse_collected(collected, "fewproxy", 0.9, 3, options));
  }
}
BENCHMARK(BM_Analyse)->Arg(1)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_ReadAndAnalyse(benchmark::State& state) {
  if (!have_data(state)) return;
  for (auto _ : state) {
    const auto collected = construct::read_collected_results(kAblation);
    benchmark::DoNotOptimize(construct::analyse_collected(collected, "fewproxy", 0.9, 3));
  }
}
BENCHMARK(BM_ReadAndAnalyse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
