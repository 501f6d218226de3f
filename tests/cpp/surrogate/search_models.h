#pragma once
// Tiny models for the search-setup and experiment tests: accuracy, throughput_a100,
// latency_zcu102 and train_time fitted once per test binary on the tiny training records.

#include "anb/surrogate/benchmark.h"
#include "fit_fixture.h"

namespace anb::surrogate::testing {

inline const Benchmark& search_models() {
  static const Benchmark b = [] {
    const auto dir = scratch_dir("search-models") / "models";
    FitOptions o = tiny_options();
    o.targets = {"accuracy", "throughput_a100", "latency_zcu102", "train_time"};
    fit_models(tiny_train(), data::Dataset{}, o, dir);
    return Benchmark::load(dir);
  }();
  return b;
}

}  // namespace anb::surrogate::testing
