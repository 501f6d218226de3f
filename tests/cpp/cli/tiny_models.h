#pragma once
// Tiny model directories for the surrogate command-line tests (fit, eval, query, few-shot): fits
// on 300 training and 80 validation records of the synthetic dataset (cli/fixtures.h), 25 rounds,
// two members. The suites that only read models take a copy of a fixture directory fitted once
// per test run instead of fitting their own.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fixtures.h"
#include "run_anb.h"

namespace anb::cli_test {

// The dataset of the CLI tests (synthetic records with split lists beside them).
inline std::string test_data() {
  return synthetic_data();
}

// A fresh folder with train.txt, val.txt (300 and 80 ids of the synthetic splits) and tiny.json
// (settings) for fast fits.
inline std::filesystem::path tiny_setup(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("anb-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto lists = cli_fixtures() / "lists";
  for (const char* file : {"train.txt", "val.txt", "tiny.json"}) {
    std::filesystem::copy_file(lists / file, dir / file);
  }
  return dir;
}

// The `anb fit` arguments for a tiny fit of `targets` into dir/models.
inline std::string tiny_fit_args(const std::filesystem::path& dir, const std::string& targets) {
  return "fit --data " + test_data() + " --train-list " + (dir / "train.txt").string() +
         " --val-list " + (dir / "val.txt").string() + " --config " + (dir / "tiny.json").string() +
         " --threads 1 --targets " + targets + " --out " + (dir / "models").string();
}

// Base of the suites that share one tiny fit (eval, query: accuracy and throughput_a100; few-shot:
// the "priors" fixture). Each suite derives from it and calls set_up_suite("name") /
// tear_down_suite() from its SetUpTestSuite / TearDownTestSuite; dir_/models is the suite's own
// copy of the fixture models.
class TinyModelsSuite : public ::testing::Test {
 protected:
  static void set_up_suite(const std::string& name, const std::string& fixture = "tiny") {
    dir_ = new std::filesystem::path(tiny_setup(name));
    std::filesystem::copy(fixture_models(fixture), *dir_ / "models",
                          std::filesystem::copy_options::recursive);
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
