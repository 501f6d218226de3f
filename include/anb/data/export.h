#pragma once
// Flat tables of a dataset for other tools (`anb data export`): one row per record with the
// file id, canonical architecture, the 28-value encoding, every target, MACs and params.

#include <string>
#include <vector>

#include "anb/data/dataset.h"

namespace anb::data {

// Column names of the table: id, arch, enc_block0_e … enc_block6_se, the targets of
// `target_columns`, macs, params.
std::vector<std::string> export_columns(const Dataset& dataset);

// Every target any record names (including ones that are null everywhere): accuracy, the
// original device targets in canonical order, then any other device target sorted by name.
std::vector<std::string> target_columns(const Dataset& dataset);

// CSV with a header row; a missing value is an empty cell. MACs and params are the recorded
// model_info when present, else the exact analytic values.
std::string export_csv(const Dataset& dataset);

// JSON Lines: one object per record with the keys of export_columns except that the encoding
// is one array "encoding"; a missing value is null.
std::string export_jsonl(const Dataset& dataset);

}  // namespace anb::data
