#include "anb/data/targets.h"

#include <stdexcept>

namespace anb::data {
namespace {

bool is_device_name(std::string_view device) {
  if (device.empty()) return false;
  for (const char c : device) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

const std::vector<std::string>& original_targets() {
  static const std::vector<std::string> names = {
      "accuracy",          "throughput_a100",   "throughput_3090",
      "throughput_tpuv2",  "throughput_tpuv3",  "throughput_zcu102",
      "throughput_vck190", "latency_zcu102",    "latency_vck190"};
  return names;
}

TargetInfo target_info(std::string_view name) {
  TargetInfo info;
  info.name = std::string(name);
  if (name == "accuracy" || name == "val_top5") {
    info.metric = std::string(name);
    info.unit = "%";
    info.direction = Direction::kMaximize;
    return info;
  }
  if (name == "train_time") {
    info.metric = "train_time";
    info.unit = "s";
    info.direction = Direction::kMinimize;
    return info;
  }
  for (const std::string_view metric : {std::string_view("throughput"), std::string_view("latency")}) {
    if (!starts_with(name, metric) || name.size() <= metric.size() || name[metric.size()] != '_') {
      continue;
    }
    const std::string_view device = name.substr(metric.size() + 1);
    if (!is_device_name(device)) break;
    info.metric = std::string(metric);
    info.device = std::string(device);
    info.unit = metric == "throughput" ? "images/s" : "ms";
    info.direction = metric == "throughput" ? Direction::kMaximize : Direction::kMinimize;
    return info;
  }
  throw std::invalid_argument("target name '" + std::string(name) +
                              "' is not 'accuracy', 'val_top5', 'train_time', "
                              "'throughput_<device>' or 'latency_<device>' "
                              "(device of a-z, 0-9, '_' and '-')");
}

bool is_device_target(std::string_view name) {
  if (!is_target_name(name)) return false;
  const std::string metric = target_info(name).metric;
  return metric == "throughput" || metric == "latency";
}

bool is_target_name(std::string_view name) {
  try {
    target_info(name);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace anb::data
