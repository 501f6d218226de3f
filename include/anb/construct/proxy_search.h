#pragma once
// Training-proxy search (reference.md §2): find a cheap training scheme whose ranking of
// architectures agrees with that of an expensive reference scheme.
//
// Config file (JSON):
//
//   {"dataset": "idx:/usr/share/datasets/fashion-mnist?train=6000&eval=2000",
//    "architectures": {"sample": 10, "seed": 1},          // or a list of architecture strings
//    "reference": {"epochs": 8, "resolution": 32, ...},   // a scheme, or a scheme file name
//    "base": {...},                                       // optional: candidates start here
//                                                         // (default: the reference)
//    "grid": {"epochs": [1, 2], "data_fraction": [0.25, 0.5]},  // cartesian product
//    "seeds": [1, 2],                                     // or a count n (seeds 1..n)
//    "tau": 0.9,                                          // fidelity threshold
//    "top_k": 3}                                          // top-k overlap size
//
// Scheme file names are relative to the config file. Every (scheme, architecture, seed) is one
// work item with its own result file, so runs resume and can be spread over workers
// (work_distribution.h).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/construct/trainer.h"
#include "anb/construct/training_scheme.h"
#include "anb/construct/work_distribution.h"
#include "anb/space/architecture.h"
#include "anb/stats/bootstrap.h"

namespace anb::construct {

// One field of the grid and the values it takes.
struct GridAxis {
  std::string field;
  std::vector<nlohmann::json> values;
};

// A parsed, validated proxy-search config.
struct ProxySearchConfig {
  std::string dataset;
  std::vector<space::Architecture> archs;
  TrainingScheme reference;
  TrainingScheme base;
  std::vector<GridAxis> grid;
  std::vector<std::uint64_t> seeds{1, 2};
  double tau = 0.9;
  int top_k = 3;

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;

  // Parses the config object; scheme file names are resolved against `dir`. Unknown keys are
  // rejected by name; errors are prefixed with `context`.
  static ProxySearchConfig from_json(const nlohmann::json& object,
                                     const std::filesystem::path& dir,
                                     const std::string& context = {});

  // Reads a config file.
  static ProxySearchConfig load(const std::filesystem::path& path);

  // The resolved form (every scheme in full, architectures listed): the fingerprint that ties
  // an output folder to one search.
  nlohmann::json to_json() const;
};

// A candidate scheme of the grid.
struct Candidate {
  std::string name;           // "c1", "c2", ...
  nlohmann::json settings;    // the grid values that define it, e.g. {"epochs": 2}
  TrainingScheme scheme;
};

// The cartesian product of the grid axes applied to `base`, first axis slowest. Throws
// std::invalid_argument when the grid is empty, an axis has no values, a field is unknown or a
// value is invalid (naming the field and the value).
std::vector<Candidate> expand_grid(const TrainingScheme& base, const std::vector<GridAxis>& grid);

// One training run: scheme 0 is the reference, scheme j >= 1 is candidate j - 1.
struct WorkItem {
  std::size_t scheme = 0;
  std::size_t arch = 0;
  std::size_t seed = 0;  // index into config.seeds
};

// All work items, seed slowest and scheme fastest (so round-robin workers share the expensive
// reference runs evenly).
std::vector<WorkItem> work_items(std::size_t schemes, std::size_t archs, std::size_t seeds);

// Result file name (without .json) of an item, e.g. "s03_a007_r1".
std::string item_key(const WorkItem& item);

// Results of one scheme: per architecture, per seed.
using SchemeResults = std::vector<std::vector<TrainResult>>;

// Mean top-1 over seeds, per architecture.
std::vector<double> mean_top1(const SchemeResults& results);

// Mean Kendall tau-b over all pairs of seeds of the per-seed top-1 rankings (NaN with one seed).
double seed_vs_seed_tau(const SchemeResults& results);

// Kendall tau-b of every pair of seeds (a, b), a < b, in the order (0,1), (0,2), ..., (1,2), ...
std::vector<double> seed_pair_taus(const SchemeResults& results);

// Mean over architectures of the sample standard deviation (n - 1) of top-1 over seeds, in
// percentage points (NaN with one seed).
double mean_seed_std(const SchemeResults& results);

// Fraction of the `k` best architectures of `reference` that are among the `k` best of
// `candidate` (k is clamped to the number of architectures).
double top_k_overlap(const std::vector<double>& reference, const std::vector<double>& candidate,
                     int k);

// One row of the report. Every tau is Kendall's tau-b (ties corrected); every interval is a
// percentile bootstrap over the architectures (resampled with replacement, seeded).
struct CandidateReport {
  std::string name;
  nlohmann::json settings;
  std::size_t seeds = 0;        // seeds of this scheme
  double mean_top1 = 0.0;       // mean over architectures and seeds
  double kendall_tau = 0.0;     // seed-mean ranking vs the reference's seed-mean ranking
  stats::Interval kendall_tau_ci;
  double spearman = 0.0;
  double seed_tau = 0.0;        // its own seed-vs-seed tau (mean over seed pairs): its ceiling
  stats::Interval seed_tau_ci;
  double seed_tau_min = 0.0;    // range of the seed-vs-seed tau over the seed pairs
  double seed_tau_max = 0.0;
  double seed_std = 0.0;        // mean per-architecture seed std of top-1, pp (mean_seed_std)
  double top_k_overlap = 0.0;
  double flops = 0.0;           // total analytic training FLOPs of all its runs (NaN: unknown)
  double seconds = 0.0;         // total measured training seconds of all its runs
  double flops_ratio = 0.0;     // reference / this: how many times cheaper (NaN: unknown)
  double seconds_ratio = 0.0;   // reference / this
  bool meets_tau = false;
};

// The outcome of a proxy search.
struct ProxySearchReport {
  CandidateReport reference;            // tau 1 by definition; seed_tau = noise ceiling
  std::vector<CandidateReport> candidates;
  double noise_ceiling = 0.0;           // seed-vs-seed tau of the reference
  stats::Interval noise_ceiling_ci;
  double tau_threshold = 0.0;
  int top_k = 0;
  std::size_t archs = 0;
  std::size_t seeds = 0;                // seeds of the reference
  int selected = -1;                    // index into candidates, -1 if none meets tau
  std::string cost_basis = "flops";     // what selection minimises: "flops" or "seconds"
  stats::BootstrapOptions bootstrap;
  std::vector<std::string> notes;       // what the reader must know (undefined ceilings, ...)

