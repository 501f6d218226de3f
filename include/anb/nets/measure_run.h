#pragma once
// A resumable measurement run over many architectures: one record per architecture in the
// original record format, written atomically into an output directory:
//
//   <out>/<canonical arch string>.json =
//     {"architecture": {...}, "model_info": {"macs": ..., "params": ...},
//      "platform_perf": {"throughput_<name>": {"throughput_mean": ..., "throughput_std": ...},
//                        "latency_<name>": {"latency_mean": ..., "latency_std": ...}},
//      "metadata": {"device": ..., "batch": ..., "resolution": ..., "precision": ..., ...}}
//
// A rerun skips architectures whose record exists and is complete, so killing the process
// loses at most the architecture in flight. An earlier record that does not parse, belongs to
// another architecture, lacks this run's targets or was measured with other settings stops the
// run with an error naming the file; it is never overwritten.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/nets/measure.h"
#include "anb/space/architecture.h"

namespace anb::nets {

// A run: where, under which device name, how.
struct MeasureRunOptions {
  std::string name;               // device name: targets throughput_<name>, latency_<name>
  std::filesystem::path out_dir;  // where the records go (created if missing)
  MeasureOptions measure;
  std::string description;  // free text about the device (added to the metadata)

  // Throws std::invalid_argument naming the field, the value and the rule (name of
  // [a-z0-9_-], out_dir not empty, and MeasureOptions::validate).
  void validate() const;
};

// What a run did.
struct MeasureRunSummary {
  std::size_t measured = 0;  // architectures measured now
  std::size_t skipped = 0;   // architectures whose record already existed
  double seconds = 0.0;      // wall time of the run
  double peak_rss_mib = 0.0;  // peak resident memory of the process
};

// Called after each architecture (measured or skipped) with its index and result (skipped
// architectures report a zero measurement).
using MeasureCallback =
    std::function<void(std::size_t index, const space::Architecture&, const ArchMeasurement&,
                       bool skipped)>;

// File name of the record of `arch`: "<canonical string>.json".
std::string record_file_name(const space::Architecture& arch);

// The settings block stored under "metadata" in every record of a run: device, description,
// batch, resolution, precision, threads, warm-up, repeats, memory format, timing method,
// libtorch version, OMP_WAIT_POLICY, network, date (UTC) and anb version.
nlohmann::json run_metadata(const MeasureRunOptions& options);

// The record of one measured architecture.
nlohmann::json measurement_record(const space::Architecture& arch, const ArchMeasurement& m,
                                  const MeasureRunOptions& options,
                                  const nlohmann::json& metadata);

// Checks an earlier record of `arch` at `path`: returns true when it is complete for this run;
// throws std::runtime_error naming the file when it is corrupt, belongs to another
// architecture, lacks a target of this run or was measured with other settings.
bool earlier_record_is_complete(const std::filesystem::path& path,
                                const space::Architecture& arch,
                                const MeasureRunOptions& options,
                                const nlohmann::json& metadata);

// Throws std::runtime_error naming the directory when it cannot be created or written.
void require_writable_directory(const std::filesystem::path& dir);

// The architectures of `archs` without repeats, first occurrence kept.
std::vector<space::Architecture> unique_architectures(
    const std::vector<space::Architecture>& archs);

// Measures every architecture of `archs` that has no complete record in options.out_dir yet.
// Validates options, the device and the directory, and checks every earlier record before
// measuring anything.
MeasureRunSummary run_measurements(const std::vector<space::Architecture>& archs,
                                   const MeasureRunOptions& options,
                                   const MeasureCallback& callback = {});

}  // namespace anb::nets
