#include "anb/construct/work_distribution.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/json.h"

#ifdef ANB_HAVE_MPI
#include <mpi.h>
#endif

namespace anb::construct {
namespace {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

int parse_int(const std::string& text, const std::string& whole) {
  std::size_t used = 0;
  int v = -1;
  try {
    v = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty()) {
    throw std::invalid_argument("shard: got '" + whole +
                                "'; expected I/N with integers 0 <= I < N");
  }
  return v;
}

// The value of `name` in `env` as a non-negative integer; nullopt when unset.
std::optional<long long> slurm_number(const Environment& env, const char* name) {
  const auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  const std::string& text = it->second;
  std::size_t used = 0;
  long long v = -1;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || v < 0 || v > 1'000'000'000) {
    throw std::invalid_argument(
        fmt::format("shard auto: {}='{}' is not a non-negative integer", name, text));
  }
  return v;
}

// The job-array part of shard "auto", if any.
std::optional<Shard> array_shard(const Environment& env, std::string& note) {
  const auto id = slurm_number(env, "SLURM_ARRAY_TASK_ID");
  if (!id) return std::nullopt;
  const auto count = slurm_number(env, "SLURM_ARRAY_TASK_COUNT");
  if (!count) {
    throw std::invalid_argument(fmt::format(
        "shard auto: SLURM_ARRAY_TASK_ID={} is set but SLURM_ARRAY_TASK_COUNT is not", *id));
  }
  if (*count < 1) {
    throw std::invalid_argument(
        fmt::format("shard auto: SLURM_ARRAY_TASK_COUNT='{}' must be at least 1", *count));
  }
  const long long min = slurm_number(env, "SLURM_ARRAY_TASK_MIN").value_or(0);
  const long long step = slurm_number(env, "SLURM_ARRAY_TASK_STEP").value_or(1);
  if (step < 1) {
    throw std::invalid_argument(
        fmt::format("shard auto: SLURM_ARRAY_TASK_STEP='{}' must be at least 1", step));
  }
  if (*id < min || (*id - min) % step != 0 || (*id - min) / step >= *count) {
    throw std::invalid_argument(fmt::format(
        "shard auto: SLURM_ARRAY_TASK_ID={} is not one of the {} (SLURM_ARRAY_TASK_COUNT) "
        "indices from SLURM_ARRAY_TASK_MIN={} in steps of {}: use a contiguous array "
        "(sbatch --array=A-B or A-B:S), or an explicit shard I/N",
        *id, *count, min, step));
  }
  const Shard shard{static_cast<int>((*id - min) / step), static_cast<int>(*count)};
  note = fmt::format("array task {} (SLURM_ARRAY_TASK_ID={}, MIN={}, STEP={}, COUNT={})",
                     shard.to_string(), *id, min, step, *count);
  return shard;
}

}  // namespace

Environment slurm_environment() {
  Environment env;
  for (const char* name : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                           "SLURM_ARRAY_TASK_STEP", "SLURM_PROCID", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
  return env;
}

ResolvedShard shard_from_slurm(const Environment& env, bool split_tasks) {
  ResolvedShard out;
  std::string array_note;
  const std::optional<Shard> array = array_shard(env, array_note);
  std::optional<Shard> tasks;
  if (split_tasks) {
    const auto procid = slurm_number(env, "SLURM_PROCID");
    const auto ntasks = slurm_number(env, "SLURM_NTASKS");
    if (procid && ntasks) {
      if (*ntasks < 1 || *procid >= *ntasks) {
        throw std::invalid_argument(fmt::format(
            "shard auto: SLURM_PROCID={} must be below SLURM_NTASKS={}", *procid, *ntasks));
      }
      tasks = Shard{static_cast<int>(*procid), static_cast<int>(*ntasks)};
    } else if (procid || ntasks) {
      throw std::invalid_argument(fmt::format("shard auto: {} is set but {} is not",
                                              procid ? "SLURM_PROCID" : "SLURM_NTASKS",
                                              procid ? "SLURM_NTASKS" : "SLURM_PROCID"));
    }
  }
  if (!array && !tasks) {
    out.note =
        "no Slurm array or task variables (SLURM_ARRAY_TASK_ID, SLURM_PROCID) "
        "are set: shard 0/1, this process owns every item";
    return out;
  }
  out.shard = array.value_or(Shard{});
  if (tasks) out.shard = combine(out.shard, tasks->index, tasks->count);
  out.note = "shard " + out.shard.to_string() + " from " + (array ? array_note : std::string()) +
             (array && tasks ? " and " : "") +
             (tasks ? fmt::format("srun task {} (SLURM_PROCID) of {} (SLURM_NTASKS)", tasks->index,
                                  tasks->count)
                    : std::string());
  return out;
}

ResolvedShard resolve_shard(const std::string& text, const Environment& env, bool split_tasks) {
  if (text == "auto") return shard_from_slurm(env, split_tasks);
  return {Shard::parse(text), {}};
}

Shard Shard::parse(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    throw std::invalid_argument("shard: got '" + text + "'; expected I/N with integers 0 <= I < N");
  }
  Shard s;
  s.index = parse_int(text.substr(0, slash), text);
  s.count = parse_int(text.substr(slash + 1), text);
  if (s.count < 1 || s.index < 0 || s.index >= s.count) {
    throw std::invalid_argument("shard: got '" + text + "'; need 0 <= I < N");
  }
  return s;
}

