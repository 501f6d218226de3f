#pragma once
// Results of training schemes x seeds x architectures that already exist (collected elsewhere,
// e.g. the Accel-NASBench proxy ablation, or by an earlier `anb proxy-search`), read into the
// form the proxy-search analysis takes (proxy_search.h): `anb proxy-search --analyze DIR`.
//
// A folder DIR is read in one of two ways:
//  - an `anb proxy-search --out` folder (it holds proxy_search_config.json): the schemes are
//    "reference", "c1", "c2", ... (settings from the config's grid), the seeds the config's
//    seeds, the runs DIR/items/<key>.json; every item must have its result.
//  - otherwise, every file named SCHEME-seedN.csv in DIR is seed N of scheme SCHEME (other
//    files are ignored), in the ablation layout below. `--analyze` of a proxy-search folder
//    writes its runs in this layout too (OUT/runs/), so runs from several places can be
//    analysed together by copying their CSVs into one folder.
//
// Ablation CSV layout (no header line, 37 columns; row i of every file is the same
// architecture, which is checked): 0 row number, 1 job id, 2 model number, 3 seed column
// (ignored: the seed is in the file name), 4 top-1 %, 5 top-5 %, 6 MACs at 224 px (millions),
// 7 parameters (millions), 8 training seconds, 9-15 expansion ratio of stages 0-6, 16-22 kernel
// size, 23-29 layers, 30-36 squeeze-and-excitation (True/False). The CSV carries no training
// FLOPs: they are NaN (unknown), so the analysis selects by seconds.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/construct/proxy_search.h"
#include "anb/space/architecture.h"
#include "anb/stats/bootstrap.h"

namespace anb::construct {

inline constexpr std::size_t kAblationColumns = 37;

// One row of an ablation CSV.
struct AblationRow {
  space::Architecture arch;
  TrainResult result;   // top1, top5, train_seconds; train_flops NaN
  double macs = 0.0;    // millions, at 224 px
  double params = 0.0;  // millions
};

// Reads an ablation CSV. Errors (std::invalid_argument) name the file, the line and the value:
// wrong column count, a missing or non-numeric value, NaN or infinite accuracy or time, an
// architecture outside the search space, no rows.
std::vector<AblationRow> read_ablation_csv(const std::filesystem::path& path);

// The ablation CSV of one seed's runs of `archs` (MACs and parameters at 224 px from
// space::cost; job id and seed column 0).
std::string ablation_csv(const std::vector<space::Architecture>& archs,
                         const std::vector<TrainResult>& runs);

// The runs of one scheme.
struct SchemeRuns {
  std::string name;
  nlohmann::json settings = nlohmann::json::object();
  std::vector<std::uint64_t> seeds;          // increasing
  std::vector<std::filesystem::path> files;  // where each seed's runs came from
  SchemeResults results;                     // [arch][seed]
};

// Every scheme's runs of the same architectures.
struct CollectedResults {
  std::string kind;  // "proxy-search folder" or "ablation CSV files"
  std::vector<space::Architecture> archs;
  std::vector<SchemeRuns> schemes;  // a proxy-search folder: reference first; CSVs: by name
  nlohmann::json config;            // a proxy-search folder: its resolved config; else null
};

// Reads a folder (see file comment). Errors name the folder or file, the row and the value:
// a missing or empty folder, architectures that differ across files of one row, files of
// different lengths, missing items.
CollectedResults read_collected_results(const std::filesystem::path& dir);

// Writes every scheme's runs as DIR/SCHEME-seedN.csv (ablation layout).
void write_ablation_csvs(const CollectedResults& collected, const std::filesystem::path& dir);

// The proxy-search report with scheme `reference` as the reference and every other scheme as
// a candidate. Throws std::invalid_argument "reference: got '<name>'; no such scheme (schemes
// found: ...)" when `reference` is not one of them.
ProxySearchReport analyse_collected(const CollectedResults& collected, const std::string& reference,
                                    double tau, int top_k,
                                    const stats::BootstrapOptions& bootstrap = {});

// Settings of `anb proxy-search --analyze`.
struct AnalysisOptions {
  std::string reference = "reference";
  double tau = 0.9;  // a proxy-search folder: its config's, unless tau_given
  int top_k = 3;     // likewise
  bool tau_given = false;
  bool top_k_given = false;
  stats::BootstrapOptions bootstrap;
};

// Reads `dir` (read_collected_results), analyses it (analyse_collected) and writes the report
// files to `out` (write_report_files; no scheme files, as there are no TrainingSchemes), plus, for
// a proxy-search folder, its runs as `out/runs/SCHEME-seedN.csv`. Returns the report. A tau
// outside [-1, 1] or a top_k below 1 throws std::invalid_argument "tau: got ..." / "top_k: got
// ..." (a folder's config is checked when it is read).
ProxySearchReport analyse_folder(const std::filesystem::path& dir, const std::filesystem::path& out,
                                 const AnalysisOptions& options,
                                 const std::function<void(const std::string&)>& log = {});

}  // namespace anb::construct
