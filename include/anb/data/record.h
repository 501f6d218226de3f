#pragma once
// One record of the Accel-NASBench dataset in its original JSON form:
//
//   {"architecture": {"block0_e": 6, …, "block6_se": false},
//    "metrics": {"val_top1": 59.4, "val_top5": 82.6, "train_time": 2660.4},
//    "model_info": {"macs": 415.361072, "params": 2.50116},
//    "platform_perf": {"throughput_a100": {"throughput_mean": 7034.9, "throughput_std": 7.5},
//                      "latency_zcu102": {"latency_mean": 5.02, "latency_std": null}, …}}
//
// Records written by `anb measure` / `anb collect` may hold only some of these blocks, and a
// "metadata" object describing how they were measured.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/space/architecture.h"

namespace anb::data {

// Mean and standard deviation of one device metric; either may be null in the original data.
struct Measurement {
  std::optional<double> mean;
  std::optional<double> std;
};

struct Record {
  std::string id;  // file name inside the dataset, e.g. "result_12.json"
  space::Architecture arch;
  std::optional<double> val_top1;    // percent
  std::optional<double> val_top5;    // percent
  std::optional<double> train_time;  // seconds
  std::optional<double> macs;        // model_info.macs, MMACs at 224 px
  std::optional<double> params;      // model_info.params, millions
  // platform_perf keyed by the target name, e.g. "throughput_a100", "latency_vck190".
  std::map<std::string, Measurement> perf;
  nlohmann::json metadata;  // optional free-form block ("metadata" key); null when absent

  // Value of a target (see targets.h): val_top1 for "accuracy", perf[name].mean otherwise.
  // Empty when the record has no value for it.
  std::optional<double> target(std::string_view name) const;

  // Names of the targets this record has a value for (accuracy first, then sorted).
  std::vector<std::string> target_names() const;

  // Parses the original JSON form. Every error (missing or mistyped field, out-of-domain
  // decision, non-finite number, null where the original never has one) throws
  // std::invalid_argument naming `id`, the field and the value.
  static Record from_json(const nlohmann::json& object, std::string id);

  // Parses JSON text (used by the loaders); malformed JSON is reported with `id`.
  static Record parse(std::string_view text, std::string id);

  // The original JSON form (fields that are empty are left out; null stds are written as null).
  nlohmann::json to_json() const;

  // Adds the fields of `other` (same architecture) that this record lacks: used to join
  // accuracy records with device measurements of the same architecture. Throws
  // std::invalid_argument if the architectures differ.
  void merge(const Record& other);
};

}  // namespace anb::data