Shard combine(const Shard& outer, int rank, int size) {
  if (size < 1 || rank < 0 || rank >= size) {
    throw std::invalid_argument("combine: rank " + std::to_string(rank) + " of " +
                                std::to_string(size) + " is not valid");
  }
  return {outer.index * size + rank, outer.count * size};
}

MpiSession::MpiSession() {
#ifdef ANB_HAVE_MPI
  if (!launched_by_mpi()) return;
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) MPI_Init(nullptr, nullptr);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#else
  if (launched_by_mpi()) {
    std::cerr << "anb: warning: launched by mpirun, but this anb was built without MPI; "
                 "every rank will do all the work (split it with explicit shards I/N instead)\n";
  }
#endif
}

MpiSession::~MpiSession() {
#ifdef ANB_HAVE_MPI
  if (active_) {
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (!finalised) MPI_Finalize();
  }
#endif
}

void MpiSession::barrier() const {
#ifdef ANB_HAVE_MPI
  if (active_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

void MpiSession::abort(const std::string& message) const {
#ifdef ANB_HAVE_MPI
  if (active_ && size_ > 1) {
    std::cerr << "anb: error (rank " << rank_ << " of " << size_ << "): " << message << std::endl;
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
#endif
  throw std::runtime_error(message);
}

ResultStore::ResultStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

std::filesystem::path ResultStore::path_of(const std::string& key) const {
  return dir_ / (key + ".json");
}

bool ResultStore::has(const std::string& key) const {
  return std::filesystem::is_regular_file(path_of(key));
}

nlohmann::json ResultStore::read(const std::string& key) const {
  const auto path = path_of(key);
  try {
    return io::read_json_file(path);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(e.what());
  }
}

void ResultStore::write(const std::string& key, const nlohmann::json& value) const {
  io::write_file_atomic(path_of(key), value.dump(1) + "\n");
}

std::filesystem::path ResultStore::failure_path_of(const std::string& key) const {
  return dir_ / (key + ".failed.json");
}

bool ResultStore::has_failure(const std::string& key) const {
  return std::filesystem::is_regular_file(failure_path_of(key));
}

void ResultStore::write_failure(const std::string& key, const std::string& error) const {
  io::write_file_atomic(failure_path_of(key),
                        nlohmann::json{{"key", key}, {"error", error}}.dump(1) + "\n");
}

void ResultStore::clear_failure(const std::string& key) const {
  std::error_code ignored;
  std::filesystem::remove(failure_path_of(key), ignored);
}

void claim_output(const std::filesystem::path& file, const nlohmann::json& fingerprint) {
  if (std::filesystem::exists(file)) {
    nlohmann::json existing;
    try {
      existing = io::read_json_file(file);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(e.what());
    }
    if (existing != fingerprint) {
      throw std::runtime_error(file.string() +
                               " describes a different job (other config, scheme or "
                               "architectures); use a new output folder");
    }
    return;
  }
  io::write_file_atomic(file, fingerprint.dump(1) + "\n");
}

WorkSummary run_items(std::size_t n, const Shard& shard, const ResultStore& store,
                      const std::function<std::string(std::size_t)>& key,
                      const std::function<nlohmann::json(std::size_t)>& work,
                      const std::function<void(std::size_t, const nlohmann::json&)>& on_done,
                      const std::function<void(std::size_t, const std::string&)>& on_failed) {
  WorkSummary summary;
  summary.total = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!shard.owns(i)) continue;
    ++summary.owned;
    const std::string k = key(i);
    if (store.has(k)) {
      ++summary.skipped;
      continue;
    }
    nlohmann::json result;
    try {
      result = work(i);
    } catch (const JobError&) {
      throw;
    } catch (const std::exception& e) {
      store.write_failure(k, e.what());
      ++summary.failed;
      summary.failures.push_back(k + ": " + e.what());
      if (on_failed) on_failed(i, e.what());
      continue;
    }
    store.write(k, result);
    store.clear_failure(k);
    ++summary.completed;
    if (on_done) on_done(i, result);
  }
  return summary;
}

}  // namespace anb::construct
