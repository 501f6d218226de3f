#pragma once
// Models for the serve tests that need no shared data: synthetic records (synthetic_data.h,
// inside the ranges of the real data so that the shipped hypervolume box holds them) with
// EfficientNet-B0 last, fitted with a few rounds and two members.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/serve/api.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/fit.h"
#include "surrogate/fit_fixture.h"
#include "synthetic_data.h"

namespace anb::serve::testing {

// `n` records: n - 1 synthetic ones drawn with seed 3, then EfficientNet-B0's (measured once),
// each holding only the three targets the models fit (accuracy, throughput_a100, latency_zcu102).
inline data::Dataset synthetic_records(std::size_t n = 240) {
  std::vector<data::Record> records = anb::testing::synthetic_records(n - 1, 3);
  stats::Rng rng = stats::Rng::substream(3, 2);
  records.push_back(anb::testing::synthetic_record(
      space::Architecture::efficientnet_b0(), "result_" + std::to_string(n - 1) + ".json", rng));
  for (data::Record& r : records) {
    r.val_top5.reset();
    r.train_time.reset();
    r.perf = {{"throughput_a100", r.perf.at("throughput_a100")},
              {"latency_zcu102", r.perf.at("latency_zcu102")}};
  }
  return data::Dataset(std::move(records));
}

// Fits accuracy, throughput_a100 and latency_zcu102 on the synthetic records into `dir`.
inline void fit_synthetic(const data::Dataset& records, const std::filesystem::path& dir) {
  surrogate::FitOptions o = surrogate::testing::quick_options(20, 2);
  o.targets = {"accuracy", "throughput_a100", "latency_zcu102"};
  surrogate::fit_models(records, {}, o, dir);
}

// One fit per test program, shared by every suite.
class SyntheticModels {
 public:
  static const SyntheticModels& get() {
    static const SyntheticModels models;
    return models;
  }
  const std::filesystem::path& dir() const { return dir_; }
  const data::Dataset& records() const { return records_; }
  Api api(ApiLimits limits = {}, bool with_data = true) const {
    return Api(surrogate::Benchmark::load(dir_ / "models"),
               with_data ? std::optional<data::Dataset>(records_) : std::nullopt, limits,
               search::HypervolumeReference::load(std::string(ANB_SOURCE_DIR) +
                                                  "/config/hypervolume_reference.json"));
  }
  ~SyntheticModels() { std::filesystem::remove_all(dir_); }

 private:
  SyntheticModels()
      : dir_(std::filesystem::temp_directory_path() /
             ("anb-serve-test-" + std::to_string(::getpid()))),
        records_(synthetic_records()) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    fit_synthetic(records_, dir_ / "models");
  }
  std::filesystem::path dir_;
  data::Dataset records_;
};

}  // namespace anb::serve::testing
