#pragma once
// Splitting a list of work items (one training run each) over processes, and keeping their
// results resumable.
//
// Items are numbered 0..n-1 and dealt round-robin: worker w of W owns items i with i % W == w.
// Workers come from two sources that combine: `--shard I/N` (a Slurm job array, no MPI) and the
// ranks of an MPI job (`mpirun -np K anb collect ...`): shard I/N with K ranks gives rank r the
// worker number I*K + r of N*K. Every item's result is a file of its own, written atomically, so
// any worker can die and a rerun only trains the items whose files are missing.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace anb::construct {

// One worker's slice of the items.
struct Shard {
  int index = 0;  // 0..count-1
  int count = 1;

  // Parses "I/N" (0 <= I < N); throws std::invalid_argument quoting the text otherwise.
  static Shard parse(const std::string& text);

  // Whether this worker owns item `item`.
  bool owns(std::size_t item) const {
    return static_cast<int>(item % static_cast<std::size_t>(count)) == index;
  }

  std::string to_string() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Worker `rank` of `size` inside shard `outer` (see file comment).
Shard combine(const Shard& outer, int rank, int size);

// The MPI job this process belongs to, if any. MPI is started only when the process was launched
// by an MPI launcher (mpirun sets OMPI_COMM_WORLD_SIZE / PMI_SIZE / PMIX_RANK) and anb was built
// with MPI; otherwise this is a single worker of rank 0 of 1. Finalises MPI on destruction.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool active() const { return active_; }

  // Waits for every rank (no-op without MPI).
  void barrier() const;

  // Prints `message` to stderr with the rank and ends the whole MPI job with exit code 1 (with
  // a single process: throws std::runtime_error(message) instead).
  [[noreturn]] void abort(const std::string& message) const;

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
};

// A folder of result files, one JSON file per item key ("<dir>/<key>.json").
class ResultStore {
 public:
  explicit ResultStore(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path path_of(const std::string& key) const;
  bool has(const std::string& key) const;

  // Reads a result; throws std::runtime_error naming the file if it is missing or not JSON.
  nlohmann::json read(const std::string& key) const;

  // Writes a result atomically (creates the folder).
  void write(const std::string& key, const nlohmann::json& value) const;

 private:
  std::filesystem::path dir_;
};

// Ties an output folder to one job: writes `fingerprint` to `file` when it is absent, and
// throws std::runtime_error naming the file when it holds a different fingerprint (an output
// folder of another config must not be mixed into this one).
void claim_output(const std::filesystem::path& file, const nlohmann::json& fingerprint);

// What one worker did.
struct WorkSummary {
  std::size_t total = 0;      // items in the whole job
  std::size_t owned = 0;      // items of this worker
  std::size_t skipped = 0;    // owned items whose result already existed
  std::size_t completed = 0;  // owned items computed now
};

// Runs the owned items of 0..n-1 whose result is missing: `work(i)` returns the result that is
// stored under `key(i)`. `on_done(i, result)` (optional) is called after each new result.
WorkSummary run_items(std::size_t n, const Shard& shard, const ResultStore& store,
                      const std::function<std::string(std::size_t)>& key,
                      const std::function<nlohmann::json(std::size_t)>& work,
                      const std::function<void(std::size_t, const nlohmann::json&)>& on_done = {});

}  // namespace anb::construct
