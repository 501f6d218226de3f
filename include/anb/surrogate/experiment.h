#pragma once
// The original paper's NAS experiment suite on a surrogate benchmark (`anb experiment`):
// uni-objective RS, RE, REINFORCE and LS on accuracy, and bi-objective RS, REINFORCE and NSGA-II
// on accuracy against every device target the models and the hypervolume reference share, each
// over the same seeds; whether each algorithm beats random search at equal budget; the most
// accurate and the best-reward architectures found; and a Markdown report with plots.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "anb/search/hypervolume_reference.h"
#include "anb/search/summary.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// Best val_top1 among the released records (reference.md 3.1), quoted in the report.
inline constexpr double kBestMeasuredAccuracy = 67.05;

// One algorithm on one problem over all seeds.
struct ExperimentBlock {
  std::string target;  // the device target of a bi-objective block; "" for accuracy alone
  search::Summary summary;
  std::vector<double> finals;  // final progress (best accuracy or hypervolume) per seed
  double seconds = 0.0;
  std::size_t evaluations = 0;
};

struct ExperimentOptions {
  std::size_t seeds = 30;  // per algorithm (>= 1)
  std::uint64_t first_seed = 0;
  std::size_t budget = 600;     // uni-objective evaluations per seed (>= 1)
  std::size_t bi_budget = 600;  // bi-objective evaluations per seed (>= 1)
  unsigned threads = 0;         // threads over seeds; 0: all cores
  bool latency = true;          // false: skip the FPGA latency pairs
  // Hypervolume boxes: this file, else search::default_reference().
  std::optional<std::filesystem::path> hv_reference;
  // Called after each block (progress lines); may be empty.
  std::function<void(const ExperimentBlock&)> on_block;

  // Throws std::invalid_argument "<field>: got <value>; <rule>".
  void validate() const;
};

// "Does algorithm X beat random search?": a one-sided Welch test on the final values over seeds.
struct VersusRandom {
  std::string target;  // as ExperimentBlock::target
  std::string algorithm;
  double difference = 0.0;  // mean of X minus mean of RS
  double p = 1.0;           // one-sided p-value (normal approximation; fine for >= 30 seeds)
  bool beats() const { return p < 0.05; }
};

// An architecture the suite found, with every prediction of the models.
struct FoundArchitecture {
  std::string label;  // "accuracy / re (seed 3)", "accuracy,latency_zcu102", "EfficientNet-B0"
  std::string description;  // arch, MACs, params and the predicted value of every target
};

struct ExperimentSummary {
  ExperimentOptions options;
  std::vector<ExperimentBlock> uni;          // rs, re, reinforce, ls
  std::vector<ExperimentBlock> bi;           // per target: rs, reinforce, nsga2
  std::vector<search::ReferencePair> pairs;  // the box of each bi-objective target, in order
  std::vector<VersusRandom> versus_random;   // every non-RS block against RS of its problem
  std::vector<FoundArchitecture> found;
  std::size_t evaluations = 0;
  double seconds = 0.0;      // wall time of all searches
  double cpu_seconds = 0.0;  // CPU time over all threads

  std::vector<std::string> targets() const;  // the bi-objective device targets, in order
  double evaluations_per_second() const;
  // summary.json of `anb experiment`.
  nlohmann::json to_json() const;
};

// Runs the suite on `bench` (options validated first). Throws std::invalid_argument when the
// models lack accuracy, and what HypervolumeReference::load throws for a bad reference file.
ExperimentSummary run_experiment(const Benchmark& bench, const ExperimentOptions& options);

// The Markdown report (`models` names the model directory in its first paragraph).
std::string experiment_report(const ExperimentSummary& summary, const std::string& models);

// Writes <out>/report.md, <out>/summary.json and the plots (accuracy_progress.png,
// <target>_front.png, <target>_hypervolume.png) atomically; `marks` of EfficientNet-B0 come
// from `bench`. Returns warnings for plots skipped (no gnuplot) or failed.
std::vector<std::string> write_experiment_folder(const std::filesystem::path& out,
                                                 const ExperimentSummary& summary,
                                                 const Benchmark& bench, const std::string& models);

}  // namespace anb::surrogate
