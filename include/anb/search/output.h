#pragma once
// The `anb search` output folder, written by the library so that the command line, the Python
// module and a custom optimizer's runs (recorded with a Recorder) produce the same files:
//
//   <out>/<algorithm>/trajectory_seed<k>.csv   one row per evaluation (report.h)
//   <out>/<algorithm>/front_seed<k>.csv        non-dominated evaluations (2+ objectives)
//   <out>/<algorithm>/front.csv                merged front over all seeds (2+ objectives)
//   <out>/summary.json                         summary_json plus the caller's extra fields
//   <out>/progress.png, <out>/front.png        gnuplot figures (front.png for 2 objectives)
//
// A folder holds one run. An existing folder that holds another run (a summary.json) is refused
// unless `force`, which clears it first; a non-empty folder without summary.json is always
// refused (it is not an anb run, and clearing it could delete someone's files).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/search/history.h"
#include "anb/search/plots.h"
#include "anb/search/summary.h"

namespace anb::search {

// Checks (and with `force` clears) `out` under the rule above; creates it when missing. Throws
// std::invalid_argument naming the folder and the way out (another folder, or force).
void prepare_output_folder(const std::filesystem::path& out, bool force);
// The same checks without clearing (a command checks before a long run, clears after it):
// creates a missing folder; returns true when `out` holds a run that `force` will replace.
bool check_output_folder(const std::filesystem::path& out, bool force);

// Optional parts of the folder.
struct FolderOptions {
  nlohmann::json extra = nlohmann::json::object();  // merged into summary.json
  std::vector<MarkedPoint> marks;                   // drawn on front.png (e.g. EfficientNet-B0)
  bool plots = true;                                // false: no PNGs
  bool force = false;                               // see prepare_output_folder
};

// What write_search_folder did.
struct FolderReport {
  Summary summary;
  nlohmann::json summary_json;        // as written to summary.json
  std::vector<std::string> warnings;  // plots skipped (no gnuplot) or failed; files stay valid
};

// Writes the folder for the results of one algorithm (all seeds; see summarize for the rules).
// Files are written atomically.
FolderReport write_search_folder(const std::filesystem::path& out,
                                 const std::vector<Result>& results, const FolderOptions& options);

}  // namespace anb::search
