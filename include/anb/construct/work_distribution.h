#pragma once
// Splitting a list of work items (one training run each) over processes, and keeping their
// results resumable.
//
// Items are numbered 0..n-1 and dealt round-robin: worker w of W owns items i with i % W == w.
// Workers come from two sources that combine: `--shard I/N` (a Slurm job array, no MPI) and the
// ranks of an MPI job (`mpirun -np K anb collect ...`): shard I/N with K ranks gives rank r the
// worker number I*K + r of N*K. Every item's result is a file of its own, written atomically, so
// any worker can die and a rerun only trains the items whose files are missing. An item whose
// work throws (out of GPU memory, an undecodable image, ...) is recorded as failed in a file of
// its own, `<key>.failed.json` with the reason, and the other items go on; a rerun retries it.
//
// `--shard auto` takes the shard from the Slurm environment (shard_from_slurm), so a job array
// needs neither MPI nor arithmetic in the batch script.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace anb::construct {

// One worker's slice of the items.
struct Shard {
  int index = 0;  // 0..count-1
  int count = 1;

  // Parses "I/N" (0 <= I < N); throws std::invalid_argument "shard: got '<text>'; <rule>"
  // otherwise.
  static Shard parse(const std::string& text);

  // Whether this worker owns item `item`.
  bool owns(std::size_t item) const {
    return static_cast<int>(item % static_cast<std::size_t>(count)) == index;
  }

  std::string to_string() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Worker `rank` of `size` inside shard `outer` (see file comment).
Shard combine(const Shard& outer, int rank, int size);

// Environment variables by name (absent: unset); injected so that tests need no real Slurm.
using Environment = std::map<std::string, std::string>;

// The Slurm variables shard_from_slurm reads, from this process's environment.
Environment slurm_environment();

// A shard and where it came from (one line for the log).
struct ResolvedShard {
  Shard shard;
  std::string note;
};

// Shard "auto" (the CLI's `--shard auto`):
//  - a job array (SLURM_ARRAY_TASK_ID set): index (ID - SLURM_ARRAY_TASK_MIN) /
//    SLURM_ARRAY_TASK_STEP (MIN 0 and STEP 1 when unset) of SLURM_ARRAY_TASK_COUNT; the array
//    must be a contiguous range (--array=A-B or A-B:S);
//  - the tasks of an `srun` step (SLURM_PROCID / SLURM_NTASKS), when `split_tasks` (false
//    under MPI, whose ranks are the same processes and split the work already); with an array
//    too, task t of T inside array shard I/N is worker I*T + t of N*T (combine);
//  - neither: 0/1, with a note saying so.
// The note says where the shard came from ("shard I/N from array task ...").
// Bad values (not a non-negative integer, ID below MIN, index not below COUNT, COUNT 0,
// PROCID not below NTASKS, ID without COUNT) throw std::invalid_argument "shard auto: ..."
// naming the variable and its value.
ResolvedShard shard_from_slurm(const Environment& env, bool split_tasks);

// Parses `text`: "auto" (shard_from_slurm(env, split_tasks)) or "I/N" (Shard::parse).
ResolvedShard resolve_shard(const std::string& text, const Environment& env, bool split_tasks);

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

  // "<dir>/<key>.failed.json": the record of a failed attempt ({"key", "error"}).
  std::filesystem::path failure_path_of(const std::string& key) const;
  bool has_failure(const std::string& key) const;
  void write_failure(const std::string& key, const std::string& error) const;
  // Removes the failure record, if any.
  void clear_failure(const std::string& key) const;

 private:
  std::filesystem::path dir_;
};

// Ties an output folder to one job: writes `fingerprint` to `file` when it is absent, and
// throws std::runtime_error naming the file when it holds a different fingerprint (an output
// folder of another config must not be mixed into this one).
void claim_output(const std::filesystem::path& file, const nlohmann::json& fingerprint);

// An error that concerns the whole job rather than one item (e.g. the dataset cannot be read):
// run_items lets it through instead of recording the item as failed.
class JobError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs `f`; any exception it throws other than JobError is rethrown as a JobError with the
// same message (for the set-up steps inside a work function that every item shares).
template <class F>
void as_job_step(F&& f) {
  try {
    f();
  } catch (const JobError&) {
    throw;
  } catch (const std::exception& e) {
    throw JobError(e.what());
  }
}

// What one worker did.
struct WorkSummary {
  std::size_t total = 0;      // items in the whole job
  std::size_t owned = 0;      // items of this worker
  std::size_t skipped = 0;    // owned items whose result already existed
  std::size_t completed = 0;  // owned items computed now
  std::size_t failed = 0;     // owned items whose work threw now (recorded as <key>.failed.json)
  std::vector<std::string> failures;  // "<key>: <reason>" of each of them
};

// Runs the owned items of 0..n-1 whose result is missing: `work(i)` returns the result that is
// stored under `key(i)` (and removes an earlier failure record of the item). When `work(i)`
// throws a std::exception other than JobError, the item is recorded as failed with the
// exception's message (ResultStore::write_failure) and the next item follows; a JobError ends
// the run. `on_done(i, result)` (optional) is called after each new result, `on_failed(i,
// reason)` (optional) after each failure.
WorkSummary run_items(std::size_t n, const Shard& shard, const ResultStore& store,
                      const std::function<std::string(std::size_t)>& key,
                      const std::function<nlohmann::json(std::size_t)>& work,
                      const std::function<void(std::size_t, const nlohmann::json&)>& on_done = {},
                      const std::function<void(std::size_t, const std::string&)>& on_failed = {});

}  // namespace anb::construct
