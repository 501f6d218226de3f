#include "anb/data/record.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/io/json.h"
#include "record_json.h"

namespace anb::data {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& field, const json& value, const std::string& rule) {
  io::fail_field("", field, value, rule);
}

// Throws when `object` holds a key outside `known`.
void reject_unknown_keys(const json& object, const std::string& where,
                         std::initializer_list<std::string_view> known) {
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
    std::string list;
    for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    const std::string field = where.empty() ? item.key() : where + "." + item.key();
    fail(field, item.value(), "is not a known field (expected one of: " + list + ")");
  }
}

const json& require_object(const json& parent, const char* key) {
  const json& value = parent.at(key);
  if (!value.is_object()) fail(key, value, "is not a JSON object");
  return value;
}

// A finite number >= `min` (strictly greater when `strict`); `max` is inclusive.
double checked_number(const json& value, const std::string& field, double min, bool strict,
                      double max = INFINITY) {
  if (!value.is_number()) fail(field, value, "is not a number");
  const double v = value.get<double>();
  if (!std::isfinite(v)) fail(field, value, "is not finite");
  if (strict ? !(v > min) : !(v >= min)) {
    fail(field, value, std::string("must be ") + (strict ? "> " : ">= ") + io::short_dump(min));
  }
  if (v > max) fail(field, value, "must be <= " + io::short_dump(max));
  return v;
}

std::optional<double> optional_number(const json& object, const std::string& where,
                                      const std::string& key, double min, bool strict,
                                      double max = INFINITY) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  return checked_number(*it, where + "." + key, min, strict, max);
}

double required_number(const json& object, const std::string& where, const std::string& key,
                       double min, bool strict, double max = INFINITY) {
  if (!object.contains(key)) {
    throw std::invalid_argument("missing field '" + where + "." + key + "'");
  }
  return checked_number(object.at(key), where + "." + key, min, strict, max);
}

// Collects the block indices of "block<i>_…" keys: {0..n-1} with n != 7 is a wrong stage count.
void check_stage_count(const json& arch) {
  int max_index = -1;
  std::array<bool, 100> seen{};  // indices have at most two digits (checked below)
  for (const auto& item : arch.items()) {
    const std::string& key = item.key();
    const std::size_t underscore = key.find('_');
    if (key.rfind("block", 0) != 0 || underscore == std::string::npos || underscore == 5) return;
    const std::string digits = key.substr(5, underscore - 5);
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (digits.size() > 2 || !std::all_of(digits.begin(), digits.end(), is_digit)) return;
    const int i = std::stoi(digits);
    seen[static_cast<std::size_t>(i)] = true;
    max_index = std::max(max_index, i);
  }
  const int n = max_index + 1;
  if (n == space::kNumStages || n == 0) return;
  for (int i = 0; i < n; ++i) {
    if (!seen[static_cast<std::size_t>(i)]) return;  // gaps: let the field checks report them
  }
  throw std::invalid_argument("architecture has " + std::to_string(n) + " stages (block0_* … block" +
                              std::to_string(n - 1) + "_*); the search space has " +
                              std::to_string(space::kNumStages) + " (block0_* … block6_*)");
}

void read_metrics(const json& m, Record& r) {
  reject_unknown_keys(m, "metrics", {"val_top1", "val_top5", "train_time"});
  r.val_top1 = required_number(m, "metrics", "val_top1", 0.0, false, 100.0);
  r.val_top5 = optional_number(m, "metrics", "val_top5", 0.0, false, 100.0);
  r.train_time = optional_number(m, "metrics", "train_time", 0.0, false);
}

void read_model_info(const json& m, Record& r) {
  reject_unknown_keys(m, "model_info", {"macs", "params"});
  r.macs = required_number(m, "model_info", "macs", 0.0, true);
  r.params = required_number(m, "model_info", "params", 0.0, true);
}

// One platform_perf entry: {"<metric>_mean": x|null, "<metric>_std": y|null}; a std without a
// mean is never in the original data and is rejected.
Measurement read_measurement(const std::string& name, const json& value) {
  const std::string where = "platform_perf." + name;
  if (!is_device_target(name)) {
    fail(where, value,
         "is not a device metric (expected throughput_<device> or latency_<device>)");
  }
  if (!value.is_object()) fail(where, value, "is not a JSON object");
  const std::string metric = target_info(name).metric;
  const std::string mean_key = metric + "_mean", std_key = metric + "_std";
  reject_unknown_keys(value, where, {mean_key, std_key});
  Measurement out;
  for (const std::string& key : {mean_key, std_key}) {
    if (!value.contains(key)) throw std::invalid_argument("missing field '" + where + "." + key + "'");
  }
  if (!value.at(mean_key).is_null()) out.mean = checked_number(value.at(mean_key), where + "." + mean_key, 0.0, true);
  if (!value.at(std_key).is_null()) out.std = checked_number(value.at(std_key), where + "." + std_key, 0.0, false);
  if (!out.mean && out.std) {
    fail(where + "." + std_key, value.at(std_key), "is given but " + mean_key + " is null");
  }
  return out;
}

