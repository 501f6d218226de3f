#pragma once
// What the command-line tests (and pytest) share, made once per test run: the synthetic dataset
// (synthetic_data.h) written as record files with repeated training runs beside them
// (proxy_ablation/, for the noise models), a new device's measurements, and three tiny model
// directories fitted on it with `anb fit`:
//
//   tiny    accuracy, throughput_a100 (eval, query);
//   priors  throughput_a100, throughput_3090 (few-shot priors);
//   search  accuracy, throughput_zcu102, latency_zcu102, train_time (search, experiment).
//
// CTest builds them once in the test `anb_cli_fixtures` (FIXTURES_SETUP; every CLI test and
// pytest requires it) by running `anb_cli_fixtures`. A test binary run by hand builds them on
// first use (`cli_fixtures()`), under a file lock, and rebuilds them when the `anb` binary is
// newer than they are. Tests copy a model directory before changing it.

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "run_anb.h"
#include "synthetic_data.h"

namespace anb::cli_test {

namespace fixtures_detail {
namespace fs = std::filesystem;

// The fixture folder: $ANB_TEST_FIXTURES, else <build>/test-fixtures.
inline fs::path root() {
  const char* env = std::getenv("ANB_TEST_FIXTURES");
  return (env != nullptr && *env != '\0') ? fs::path(env)
                                          : fs::path(ANB_BINARY_DIR) / "test-fixtures";
}

// Identifies the `anb` binary the models were fitted with (size and modification time).
inline std::string binary_stamp() {
  std::error_code ec;
  const auto size = fs::file_size(ANB_EXE, ec);
  const auto time = fs::last_write_time(ANB_EXE, ec).time_since_epoch().count();
  return std::to_string(size) + " " + std::to_string(time) + "\n";
}

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes the first n ids of synthetic split `name` to `out`.
inline void write_list(const std::string& name, std::size_t n, const fs::path& out) {
  std::ofstream o(out);
  for (const auto& id : anb::testing::synthetic_split(name, n)) o << id << "\n";
}

// Settings of the tiny fits: 25 rounds, two members, log throughputs.
inline const char* const kTinyConfig =
    R"({"default": {"num_rounds": 25, "early_stopping_rounds": 5, "members": 2,
                    "learning_rate": 0.3, "transform": "none"},
        "targets": {"throughput_a100": {"transform": "log"}}})";

// Settings of the search models: 30 rounds, two members, log device targets.
inline const char* const kSearchConfig =
    R"({"default": {"num_rounds": 30, "members": 2, "learning_rate": 0.3,
                    "early_stopping_rounds": 10, "transform": "log"},
        "targets": {"accuracy": {"transform": "none"}}})";

inline void fit(const std::string& args) {
  const AnbRun r = run_anb(args + " --threads 1 --no-progress");
  if (r.status != 0) throw std::runtime_error("anb " + args + " failed:\n" + r.err);
}

// Writes every fixture into `dir` (which must not exist).
inline void build(const fs::path& dir) {
  anb::testing::write_synthetic_dataset(dir / "data");
  anb::testing::write_synthetic_seed_runs(dir / "proxy_ablation");  // beside data/, as in shared
  anb::testing::write_records(anb::testing::synthetic_device_records(), dir / "h200");
  fs::create_directories(dir / "lists");
  write_list("train", 300, dir / "lists" / "train.txt");
  write_list("val", 80, dir / "lists" / "val.txt");
  std::ofstream(dir / "lists" / "tiny.json") << kTinyConfig;
  std::ofstream(dir / "lists" / "search.json") << kSearchConfig;
#ifdef ANB_CLI_FIT_FIXTURES
  const std::string tiny = "fit --data " + (dir / "data").string() + " --train-list " +
                           (dir / "lists" / "train.txt").string() + " --val-list " +
                           (dir / "lists" / "val.txt").string() + " --config " +
                           (dir / "lists" / "tiny.json").string();
  fit(tiny + " --targets accuracy,throughput_a100 --out " + (dir / "models" / "tiny").string());
  fit(tiny + " --targets throughput_a100,throughput_3090 --out " +
      (dir / "models" / "priors").string());
  fit("fit --data " + (dir / "data").string() + " --config " +
      (dir / "lists" / "search.json").string() +
      " --targets accuracy,throughput_zcu102,latency_zcu102,train_time --out " +
      (dir / "models" / "search").string());
#endif
}

}  // namespace fixtures_detail

// Builds the fixtures unless they are there and fitted by the current `anb` binary (always when
// `rebuild`); returns their folder. Safe to call from parallel processes.
inline std::filesystem::path cli_fixtures(bool rebuild = false) {
  namespace fs = std::filesystem;
  using namespace fixtures_detail;
  static bool checked = false;
  const fs::path dir = root();
  if (checked && !rebuild) return dir;
  fs::create_directories(dir.parent_path());
  const std::string lock_path = dir.string() + ".lock";
  const int lock = ::open(lock_path.c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
    throw std::runtime_error("cannot lock " + lock_path);
  }
  const fs::path stamp = dir / "ready";
  try {
    if (rebuild || !fs::exists(stamp) || read_text(stamp) != binary_stamp()) {
      fs::remove_all(dir);
      const fs::path tmp = dir.string() + ".tmp";
      fs::remove_all(tmp);
      build(tmp);
      std::ofstream(tmp / "ready") << binary_stamp();
      fs::rename(tmp, dir);
    }
  } catch (...) {
    ::close(lock);
    throw;
  }
  ::close(lock);
  checked = true;
  return dir;
}

// The synthetic dataset: a folder of record files with splits/train.txt and splits/val.txt.
inline std::string synthetic_data() {
  return (cli_fixtures() / "data").string();
}

// Synthetic measurements of a new device (throughput_h200, latency_h200) of 100 of its
// architectures.
inline std::string synthetic_device_data() {
  return (cli_fixtures() / "h200").string();
}

// A fixture model directory: "tiny", "priors" or "search". Copy it before changing it.
inline std::filesystem::path fixture_models(const std::string& name) {
  return cli_fixtures() / "models" / name;
}

}  // namespace anb::cli_test
