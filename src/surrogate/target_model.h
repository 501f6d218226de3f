#pragma once
// Private: one target's compiled ensemble plus its manifest entry, answering in the target's
// own unit (members are transformed back before the mean and std are taken).

#include <memory>
#include <vector>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/model_dir.h"
#include "anb/surrogate/tree_ensemble.h"

namespace anb::surrogate {

class TargetModel {
 public:
  TargetModel(TargetEntry entry, TreeEnsemble ensemble);

  const TargetEntry& entry() const { return entry_; }
  const TreeEnsemble& ensemble() const { return ensemble_; }
  std::size_t num_members() const { return ensemble_.num_members(); }

  // Each member's prediction in the target's unit, into out[0 .. num_members()).
  void members(const double* features, double* out) const;

  // Mean and population std over members in the target's unit.
  Prediction predict(const double* features) const;

  // The model whose mean prediction every member output is combined with (entry().prior).
  void set_prior(std::shared_ptr<const TargetModel> prior) { prior_ = std::move(prior); }

 private:
  TargetEntry entry_;
  TreeEnsemble ensemble_;
  std::shared_ptr<const TargetModel> prior_;
};

// Loads and checks the members of `entry` from `dir` (SHA-256) and compiles them, with the
// prior target of the same directory when the entry names one (an ordinary target: no chains).
TargetModel load_target(const std::filesystem::path& dir, const TargetEntry& entry);

// Mean and population standard deviation of values[0 .. n).
Prediction mean_std(const double* values, std::size_t n);

}  // namespace anb::surrogate

#include "anb/data/dataset.h"
#include "anb/surrogate/fit.h"

namespace anb::surrogate {

// Metrics of `model` on the records of `records` that have a value for its target (ensemble
// mean, and each metric averaged over single members). n = 0 when fewer than 2 such records.
TargetValidation measure_target(const TargetModel& model, const data::Dataset& records);

}  // namespace anb::surrogate
