#pragma once
// Models for the serve tests that need no shared data: synthetic records (accuracy grows with
// MACs, throughput falls, latency grows, all inside the ranges of the real data so that the
// shipped hypervolume box holds them), fitted with a few rounds and two members.

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/search/hypervolume_reference.h"
#include "anb/serve/api.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/fit.h"

namespace anb::serve::testing {

inline data::Dataset synthetic_records(std::size_t n = 240) {
  std::vector<space::Architecture> archs = space::sample(n - 1, 3);
  archs.push_back(space::Architecture::efficientnet_b0());
  std::vector<data::Record> records;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const double macs = space::cost(archs[i]).mmacs();
    const double t = std::clamp((macs - 150.0) / 600.0, 0.0, 1.0);
    const double wiggle = static_cast<double>(i % 7) * 0.1;
    data::Record r;
    r.id = "synthetic_" + std::to_string(i) + ".json";
    r.arch = archs[i];
    r.val_top1 = 50.0 + 15.0 * t + wiggle;
    r.perf["throughput_a100"].mean = 28000.0 - 22000.0 * t + 100.0 * wiggle;
    r.perf["latency_zcu102"].mean = 2.0 + 18.0 * t - wiggle;
    records.push_back(r);
  }
  return data::Dataset(records);
}

// Fits accuracy, throughput_a100 and latency_zcu102 on the synthetic records into `dir`.
inline void fit_synthetic(const data::Dataset& records, const std::filesystem::path& dir) {
  surrogate::FitOptions o;
  o.hyperparameters.fallback.num_rounds = 20;
  o.hyperparameters.fallback.early_stopping_rounds = 5;
  o.hyperparameters.fallback.learning_rate = 0.3;
  o.hyperparameters.fallback.members = 2;
  o.hyperparameters.fallback.transform = surrogate::Transform::none();
  o.hyperparameters.targets.clear();
  o.threads = 1;
  o.progress = false;
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
