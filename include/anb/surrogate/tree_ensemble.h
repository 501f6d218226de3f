#pragma once
// anb's own evaluator of XGBoost tree ensembles over the 28-feature architecture encoding.
//
// Predictions never go through XGBoost: members are parsed from XGBoost's JSON model format and
// evaluated by our code (flat node arrays, and tables over feature subsets where that pays), so a
// model directory keeps working without XGBoost and queries cost microseconds. Results equal
// XGBoost's own predictions within 1e-5 relative.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace anb::surrogate {

// How `TreeEnsemble::from_xgboost_json` compiles the members.
struct TreeCompileOptions {
  // Largest number of entries (product of the features' value counts) of one lookup table. A
  // tree becomes table entries when every leaf reads features whose value product fits; other
  // trees stay as flat node arrays. 0 disables tables (flat traversal only). At most 4096.
  std::size_t max_table_entries = 1024;

  // Merge tables whose union of features still fits `max_table_entries` (fewer lookups).
  bool merge_tables = true;

  // Memory budget of one ensemble's tables (4 bytes per entry and member). When the tables at
  // `max_table_entries` would exceed it (or need more than 8192 distinct leaf feature sets, as
  // deep trees do), the cap is halved until they fit (at 0, every tree is traversed). At least
  // 1 MiB. Stats::table_entry_cap reports the cap used.
  std::size_t max_table_bytes = std::size_t{64} << 20;

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

// The members of one target's ensemble, ready to evaluate. Thread-safe for concurrent queries
// (all methods are const and use no shared mutable state).
class TreeEnsemble {
 public:
  // An empty ensemble (no members); queries on it throw std::logic_error.
  TreeEnsemble();
  ~TreeEnsemble();
  TreeEnsemble(TreeEnsemble&&) noexcept;
  TreeEnsemble& operator=(TreeEnsemble&&) noexcept;

  // Parses each member from the text of an XGBoost JSON model (as saved by XGBoosterSaveModel
  // to a ".json" file; gbtree booster, squared-error objective). `names[i]` (e.g. the member's
  // file name) is quoted in every error: malformed JSON, a missing field, a non-gbtree booster,
  // a feature index >= 28. Throws std::invalid_argument. Every tree in the file is used (an
  // early-stopped model should be saved sliced to its best iteration).
  static TreeEnsemble from_xgboost_json(const std::vector<std::string>& json_texts,
                                        const std::vector<std::string>& names);

  // As above, with explicit compile options (validated first).
  static TreeEnsemble from_xgboost_json(const std::vector<std::string>& json_texts,
                                        const std::vector<std::string>& names,
                                        const TreeCompileOptions& options);

  // Number of members.
  std::size_t num_members() const;

  // Per-member predictions for one encoded architecture (`features` has 28 values, see
  // space::encode) into out[0 .. num_members()). Every value must be a choice index (an integral
  // value in [0, number of choices)); otherwise std::invalid_argument names the feature and value.
  void predict_members(const double* features, double* out) const;

  // Mean and standard deviation (population, ddof = 0, as numpy.std) over members.
  void predict(const double* features, double& mean, double& std) const;

  // Per-member predictions for `n` architectures given by their choice indices: `choices` is
  // row-major n x 28 (space::choice_indices order), `out` row-major n x num_members(). Each row
  // gets the values predict_members gives for its encoding, bit for bit, whatever n. An index
  // outside its feature's choices throws std::invalid_argument naming the row, feature and value.
  void predict_members_choices(const std::uint8_t* choices, std::size_t n, double* out) const;

  // Batch form: `features` is row-major n x 28; writes mean[n] and std[n] (bit for bit the
  // values of predict on each row).
  void predict_batch(const double* features, std::size_t n, double* mean, double* std) const;

  // Size statistics of the compiled form, for reports and benchmarks.
  struct Stats {
    std::size_t trees = 0;            // trees over all members
    std::size_t leaves = 0;           // leaves over all members
    std::size_t tables = 0;           // compiled lookup tables
    std::size_t table_entries = 0;    // entries over all tables (per member)
    std::size_t flat_trees = 0;       // trees left to flat traversal
    std::size_t table_entry_cap = 0;  // table size cap actually used (after the byte budget)
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anb::surrogate
