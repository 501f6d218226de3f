#pragma once
// Private: one target's compiled ensemble plus its manifest entry, answering in the target's
// own unit (members are transformed back, and combined with the prior target's mean when the
// entry names a prior, before the mean and std are taken). Every query, one architecture or
// many, runs the same code on choice rows (choice_rows.h), so a row gets the same value bit for
// bit whatever the batch around it.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/model_dir.h"
#include "anb/surrogate/tree_ensemble.h"

namespace anb::surrogate {

class TargetModel {
 public:
  // An ordinary target (entry.prior empty); `spread` is the compiled spread model of its
  // calibration (calibration.h; empty ensemble when it has none).
  TargetModel(TargetEntry entry, TreeEnsemble ensemble, TreeEnsemble spread = {});
  // A target fitted over `prior` (the loaded model of entry.prior, shared with its other users).
  TargetModel(TargetEntry entry, TreeEnsemble ensemble, std::shared_ptr<const TargetModel> prior,
              TreeEnsemble spread = {});

  const TargetEntry& entry() const { return entry_; }
  const TreeEnsemble& ensemble() const { return ensemble_; }
  std::size_t num_members() const { return ensemble_.num_members(); }
  // The loaded model of entry().prior (null for an ordinary target).
  const std::shared_ptr<const TargetModel>& prior() const { return prior_; }

  // Each member's prediction in the target's unit for `n` choice rows (checked by the
  // ensemble), into out (row-major n x num_members()).
  void members(const std::uint8_t* choices, std::size_t n, double* out) const;

  // Mean and population std over members in the target's unit for `n` choice rows, into
  // mean[i * stride] and std[i * stride].
  void predict(const std::uint8_t* choices, std::size_t n, double* mean, double* std,
               std::size_t stride = 1) const;

  // The calibration's spread-model factor (at least its floor; 1 without a spread model) for
  // `n` choice rows, into out[0 .. n).
  void spread(const std::uint8_t* choices, std::size_t n, double* out) const;

  // The calibrated intervals at `level` of `n` choice rows whose means are mean[i * stride],
  // into lower/upper[i * stride]. The calibration must not be empty.
  void intervals(const std::uint8_t* choices, std::size_t n, const double* mean, double level,
                 double* lower, double* upper, std::size_t stride = 1) const;

 private:
  TargetEntry entry_;
  TreeEnsemble ensemble_;
  TreeEnsemble spread_;  // no members: no spread model
  std::shared_ptr<const TargetModel> prior_;
};

// Loads and checks the members of `entry` (and its spread model) from `dir` (SHA-256) and
// compiles them; `prior` is the
// loaded model of entry.prior when the entry names one (null otherwise; a mismatch throws
// std::logic_error).
std::shared_ptr<const TargetModel> load_target(const std::filesystem::path& dir,
                                               const TargetEntry& entry,
                                               std::shared_ptr<const TargetModel> prior = nullptr);

// The targets `names` of `manifest` (every target when empty), in manifest order, loaded from
// `dir`. A prior is loaded once and shared by every target over it (and returned when asked
// for); it must be an ordinary target of the same directory (no chains), else
// std::runtime_error names the directory and target.
std::vector<std::shared_ptr<const TargetModel>> load_targets(const std::filesystem::path& dir,
                                                             const Manifest& manifest,
                                                             const std::vector<std::string>& names);

// Mean and population standard deviation of values[0 .. n).
Prediction mean_std(const double* values, std::size_t n);

}  // namespace anb::surrogate
