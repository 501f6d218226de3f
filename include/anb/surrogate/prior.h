#pragma once
// Few-shot transfer to a new device: fit a target as a correction over the prediction of a
// target the benchmark already knows (the "prior"), e.g. throughput_h200 over throughput_a100.
//
// With the target's transform "log" the ensemble learns log(value) - log(prior), i.e. the ratio
// value / prior; with transform "none" it learns value - prior. At query time every member's
// output is combined with the prior target's ensemble mean of the same architecture
// (`combine_with_prior`), so the manifest entry of the target names its prior
// (TargetEntry::prior), and the prior's ensemble is stored in the same model directory: a model
// directory with priors is self-contained.
//
// On 580 H200 measurements (5-fold cross-validation over architectures the A100 surrogate had not
// seen) the prior lifts Kendall tau of throughput_h200 from about 0.93 to about 0.98 (docs/
// add-a-device.md).

#include <filesystem>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/data/targets.h"
#include "anb/surrogate/fit.h"
#include "anb/surrogate/hyperparameters.h"
#include "anb/surrogate/prior_combine.h"

namespace anb::surrogate {

class Benchmark;

// Where the prior comes from.
struct PriorOptions {
  std::filesystem::path models;  // a model directory that holds `target`
  std::string target;            // the prior target, e.g. "throughput_a100"
  // Copy every target of `models` into the new directory (so it answers the old targets and
  // the new ones); otherwise only the prior target is copied.
  bool copy_all_targets = true;

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

// Copies of `records` in which the values of `targets` are replaced by their residuals over the
// prior's predictions (`prior_predictions[i]` belongs to records[i]).
data::Dataset residual_records(const data::Dataset& records,
                               const std::vector<std::string>& targets,
                               const HyperparameterSet& hyperparameters,
                               const std::vector<double>& prior_predictions);

// The targets of `targets` that are corrected over a prior of `prior_target`: those of the same
// metric (throughput over a throughput prior). Others, e.g. latency_h200 over throughput_a100,
// gained nothing in cross-validation and are fitted plainly.
std::vector<std::string> corrected_targets(const std::vector<std::string>& targets,
                                           const std::string& prior_target);

// Fits options.targets (required, none of them the prior target itself): those of
// corrected_targets() as residuals over the prior, the others plainly; writes the model directory
// `out` whose entries name their prior and which holds the prior's targets, and reports validation
// quality of the combined predictions. Throws std::invalid_argument when the prior directory lacks
// the prior target or a target is missing, std::runtime_error for unreadable model directories.
FitSummary fit_models_with_prior(const data::Dataset& train, const data::Dataset& validation,
                                 const FitOptions& options, const PriorOptions& prior,
                                 const std::filesystem::path& out);

// As above, with the prior models already loaded from prior.models (`prior_models`), so they are
// not read and compiled a second time.
FitSummary fit_models_with_prior(const data::Dataset& train, const data::Dataset& validation,
                                 const FitOptions& options, const PriorOptions& prior,
                                 const Benchmark& prior_models, const std::filesystem::path& out);

}  // namespace anb::surrogate
