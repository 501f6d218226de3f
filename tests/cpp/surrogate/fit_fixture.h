#pragma once
// Test helpers for fitting: a few hundred synthetic records (synthetic_data.h) and tiny settings
// (few rounds, two members, one thread) so that a fit takes a fraction of a second.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/surrogate/fit.h"
#include "synthetic_data.h"

namespace anb::surrogate::testing {

// The synthetic dataset (800 records; made once per process, in memory).
inline const data::Dataset& all_records() {
  static const data::Dataset records = anb::testing::synthetic_dataset();
  return records;
}

// The first `n` ids of a synthetic split ("train": 640 records, "val": 160).
inline std::vector<std::string> split_ids(const std::string& name, std::size_t n) {
  return anb::testing::synthetic_split(name, n);
}

inline data::Dataset tiny_train() {
  return all_records().subset(split_ids("train", 300));
}
inline data::Dataset tiny_val() {
  return all_records().subset(split_ids("val", 80));
}

// `rounds` boosting rounds (early stopping after 5, learning rate 0.3), `members` members, every
// target untransformed (no per-target settings), one thread, no progress bar: the settings every
// test fit starts from (each adds its per-target settings and targets).
inline FitOptions quick_options(int rounds, int members) {
  FitOptions o;
  o.hyperparameters.fallback.num_rounds = rounds;
  o.hyperparameters.fallback.early_stopping_rounds = 5;
  o.hyperparameters.fallback.learning_rate = 0.3;
  o.hyperparameters.fallback.members = members;
  o.hyperparameters.fallback.transform = Transform::none();
  o.hyperparameters.targets.clear();
  o.threads = 1;
  o.progress = false;
  return o;
}

// Few rounds, two members, one thread; throughput targets in log space; accuracy as in the
// defaults (log_headroom, best-first trees of at most 8 leaves and depth 4).
inline FitOptions tiny_options() {
  FitOptions o = quick_options(25, 2);
  Hyperparameters log = o.hyperparameters.fallback;
  log.transform = Transform::log();
  o.hyperparameters.targets["throughput_a100"] = log;
  Hyperparameters accuracy = o.hyperparameters.fallback;
  accuracy.transform = Transform::log_headroom();
  accuracy.grow_policy = "lossguide";
  accuracy.max_depth = 4;
  accuracy.max_leaves = 8;
  o.hyperparameters.targets["accuracy"] = accuracy;
  o.targets = {"accuracy", "throughput_a100"};
  return o;
}

// A fresh empty folder under the temp directory.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("anb-surrogate-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace anb::surrogate::testing
