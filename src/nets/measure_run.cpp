#include "anb/nets/measure_run.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <set>
#include <stdexcept>
#include <unordered_set>

#include <torch/torch.h>
#include <torch/version.h>

#include "anb/data/record.h"
#include "anb/io/atomic_file.h"
#include "anb/space/cost.h"

namespace anb::nets {
namespace {

// Settings that must agree between an earlier record and this run.
const char* const kSettingKeys[] = {"device", "batch", "resolution", "precision",
                                    "threads", "memory_format", "warmup", "repeats"};

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

std::string corrupt(const std::filesystem::path& path, const std::string& why) {
  return "earlier record " + path.string() + " " + why +
         "; it is left untouched: delete it to measure this architecture again, or use "
         "another output directory";
}

void check_settings(const std::filesystem::path& path, const nlohmann::json& earlier,
                    const nlohmann::json& now) {
  for (const char* key : kSettingKeys) {
    const nlohmann::json a = earlier.is_object() && earlier.contains(key) ? earlier[key]
                                                                           : nlohmann::json();
    if (a != now[key]) {
      throw std::runtime_error(corrupt(path, std::string("was measured with ") + key + " = " +
                                                 a.dump() + ", this run uses " +
                                                 now[key].dump()));
    }
  }
}

}  // namespace

void MeasureRunOptions::validate() const {
  if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") !=
                          std::string::npos) {
    throw std::invalid_argument("measure option name = '" + name +
                                "': must be a non-empty device name of [a-z0-9_-] "
                                "(it forms the targets throughput_<name> and latency_<name>)");
  }
  if (out_dir.empty()) {
    throw std::invalid_argument("measure option out_dir is empty: name an output directory");
  }
  measure.validate();
}

std::string record_file_name(const space::Architecture& arch) {
  return arch.to_string() + ".json";
}

nlohmann::json run_metadata(const MeasureRunOptions& options) {
  const MeasureOptions& m = options.measure;
  const torch::Device device = parse_device(m.device);
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return {{"device", m.device},
          {"device_description", describe_device(device)},
          {"description", options.description},
          {"host", host},
          {"batch", m.batch},
          {"latency_batch", m.latency ? 1 : 0},
          {"resolution", m.resolution},
          {"precision", to_string(m.precision) + (m.precision == Precision::kFp32
                                                      ? ""
                                                      : " autocast")},
          {"threads", m.threads > 0 ? m.threads : torch::get_num_threads()},
          {"memory_format", m.channels_last ? "channels_last" : "contiguous"},
          {"warmup", m.warmup},
          {"repeats", m.repeats},
          {"timing",
           "steady clock around each forward, device synchronised; throughput = batch / mean "
           "time, std over per-forward batch / time"},
          {"mode", "eval, no grad"},
          {"network", "search-space network, ReLU + hard-sigmoid SE gate, 1000 classes"},
          {"libtorch", TORCH_VERSION},
          {"omp_wait_policy", env_or("OMP_WAIT_POLICY", "unset")},
          {"date", utc_now()},
          {"tool", "anb measure 0.1.0"}};
}

nlohmann::json measurement_record(const space::Architecture& arch, const ArchMeasurement& m,
                                  const MeasureRunOptions& options,
                                  const nlohmann::json& metadata) {
  const space::Cost cost = space::cost(arch);
  nlohmann::json perf;
  perf["throughput_" + options.name] = {{"throughput_mean", m.throughput.mean},
                                        {"throughput_std", m.throughput.std}};
  if (options.measure.latency) {
    perf["latency_" + options.name] = {{"latency_mean", m.latency.mean},
                                       {"latency_std", m.latency.std}};
  }
  nlohmann::json meta = metadata;
  meta["seconds"] = m.seconds;
  return {{"architecture", arch.to_json()},
          {"model_info", {{"macs", cost.mmacs()}, {"params", cost.mparams()}}},
          {"platform_perf", perf},
          {"metadata", meta}};
}

bool earlier_record_is_complete(const std::filesystem::path& path,
                                const space::Architecture& arch,
                                const MeasureRunOptions& options,
                                const nlohmann::json& metadata) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  data::Record record;
  try {
    record = data::Record::parse(io::read_file(path), path.filename().string());
  } catch (const std::exception& e) {
    throw std::runtime_error(corrupt(path, std::string("is corrupt (") + e.what() + ")"));
  }
  if (record.arch != arch) {
    throw std::runtime_error(
        corrupt(path, "holds architecture " + record.arch.to_string() + ", not " +
                          arch.to_string()));
  }
  std::vector<std::string> targets = {"throughput_" + options.name};
  if (options.measure.latency) targets.push_back("latency_" + options.name);
  for (const auto& target : targets) {
    if (!record.target(target)) throw std::runtime_error(corrupt(path, "has no " + target));
  }
  check_settings(path, record.metadata, metadata);
  return true;
}

void require_writable_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw std::runtime_error("output directory " + dir.string() + " cannot be created" +
                             (ec ? ": " + ec.message() : std::string(": not a directory")));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw std::runtime_error("output directory " + dir.string() + " is not writable");
  }
}

std::vector<space::Architecture> unique_architectures(
    const std::vector<space::Architecture>& archs) {
  std::unordered_set<space::Architecture, space::ArchitectureHash> seen;
  std::vector<space::Architecture> out;
  for (const auto& a : archs) {
    if (seen.insert(a).second) out.push_back(a);
  }
  return out;
}

MeasureRunSummary run_measurements(const std::vector<space::Architecture>& archs,
                                   const MeasureRunOptions& options,
                                   const MeasureCallback& callback) {
  options.validate();
  require_device_available(parse_device(options.measure.device));
  require_writable_directory(options.out_dir);
  prepare_process(options.measure);
  const auto start = std::chrono::steady_clock::now();
  const nlohmann::json metadata = run_metadata(options);
  const std::vector<space::Architecture> todo = unique_architectures(archs);

  // Check every earlier record before spending time on measurements.
  std::vector<bool> done(todo.size());
  for (std::size_t i = 0; i < todo.size(); ++i) {
    done[i] = earlier_record_is_complete(options.out_dir / record_file_name(todo[i]), todo[i],
                                         options, metadata);
  }
  MeasureRunSummary summary;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    ArchMeasurement m;
    if (done[i]) {
      ++summary.skipped;
    } else {
      m = measure_architecture(todo[i], options.measure);
      io::write_file_atomic(options.out_dir / record_file_name(todo[i]),
                            measurement_record(todo[i], m, options, metadata).dump(1) + "\n");
      ++summary.measured;
    }
    if (callback) callback(i, todo[i], m, done[i]);
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.peak_rss_mib = peak_rss_mib();
  return summary;
}

}  // namespace anb::nets
