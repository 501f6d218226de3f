#pragma once
// `anb fit --few-shot`: a model directory for a new device from tens of measured architectures
// (docs/add-a-device.md).
//
// 1. The measurements of each new target are gathered (an architecture measured more than once
//    must agree within `duplicate_tolerance`; its values are averaged).
// 2. A few-shot model (few_shot.h, over every device target of the prior model directory) is
//    fitted on them, and its held-out quality is estimated by cross-validation over the measured
//    records (leave-one-out up to 10 records, else 10 folds): the figure to judge N by.
// 3. The few-shot model labels `distill_archs` architectures (the ones given, topped up with
//    seeded samples of the space); an ordinary surrogate ensemble is fitted on those labels over
//    the prior target the few-shot model leans on most (prior.h), so the model directory has the
//    usual format and `anb query`, `eval`, `search` and Python use it unchanged. A tenth of the
//    labelled architectures is held back to report how closely the ensemble follows the
//    few-shot model.

#include <filesystem>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/surrogate/few_shot.h"
#include "anb/surrogate/fit.h"

namespace anb::surrogate {

struct FewShotFitOptions {
  std::vector<std::string> targets;    // the new device's targets (required)
  std::filesystem::path prior_models;  // the known devices' surrogates
  FewShotOptions few_shot;             // method (default shrunk_trees) and its settings
  bool analytic = true;                // log MACs / log params columns
  std::size_t distill_archs = 4000;    // architectures labelled for the ensemble
  double duplicate_tolerance = 0.10;   // relative spread allowed between repeated measurements
  std::size_t trust_records = 20;      // fewer measured architectures: a note
  FitOptions fit;                      // the ensemble fit (members, threads, seed, settings)

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

// What the few-shot fit of one target did.
struct FewShotTargetReport {
  std::string target;
  std::size_t records = 0;  // distinct measured architectures
  std::string method;
  std::string leading;              // the column the few-shot model leans on most
  std::string prior;                // prior target of the ensemble ("" when fitted plainly)
  int folds = 0;                    // cross-validation folds
  stats::RegressionMetrics cv;      // held-out quality over the measured records
  double cv_within10 = 0.0;         // share of held-out predictions within +-10 %
  double tau_standard_error = 0.0;  // sampling error of a tau from `records` records
  double distill_tau = 0.0;         // ensemble vs few-shot model on held-back architectures
  std::vector<std::string> notes;
};

struct FewShotFitSummary {
  std::vector<FewShotTargetReport> targets;
  FitSummary fit;
};

// Fits options.targets from `measured` (every measurement record; repeated architectures are
// allowed and checked), labelling `archs` (and seeded samples up to distill_archs), and writes the
// model directory `out`. Throws std::invalid_argument for a target with fewer than
// few_shot.min_records measured architectures, an architecture measured twice with values further
// apart than duplicate_tolerance (naming both records), a prior directory without device targets
// or already holding a requested target.
FewShotFitSummary fit_few_shot_models(const data::Dataset& measured,
                                      const std::vector<space::Architecture>& archs,
                                      const FewShotFitOptions& options,
                                      const std::filesystem::path& out);

}  // namespace anb::surrogate
