#pragma once
// A tiny model directory for the surrogate command-line tests (fit, eval, query, bench): 300
// training and 80 validation records of the shared data, 25 rounds, two members.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "run_anb.h"

namespace anb::cli_test {

inline std::string shared_data() {
  return std::string(ANB_TEST_DATA_DIR) + "/anb_dataset_trainval.tar.gz";
}

// Writes the first n ids of the shared split list `name` to `out`.
inline void write_list(const std::string& name, std::size_t n, const std::filesystem::path& out) {
  std::ifstream in(std::string(ANB_TEST_DATA_DIR) + "/splits/" + name + ".txt");
  std::ofstream o(out);
  std::string line;
  for (std::size_t i = 0; i < n && std::getline(in, line); ++i) o << line << "\n";
}

// A folder with train.txt, val.txt and tiny.json (settings) for fast fits.
inline std::filesystem::path tiny_setup(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("anb-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  write_list("train", 300, dir / "train.txt");
  write_list("val", 80, dir / "val.txt");
  std::ofstream(dir / "tiny.json")
      << R"({"default": {"num_rounds": 25, "early_stopping_rounds": 5, "members": 2,
                         "learning_rate": 0.3, "transform": "none"},
             "targets": {"throughput_a100": {"transform": "log"}}})";
  return dir;
}

// The `anb fit` arguments for a tiny fit of `targets` into dir/models.
inline std::string tiny_fit_args(const std::filesystem::path& dir, const std::string& targets) {
  return "fit --data " + shared_data() + " --train-list " + (dir / "train.txt").string() +
         " --val-list " + (dir / "val.txt").string() + " --config " + (dir / "tiny.json").string() +
         " --threads 1 --targets " + targets + " --out " + (dir / "models").string();
}

// Base of the suites that share one tiny fit of accuracy and throughput_a100 (eval, query).
// Each suite derives from it and calls set_up_suite("name") / tear_down_suite() from its
// SetUpTestSuite / TearDownTestSuite; suites run one after another, so they can share dir_.
class TinyModelsSuite : public ::testing::Test {
 protected:
  static void set_up_suite(const std::string& name) {
    dir_ = new std::filesystem::path(tiny_setup(name));
    const AnbRun r = run_anb(tiny_fit_args(*dir_, "accuracy,throughput_a100"));
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void tear_down_suite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  static std::string models() { return (*dir_ / "models").string(); }
  static std::string val() { return (*dir_ / "val.txt").string(); }
  static inline std::filesystem::path* dir_ = nullptr;
};

}  // namespace anb::cli_test