void read_platform_perf(const json& p, Record& r) {
  for (const auto& item : p.items()) r.perf[item.key()] = read_measurement(item.key(), item.value());
}

json measurement_json(const std::string& name, const Measurement& m) {
  const std::string metric = target_info(name).metric;
  json out = json::object();
  out[metric + "_mean"] = m.mean ? json(*m.mean) : json(nullptr);
  out[metric + "_std"] = m.std ? json(*m.std) : json(nullptr);
  return out;
}

}  // namespace

namespace detail {

Record record_from_json(const nlohmann::json& object, std::string id) {
  if (!object.is_object()) {
    throw std::invalid_argument("record is not a JSON object (got " + io::short_dump(object) + ")");
  }
  reject_unknown_keys(object, "",
                      {"architecture", "metrics", "model_info", "platform_perf", "metadata"});
  if (!object.contains("architecture")) throw std::invalid_argument("missing field 'architecture'");
  Record r;
  r.id = std::move(id);
  const json& arch = require_object(object, "architecture");
  check_stage_count(arch);
  r.arch = space::Architecture::from_json(arch, "architecture");
  if (object.contains("metrics")) read_metrics(require_object(object, "metrics"), r);
  if (object.contains("model_info")) read_model_info(require_object(object, "model_info"), r);
  if (object.contains("platform_perf")) read_platform_perf(require_object(object, "platform_perf"), r);
  if (object.contains("metadata")) r.metadata = require_object(object, "metadata");
  if (!object.contains("metrics") && !object.contains("model_info") &&
      !object.contains("platform_perf")) {
    throw std::invalid_argument("record has none of 'metrics', 'model_info', 'platform_perf'");
  }
  return r;
}

Record record_from_text(std::string_view text, std::string id) {
  // parse_json bounds depth and size: a hostile record gives an error, not a stack overflow.
  const json object = io::parse_json(text, "");
  return record_from_json(object, std::move(id));
}

}  // namespace detail

std::optional<double> Record::target(std::string_view name) const {
  if (name == "accuracy") return val_top1;
  if (name == "val_top5") return val_top5;
  if (name == "train_time") return train_time;
  const auto it = perf.find(std::string(name));
  if (it == perf.end()) return std::nullopt;
  return it->second.mean;
}

std::vector<std::string> Record::target_names() const {
  std::vector<std::string> out;
  if (val_top1) out.push_back("accuracy");
  for (const auto& [name, m] : perf) {
    if (m.mean) out.push_back(name);  // std::map: already sorted
  }
  if (train_time) out.push_back("train_time");  // sorts after latency_* and throughput_*
  if (val_top5) out.push_back("val_top5");
  std::sort(out.begin() + (val_top1 ? 1 : 0), out.end());
  return out;
}

Record Record::from_json(const nlohmann::json& object, std::string id) {
  const std::string prefix = id;
  try {
    return detail::record_from_json(object, std::move(id));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(prefix + ": " + e.what());
  }
}

Record Record::parse(std::string_view text, std::string id) {
  const std::string prefix = id;
  try {
    return detail::record_from_text(text, std::move(id));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(prefix + ": " + e.what());
  }
}

nlohmann::json Record::to_json() const {
  json out = json::object();
  out["architecture"] = arch.to_json();
  json metrics = json::object();
  if (val_top1) metrics["val_top1"] = *val_top1;
  if (val_top5) metrics["val_top5"] = *val_top5;
  if (train_time) metrics["train_time"] = *train_time;
  if (!metrics.empty()) out["metrics"] = metrics;
  json info = json::object();
  if (macs) info["macs"] = *macs;
  if (params) info["params"] = *params;
  if (!info.empty()) out["model_info"] = info;
  if (!perf.empty()) {
    json p = json::object();
    for (const auto& [name, m] : perf) p[name] = measurement_json(name, m);
    out["platform_perf"] = p;
  }
  if (!metadata.is_null()) out["metadata"] = metadata;
  return out;
}

void Record::merge(const Record& other) {
  if (other.arch != arch) {
    throw std::invalid_argument("cannot merge record " + other.id + " (" + other.arch.to_string() +
                                ") into " + id + " (" + arch.to_string() +
                                "): the architectures differ");
  }
  if (!val_top1) val_top1 = other.val_top1;
  if (!val_top5) val_top5 = other.val_top5;
  if (!train_time) train_time = other.train_time;
  if (!macs) macs = other.macs;
  if (!params) params = other.params;
  for (const auto& [name, m] : other.perf) {
    auto it = perf.find(name);
    if (it == perf.end() || !it->second.mean) perf[name] = m;
  }
  if (metadata.is_null()) {
    metadata = other.metadata;
  } else if (metadata.is_object() && other.metadata.is_object()) {
    for (const auto& item : other.metadata.items()) {
      if (!metadata.contains(item.key())) metadata[item.key()] = item.value();
    }
  }
}

}  // namespace anb::data
