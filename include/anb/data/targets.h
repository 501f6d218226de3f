#pragma once
// Target names, units and directions.
//
// `accuracy` is the record's metrics.val_top1 (percent), `val_top5` its metrics.val_top5
// (percent) and `train_time` its metrics.train_time (seconds of proxified training). Device targets are
// `throughput_<device>` (images/s, platform_perf.throughput_<device>.throughput_mean) and
// `latency_<device>` (ms, platform_perf.latency_<device>.latency_mean). The original devices are
// a100, 3090, tpuv2, tpuv3, zcu102 and vck190 (latency for the two FPGAs only); any device added
// later follows the same pattern.

#include <string>
#include <string_view>
#include <vector>

namespace anb::data {

enum class Direction { kMaximize, kMinimize };

// What a target name means.
struct TargetInfo {
  std::string name;    // e.g. "throughput_a100"
  std::string metric;  // "accuracy", "val_top5", "train_time", "throughput" or "latency"
  std::string device;  // e.g. "a100"; empty for accuracy
  std::string unit;    // "%", "s", "images/s" or "ms"
  Direction direction = Direction::kMaximize;
};

// The nine targets of the original benchmark, in canonical order.
const std::vector<std::string>& original_targets();

// Parses a target name; throws std::invalid_argument for a malformed one (a name that is not
// "accuracy", "val_top5", "train_time", "throughput_<device>" or "latency_<device>" with a device of [a-z0-9_-]).
TargetInfo target_info(std::string_view name);

// True for a well-formed target name.
bool is_target_name(std::string_view name);

// True for a well-formed throughput_<device> or latency_<device> name (a platform_perf entry).
bool is_device_target(std::string_view name);

}  // namespace anb::data
