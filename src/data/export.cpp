#include "anb/data/export.h"

#include <fmt/format.h>

#include <set>

#include "anb/data/targets.h"
#include "anb/space/cost.h"
#include "anb/space/search_space.h"

namespace anb::data {
namespace {

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(std::optional<double> v) { return v ? fmt::format("{}", *v) : std::string(); }

// Recorded model_info when present, else the exact analytic value.
std::pair<double, double> macs_params(const Record& r) {
  if (r.macs && r.params) return {*r.macs, *r.params};
  const space::Cost c = space::cost(r.arch);
  return {r.macs.value_or(c.mmacs()), r.params.value_or(c.mparams())};
}

}  // namespace

std::vector<std::string> target_columns(const Dataset& dataset) {
  bool accuracy = false;
  std::set<std::string> devices;
  for (const Record& r : dataset.records()) {
    accuracy = accuracy || r.val_top1.has_value();
    for (const auto& item : r.perf) devices.insert(item.first);
  }
  std::vector<std::string> out;
  if (accuracy) out.push_back("accuracy");
  for (const std::string& name : original_targets()) {  // the original devices in their order
    if (devices.erase(name) > 0) out.push_back(name);
  }
  out.insert(out.end(), devices.begin(), devices.end());  // then any other device, sorted
  return out;
}

std::vector<std::string> export_columns(const Dataset& dataset) {
  std::vector<std::string> out = {"id", "arch"};
  for (const space::Decision& d : space::decisions()) out.push_back("enc_" + d.name);
  for (const std::string& t : target_columns(dataset)) out.push_back(t);
  out.push_back("macs");
  out.push_back("params");
  return out;
}

std::string export_csv(const Dataset& dataset) {
  const std::vector<std::string> targets = target_columns(dataset);
  std::string out;
  const std::vector<std::string> columns = export_columns(dataset);
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += '\n';
  for (const Record& r : dataset.records()) {
    out += csv_cell(r.id) + "," + r.arch.to_string();
    for (const double v : space::encode(r.arch)) out += fmt::format(",{}", v);
    for (const std::string& t : targets) out += "," + number(r.target(t));
    const auto [macs, params] = macs_params(r);
    out += fmt::format(",{},{}\n", macs, params);
  }
  return out;
}

std::string export_jsonl(const Dataset& dataset) {
  const std::vector<std::string> targets = target_columns(dataset);
  std::string out;
  for (const Record& r : dataset.records()) {
    nlohmann::ordered_json row;
    row["id"] = r.id;
    row["arch"] = r.arch.to_string();
    const auto enc = space::encode(r.arch);
    row["encoding"] = std::vector<double>(enc.begin(), enc.end());
    for (const std::string& t : targets) {
      const std::optional<double> v = r.target(t);
      row[t] = v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
    }
    const auto [macs, params] = macs_params(r);
    row["macs"] = macs;
    row["params"] = params;
    out += row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

}  // namespace anb::data
