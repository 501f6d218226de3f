#pragma once
// The transfer benchmark of few-shot device fits (docs/add-a-device.md): leave one device out,
// pretend N of its architectures were measured, fit it from those N records and the other
// devices' surrogates (few_shot.h), and score the fit on every architecture it did not see.
//
// A held-out device hides all its metrics: the prior columns are every device target of the prior
// model directory except those of the held-out device (ZCU102 throughput and latency go
// together). The prior surrogates were fitted on the other devices' own records (they are the
// "known" devices); the held-out device's values only enter through the N drawn records.
//
// The N records are drawn from the training records that have the target (seeded; the same draws
// for every method); the fit is scored on all the other records with the target (the rest of the
// training records and the validation records; records of a drawn architecture are left out)
// and, separately, on the validation records alone. The latter compare with the reference: the
// surrogate fitted on all the device's training records, scored on the same validation records.

#include <cstdint>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/surrogate/few_shot.h"

namespace anb::surrogate {

class Benchmark;

// What the benchmark runs.
struct TransferBenchOptions {
  std::vector<std::size_t> sizes{10, 20, 50, 100, 200};  // N, measured records per fit
  int draws = 10;                                        // seeded draws per N
  std::uint64_t seed = 1;
  std::vector<std::string> methods{"best_prior", "stack", "stack_trees", "shrunk", "shrunk_trees"};
  // How the N records are chosen: "random" (uniform) and/or "diverse" (select_diverse over the
  // training records, from a seeded start).
  std::vector<std::string> selections{"random"};
  std::vector<std::string> devices;  // devices to hold out, e.g. "a100"; empty = every device
  bool analytic = true;              // log MACs and log params as linear columns
  bool stage_costs = false;          // log MMACs per stage as linear columns
  FewShotOptions few_shot;           // everything but the method

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

// Mean, standard deviation and minimum over the draws.
struct DrawSpread {
  double mean = 0.0;
  double std = 0.0;
  double min = 0.0;
};

// One (target, method, selection, N): metrics over the draws.
struct TransferCell {
  std::string device;
  std::string target;
  std::string method;
  std::string selection;
  std::size_t n = 0;
  int draws = 0;
  std::size_t scored = 0;                  // records scored per draw (all remaining)
  std::size_t val_scored = 0;              // validation records scored
  DrawSpread tau, spearman, r2, within10;  // on all remaining records
  DrawSpread val_tau;                      // on the validation records
  std::string leading;  // the leading column most often chosen (best_prior: the prior device)
};

// The surrogate fitted on all of a target's training records, on the validation records.
struct TransferReference {
  std::string target;
  std::size_t n = 0;
  double val_tau = 0.0;
};

struct TransferBenchResult {
  std::vector<TransferCell> cells;
  std::vector<TransferReference> references;
  std::vector<std::string> notes;  // skipped cells and why
  double seconds = 0.0;
};

// The device of a device target ("throughput_zcu102" -> "zcu102").
std::string device_of(const std::string& target);

// Runs the benchmark over the device targets of `train` (and `val`). `priors` must hold device
// targets of other devices than the held-out one; `reference` (may be null) supplies references
// for targets `priors` lacks (e.g. throughput_h200). Sizes that leave no record to score are
// skipped with a note. Throws std::invalid_argument for a requested device absent from the data,
// a device without prior columns, and when no cell could be run.
TransferBenchResult run_transfer_bench(const data::Dataset& train, const data::Dataset& val,
                                       const Benchmark& priors, const Benchmark* reference,
                                       const TransferBenchOptions& options);

}  // namespace anb::surrogate
