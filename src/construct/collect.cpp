#include "anb/construct/collect.h"

#include <fmt/format.h>

#include <stdexcept>

#include "anb/io/atomic_file.h"
#include "anb/io/json.h"
#include "anb/space/architecture_list.h"
#include "anb/space/cost.h"

namespace anb::construct {

nlohmann::json accuracy_record(const space::Architecture& arch, const TrainResult& result,
                               const TrainingScheme& scheme, const std::string& dataset) {
  const space::Cost cost = space::cost(arch);
  return {{"architecture", arch.to_json()},
          {"metrics",
           {{"val_top1", result.top1}, {"val_top5", result.top5}, {"train_time", result.train_seconds}}},
          {"model_info", {{"macs", cost.mmacs()}, {"params", cost.mparams()}}},
          {"metadata",
           {{"source", "anb collect"},
            {"dataset", dataset},
            {"scheme", scheme.to_json()},
            {"train_flops", result.train_flops},
            {"images_seen", result.images_seen},
            {"eval_seconds", result.eval_seconds},
            {"images_per_second", result.images_per_second},
            {"train_options", result.options}}}};
}

std::vector<space::Architecture> read_architecture_list(const std::filesystem::path& path) {
  const std::string text = io::read_file(path);
  std::vector<space::Architecture> archs;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    const nlohmann::json list = io::parse_json(text, path.string());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string context = path.string() + " entry " + std::to_string(i);
      if (list[i].is_string()) {
        try {
          archs.push_back(space::Architecture::parse(list[i].get<std::string>()));
        } catch (const std::invalid_argument& e) {
          throw std::invalid_argument(context + ": " + e.what());
        }
      } else {
        archs.push_back(space::Architecture::from_json(list[i], context));
      }
    }
  } else {
    archs = space::parse_architecture_lines(text, path.string());
  }
  if (archs.empty()) throw std::invalid_argument(path.string() + ": no architectures");
  return archs;
}

WorkSummary run_collect(const std::vector<space::Architecture>& archs,
                        const TrainingScheme& scheme, const std::string& dataset,
                        const std::filesystem::path& out, const Shard& shard,
                        const std::function<void(const std::string&)>& log) {
  return run_collect(archs, scheme, dataset, out, shard, TrainOptions{}, log);
}

WorkSummary run_collect(const std::vector<space::Architecture>& archs,
                        const TrainingScheme& scheme, const std::string& dataset,
                        const std::filesystem::path& out, const Shard& shard,
                        const TrainOptions& options,
                        const std::function<void(const std::string&)>& log) {
  options.validate();
  scheme.validate();
  const DatasetSpec spec = DatasetSpec::parse(dataset);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : archs) list.push_back(a.to_string());
  claim_output(out / "metadata.json", {{"source", "anb collect"},
                                       {"dataset", spec.to_string()},
                                       {"scheme", scheme.to_json()},
                                       {"architectures", list}});
  const ResultStore store(out);
  DatasetSplits splits;
  bool loaded = false;
  return run_items(
      archs.size(), shard, store, [](std::size_t i) { return "result_" + std::to_string(i); },
      [&](std::size_t i) {
        if (!loaded) {
          as_job_step([&] { splits = load_dataset(spec); });
          loaded = true;
        }
        const TrainResult r = train_and_evaluate(archs[i], scheme, splits, options);
        return accuracy_record(archs[i], r, scheme, spec.to_string());
      },
      [&](std::size_t i, const nlohmann::json& record) {
        if (log) {
          log(fmt::format("[{}] result_{} {}: top-1 {:.2f} %, {:.1f} s", shard.to_string(), i,
                          archs[i].to_string(), record["metrics"]["val_top1"].get<double>(),
                          record["metrics"]["train_time"].get<double>()));
        }
      },
      [&](std::size_t i, const std::string& reason) {
        if (log) {
          log(fmt::format("[{}] result_{} {}: FAILED ({}); recorded in {}", shard.to_string(), i,
                          archs[i].to_string(), reason,
                          store.failure_path_of("result_" + std::to_string(i)).string()));
        }
      });
}

}  // namespace anb::construct
