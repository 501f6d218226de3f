// Query speed of surrogate::Benchmark, one thread, every path side by side in one run:
//
//   Single/<target>       Benchmark::query, one architecture per call (1,000 cycled)
//   Batch/<target>        Benchmark::query_batch of 1,000 Architecture objects
//   Choices/<target>      Benchmark::query_choices of 1,000 choice rows (no Architecture)
//   AllSingle             Benchmark::query of every target, one architecture per call
//   AllSingleCall         query_choices of every target for one architecture (one call)
//   AllSingleInterval     query_interval_choices of every target with an interval, one
//                         architecture per call
//   AllBatch              query_choices of every target for 1,000 architectures in one call,
//                         from Architecture objects (choice_rows included)
//   AllChoices            the same from choice rows
//   AllIntervalBatch      query_interval_choices of every target with an interval, 1,000 at once
//   Large/accuracy        query_choices of 8,192 choice rows (one block: every table is read
//                         from memory once per 8,192 architectures instead of once per 1,000)
//   AllLarge              the same for every target
//
// items_per_second = architectures per second (all targets of one architecture count once in
// the All* rows). The models: $ANB_MODELS (default models/default, what `anb fit` writes).
// Compare ratios within one run (the machine may be shared; with repetitions, the "min" rows are
// the least disturbed):
//
//   ANB_MODELS=models/default build/bench/bench_query --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
//
// $ANB_TREE_KERNEL=baseline|avx2|avx512 runs the evaluator's lookup kernels of that instruction
// set (default: the widest the CPU has), to compare them in one session.
//
// Measured 2026-11-30 (2-core shared Xeon, load 4-6; fastest of three alternating rounds against
// the previous build; docs/surrogates.md has the table): Choices/accuracy 1.06 us per
// architecture (0.94M/s; before 2.60 us), Batch/accuracy 1.28 us (before 2.55), Single/accuracy
// 4.75 us (before 6.94), AllSingle 34.2 us (before 55.2), AllSingleCall 31.5 us,
// AllSingleInterval 33.9 us, AllChoices 4.83 us (207k/s; before 19.0 us), AllBatch 4.95 us,
// AllIntervalBatch 5.66 us (before 19.8).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "anb/space/search_space.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/choice_rows.h"

namespace {

using anb::surrogate::Benchmark;
constexpr std::size_t kArchs = 1000;
constexpr std::size_t kLarge = 8192;

struct Fixture {
  Benchmark bench;
  std::vector<anb::space::Architecture> archs = anb::space::sample(kArchs, 7);
  std::vector<std::uint8_t> rows = anb::surrogate::choice_rows(archs);
  std::vector<std::uint8_t> large = anb::surrogate::choice_rows(anb::space::sample(kLarge, 8));
  std::vector<std::size_t> all;
};

Fixture* g = nullptr;

void single(benchmark::State& state, const std::string& target) {
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(g->bench.query(g->archs[i], target));
    i = i + 1 == kArchs ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void batch(benchmark::State& state, const std::string& target) {
  std::vector<double> mean, sd;
  for (auto _ : state) {
    g->bench.query_batch(g->archs, target, mean, sd);
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kArchs));
}

void choices(benchmark::State& state, const std::string& target) {
  const std::vector<std::size_t> index{g->bench.require_target(target)};
  std::vector<double> mean(kArchs), sd(kArchs);
  for (auto _ : state) {
    g->bench.query_choices(g->rows.data(), kArchs, index, mean.data(), sd.data());
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kArchs));
}

