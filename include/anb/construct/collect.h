#pragma once
// Accuracy collection: train a list of architectures under one scheme and write one record per
// architecture in the original dataset format, so `anb fit` can build an accuracy surrogate:
//
//   {"architecture": {...}, "metrics": {"val_top1": .., "val_top5": .., "train_time": ..},
//    "model_info": {"macs": .., "params": ..},      // at 224 px, 1000 classes (dataset rule)
//    "metadata": {"source": "anb collect", "dataset": SPEC, "scheme": {...}, "train_flops": ..,
//                 "train_options": {...}}}   // where it was trained (TrainOptions::to_json)
//
// Records are `<out>/result_<i>.json` (i = position in the list) and `<out>/metadata.json`
// describes the job; work is spread over shards and MPI ranks like the proxy search. An
// architecture whose training throws is recorded in `<out>/result_<i>.failed.json` (its
// reason) and the others go on; a rerun retries it (run_items).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/construct/image_dataset.h"
#include "anb/construct/trainer.h"
#include "anb/construct/training_scheme.h"
#include "anb/construct/work_distribution.h"
#include "anb/space/architecture.h"

namespace anb::construct {

// One accuracy record in the original format (see file comment).
nlohmann::json accuracy_record(const space::Architecture& arch, const TrainResult& result,
                               const TrainingScheme& scheme, const std::string& dataset);

// Reads an architecture list: a JSON array of architecture strings/objects, or one
// architecture per line (blank lines and lines starting with '#' ignored). Errors name the
// file and line.
std::vector<space::Architecture> read_architecture_list(const std::filesystem::path& path);

// Trains this worker's share of `archs` under `scheme` on `dataset` (a SPEC), writing records
// to `out`. Throws std::runtime_error if `out` holds a different collection, JobError if the
// dataset cannot be read; failed architectures are counted in WorkSummary::failed.
WorkSummary run_collect(const std::vector<space::Architecture>& archs,
                        const TrainingScheme& scheme, const std::string& dataset,
                        const std::filesystem::path& out, const Shard& shard,
                        const TrainOptions& options,
                        const std::function<void(const std::string&)>& log = {});

// The same with default TrainOptions (the CPU).
WorkSummary run_collect(const std::vector<space::Architecture>& archs,
                        const TrainingScheme& scheme, const std::string& dataset,
                        const std::filesystem::path& out, const Shard& shard,
                        const std::function<void(const std::string&)>& log = {});

}  // namespace anb::construct
