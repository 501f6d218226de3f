#pragma once
// Argument helpers shared by the surrogate subcommands (fit, eval, query, bench query, search,
// experiment, transfer): the --models flag, loading the --data sources, choosing split lists and
// splitting comma-separated target lists.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "data_path.h"

namespace anb::cli {

// Adds the required --models DIR (a model directory of `anb fit`), taken from $ANB_MODELS when
// the flag is not given.
inline CLI::Option* add_models_option(CLI::App* cmd, std::string& models, const std::string& help) {
  return cmd->add_option("--models", models, help)->envname("ANB_MODELS")->required();
}

// The datasets named by --data (or $ANB_DATA), joined by architecture when several.
struct LoadedData {
  std::vector<std::filesystem::path> paths;
  data::Dataset records;
};

inline LoadedData load_data(const std::vector<std::string>& flags) {
  LoadedData out;
  if (flags.empty()) {
    out.paths.push_back(resolve_data_path(""));
  } else {
    for (const auto& f : flags) out.paths.push_back(resolve_data_path(f));
  }
  out.records = out.paths.size() == 1 ? data::Dataset::load(out.paths.front())
                                      : data::Dataset::load_merged(out.paths);
  return out;
}

// The records of the list files `lists` (a repeatable flag; an id in two lists is taken once) if
// any, else of the split list `name` shipped beside the first dataset, else all records (when
// `all_by_default`) or none.
inline data::Dataset split_or_all(const LoadedData& loaded, const std::vector<std::string>& lists,
                                  const std::string& name, bool all_by_default) {
  if (!lists.empty()) {
    return loaded.records.subset_from_lists({lists.begin(), lists.end()});
  }
  if (const auto list = data::default_split_list(loaded.paths.front(), name)) {
    return loaded.records.subset_from_list(*list);
  }
  return all_by_default ? loaded.records : data::Dataset{};
}

// Splits "a,b" entries (repeated flags allowed) into names, dropping empty ones.
inline std::vector<std::string> split_names(const std::vector<std::string>& flags) {
  std::vector<std::string> out;
  for (const auto& f : flags) {
    std::stringstream s(f);
    std::string item;
    while (std::getline(s, item, ',')) {
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

}  // namespace anb::cli