void all_single(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    for (const auto& t : g->bench.targets())
      benchmark::DoNotOptimize(g->bench.query(g->archs[i], t));
    i = i + 1 == kArchs ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Every target of one architecture in one call (query_choices with one row), as anb query and
// Python's Benchmark.query of all targets do.
void all_single_call(benchmark::State& state) {
  const std::size_t k = g->all.size();
  std::vector<double> mean(k), sd(k);
  std::size_t i = 0;
  for (auto _ : state) {
    g->bench.query_choices(&g->rows[i * anb::surrogate::kChoiceRow], 1, g->all, mean.data(),
                           sd.data());
    benchmark::DoNotOptimize(mean.data());
    i = i + 1 == kArchs ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void all_single_interval(benchmark::State& state) {
  std::vector<std::size_t> index;
  for (std::size_t j = 0; j < g->all.size(); ++j) {
    if (g->bench.has_interval(g->bench.targets()[j])) index.push_back(j);
  }
  const std::size_t k = index.size();
  std::vector<double> mean(k), sd(k), lower(k), upper(k);
  std::size_t i = 0;
  for (auto _ : state) {
    g->bench.query_interval_choices(&g->rows[i * anb::surrogate::kChoiceRow], 1, index, 0.9,
                                    mean.data(), sd.data(), lower.data(), upper.data());
    benchmark::DoNotOptimize(lower.data());
    i = i + 1 == kArchs ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void all_batch(benchmark::State& state, bool from_archs) {
  const std::size_t k = g->all.size();
  std::vector<double> mean(kArchs * k), sd(kArchs * k);
  for (auto _ : state) {
    if (from_archs) {
      const std::vector<std::uint8_t> rows = anb::surrogate::choice_rows(g->archs);
      g->bench.query_choices(rows.data(), kArchs, g->all, mean.data(), sd.data());
    } else {
      g->bench.query_choices(g->rows.data(), kArchs, g->all, mean.data(), sd.data());
    }
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kArchs));
}

// query_choices of 8,192 rows for the given targets (one block of the evaluator).
void large(benchmark::State& state, std::vector<std::size_t> index) {
  std::vector<double> mean(kLarge * index.size()), sd(kLarge * index.size());
  for (auto _ : state) {
    g->bench.query_choices(g->large.data(), kLarge, index, mean.data(), sd.data());
    benchmark::DoNotOptimize(mean.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kLarge));
}

void all_interval_batch(benchmark::State& state) {
  std::vector<std::size_t> index;
  for (std::size_t j = 0; j < g->all.size(); ++j) {
    if (g->bench.has_interval(g->bench.targets()[j])) index.push_back(j);
  }
  const std::size_t k = index.size();
  std::vector<double> mean(kArchs * k), sd(kArchs * k), lower(kArchs * k), upper(kArchs * k);
  for (auto _ : state) {
    g->bench.query_interval_choices(g->rows.data(), kArchs, index, 0.9, mean.data(), sd.data(),
                                    lower.data(), upper.data());
    benchmark::DoNotOptimize(lower.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kArchs));
}

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("ANB_MODELS");
  const std::string dir = env != nullptr && *env != '\0' ? env : "models/default";
  Fixture fixture;
  try {
    fixture.bench = Benchmark::load(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_query: %s (set $ANB_MODELS to a model directory)\n", e.what());
    return 1;
  }
  fixture.all = fixture.bench.require_targets(fixture.bench.targets());
  g = &fixture;
  // With --benchmark_repetitions, a "min" row beside mean and median: on a shared machine the
  // fastest repetition is the one least disturbed by other processes.
  const auto with_min = [](benchmark::internal::Benchmark* b) {
    b->ComputeStatistics("min", [](const std::vector<double>& v) {
      return *std::min_element(v.begin(), v.end());
    });
  };
  for (const auto& t : fixture.bench.targets()) {
    with_min(benchmark::RegisterBenchmark(("Single/" + t).c_str(), single, t));
    with_min(benchmark::RegisterBenchmark(("Batch/" + t).c_str(), batch, t));
    with_min(benchmark::RegisterBenchmark(("Choices/" + t).c_str(), choices, t));
  }
  with_min(benchmark::RegisterBenchmark("AllSingle", all_single));
  with_min(benchmark::RegisterBenchmark("AllSingleCall", all_single_call));
  with_min(benchmark::RegisterBenchmark("AllSingleInterval", all_single_interval));
  with_min(benchmark::RegisterBenchmark("AllBatch", all_batch, true));
  with_min(benchmark::RegisterBenchmark("AllChoices", all_batch, false));
  with_min(benchmark::RegisterBenchmark("AllIntervalBatch", all_interval_batch));
  if (std::find(fixture.bench.targets().begin(), fixture.bench.targets().end(), "accuracy") !=
      fixture.bench.targets().end()) {
    with_min(benchmark::RegisterBenchmark("Large/accuracy", large,
                                          fixture.bench.require_targets({"accuracy"})));
  }
  with_min(benchmark::RegisterBenchmark("AllLarge", large, fixture.all));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