  nlohmann::json to_json() const;
};

// Builds the report from the results of every scheme (index 0 = reference). Schemes may differ
// in their number of seeds; one with a single seed gets a null seed tau (ceiling) and a note.
// When a scheme's training FLOPs are unknown (NaN, e.g. results collected elsewhere), FLOPs
// ratios are NaN and the selection minimises measured seconds instead (cost_basis "seconds").
ProxySearchReport analyse(const std::vector<Candidate>& candidates,
                          const std::vector<SchemeResults>& results, double tau, int top_k,
                          const stats::BootstrapOptions& bootstrap = {});

// What a reader of `report` must know: schemes with fewer than 2 seeds (null ceiling), unknown
// FLOPs (cost_basis "seconds"). analyse() fills ProxySearchReport::notes with it.
std::vector<std::string> report_notes(const ProxySearchReport& report);

// Index of the cheapest candidate among those with kendall_tau >= tau (ties: more tau first), or
// -1. Cost: total FLOPs, or total seconds when `by_seconds`.
int select_cheapest(const std::vector<CandidateReport>& candidates, double tau,
                    bool by_seconds = false);

// The report as CSV (one row per scheme, reference first).
std::string report_csv(const ProxySearchReport& report);

// The report as a Markdown table with a short summary.
std::string report_markdown(const ProxySearchReport& report);

// Writes proxy_search.{csv,md,json} and cost_vs_tau.png (if gnuplot is available) to `out`; with
// `candidates` (a training run) also selected_scheme.json (the chosen candidate, if any) and
// schemes/<name>.json. `log` hears what could not be written.
void write_report_files(const ProxySearchReport& report, const std::vector<Candidate>& candidates,
                        const std::filesystem::path& out,
                        const std::function<void(const std::string&)>& log);

// What `run_proxy_search` did.
struct ProxySearchSummary {
  WorkSummary work;
  std::size_t missing = 0;  // items without a result after this worker finished
  bool reported = false;    // the report files were written
  ProxySearchReport report;
};

// Runs this worker's items of the search, writing `<out>/items/<key>.json`; then, on rank 0
// and when every item has a result, writes proxy_search.{csv,md,json}, cost_vs_tau.png (if
// gnuplot is available) and selected_scheme.json (the chosen candidate, if any) to `out`. Throws std::runtime_error if `out` holds a different
// search.
ProxySearchSummary run_proxy_search(const ProxySearchConfig& config,
                                    const std::filesystem::path& out, const Shard& shard,
                                    const MpiSession& mpi, const TrainOptions& options,
                                    const std::function<void(const std::string&)>& log = {});

// The same with default TrainOptions (the CPU).
ProxySearchSummary run_proxy_search(const ProxySearchConfig& config,
                                    const std::filesystem::path& out, const Shard& shard,
                                    const MpiSession& mpi,
                                    const std::function<void(const std::string&)>& log = {});

}  // namespace anb::construct
