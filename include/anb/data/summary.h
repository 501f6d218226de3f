#pragma once
// What `anb data check` reports about a dataset: counts, duplicates, per-target nulls and
// ranges, and how far the recorded model_info is from the exact analytic MACs/params.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/data/dataset.h"

namespace anb::data {

// Count, nulls and range of one target over a dataset.
struct TargetSummary {
  std::string name;
  std::size_t count = 0;  // records with a value
  std::size_t nulls = 0;  // records without one (null or absent)
  double min = 0.0;       // 0 when count is 0
  double max = 0.0;
  double mean = 0.0;
};

// The whole report.
struct DataSummary {
  std::size_t records = 0;  // valid records
  std::size_t invalid = 0;  // records rejected by validation (Dataset::problems)
  std::size_t unique_architectures = 0;
  std::size_t duplicates = 0;  // records whose architecture an earlier record already has
  std::vector<std::vector<std::string>> duplicate_groups;  // ids sharing an architecture
  std::vector<TargetSummary> targets;  // every target any record names, accuracy first
  std::size_t model_info_records = 0;  // records with model_info
  double macs_max_abs_err = 0.0;       // max |computed - recorded| MMACs
  std::string macs_worst_record;       // id of that record (empty if none)
  double params_max_abs_err = 0.0;     // max |computed - recorded| M params
  std::string params_worst_record;
  std::string fingerprint;  // Dataset::fingerprint()
};

// Summarises a (non-strictly) loaded dataset.
DataSummary summarize(const Dataset& dataset);

// The JSON form printed by `anb data check --json` (keys as the struct fields, in that order,
// plus "problems": [{"file", "message"}] taken from the dataset).
nlohmann::ordered_json to_json(const DataSummary& summary, const Dataset& dataset);

}  // namespace anb::data
