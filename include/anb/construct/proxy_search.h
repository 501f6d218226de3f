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

// Mean Kendall tau over all pairs of seeds of the per-seed top-1 rankings (NaN with one seed).
double seed_vs_seed_tau(const SchemeResults& results);

// Fraction of the `k` best architectures of `reference` that are among the `k` best of
// `candidate` (k is clamped to the number of architectures).
double top_k_overlap(const std::vector<double>& reference, const std::vector<double>& candidate,
                     int k);

// One row of the report.
struct CandidateReport {
  std::string name;
  nlohmann::json settings;
  double mean_top1 = 0.0;       // mean over architectures and seeds
  double kendall_tau = 0.0;     // seed-mean ranking vs the reference's
  double spearman = 0.0;
  double seed_tau = 0.0;        // its own seed-vs-seed tau
  double top_k_overlap = 0.0;
  double flops = 0.0;           // total analytic training FLOPs of all its runs
  double seconds = 0.0;         // total measured training seconds of all its runs
  double flops_ratio = 0.0;     // reference / this: how many times cheaper
  double seconds_ratio = 0.0;   // reference / this
  bool meets_tau = false;
};

// The outcome of a proxy search.
struct ProxySearchReport {
  CandidateReport reference;            // tau 1 by definition; seed_tau = noise ceiling
  std::vector<CandidateReport> candidates;
  double noise_ceiling = 0.0;           // seed-vs-seed tau of the reference
  double tau_threshold = 0.0;
  int top_k = 0;
  std::size_t archs = 0;
  std::size_t seeds = 0;
  int selected = -1;                    // index into candidates, -1 if none meets tau

  nlohmann::json to_json() const;
};

// Builds the report from the results of every scheme (index 0 = reference).
ProxySearchReport analyse(const std::vector<Candidate>& candidates,
                          const std::vector<SchemeResults>& results, double tau, int top_k);

// Index of the candidate with the fewest FLOPs among those with kendall_tau >= tau (ties: more
// tau first), or -1.
int select_cheapest(const std::vector<CandidateReport>& candidates, double tau);

// The report as CSV (one row per scheme, reference first).
std::string report_csv(const ProxySearchReport& report);

// The report as a Markdown table with a short summary.
std::string report_markdown(const ProxySearchReport& report);

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
