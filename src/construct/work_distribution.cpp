#include "anb/construct/work_distribution.h"

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "anb/io/atomic_file.h"

#ifdef ANB_HAVE_MPI
#include <mpi.h>
#endif

namespace anb::construct {
namespace {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") ||
         std::getenv("PMIX_RANK");
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
    throw std::invalid_argument("shard '" + whole + "': expected I/N with integers 0 <= I < N");
  }
  return v;
}

}  // namespace

Shard Shard::parse(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    throw std::invalid_argument("shard '" + text + "': expected I/N with integers 0 <= I < N");
  }
  Shard s;
  s.index = parse_int(text.substr(0, slash), text);
  s.count = parse_int(text.substr(slash + 1), text);
  if (s.count < 1 || s.index < 0 || s.index >= s.count) {
    throw std::invalid_argument("shard '" + text + "': need 0 <= I < N");
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
                 "every rank will do all the work (use --shard I/N instead)\n";
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
  const std::string text = io::read_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path.string() + ": not valid JSON: " + e.what());
  }
}

void ResultStore::write(const std::string& key, const nlohmann::json& value) const {
  io::write_file_atomic(path_of(key), value.dump(1) + "\n");
}

void claim_output(const std::filesystem::path& file, const nlohmann::json& fingerprint) {
  if (std::filesystem::exists(file)) {
    nlohmann::json existing;
    try {
      existing = nlohmann::json::parse(io::read_file(file));
    } catch (const nlohmann::json::parse_error& e) {
      throw std::runtime_error(file.string() + ": not valid JSON: " + e.what());
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
                      const std::function<void(std::size_t, const nlohmann::json&)>& on_done) {
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
    const nlohmann::json result = work(i);
    store.write(k, result);
    ++summary.completed;
    if (on_done) on_done(i, result);
  }
  return summary;
}

}  // namespace anb::construct
