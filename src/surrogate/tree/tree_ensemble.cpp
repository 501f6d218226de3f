// TreeEnsemble: compilation of parsed members into lookup tables plus flat trees, and the
// query paths.

#include "anb/surrogate/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tree_flat.h"
#include "tree_leaf_boxes.h"
#include "tree_model.h"
#include "tree_table_plan.h"
#include "tree_tables.h"

namespace anb::surrogate {
namespace {

constexpr std::size_t kMaxTableEntries = 4096;
constexpr std::size_t kRow = detail::kNumFeatures + 1;  // choice indices per row, with pad slot
// Leaf feature sets beyond which a cap is given up as too costly (planning, merging included, is
// quadratic in them).
constexpr std::size_t kMaxDistinctSets = 8192;
constexpr std::size_t kBlockRows = 8192;  // rows per block in batch queries

// Converts 28 feature values to choice indices; idx[kNumFeatures] is a zero pad slot.
void to_choice_indices(const double* features, std::uint8_t* idx) {
  for (int f = 0; f < detail::kNumFeatures; ++f) {
    const double x = features[f];
    const int radix = detail::feature_radix(f);
    if (!(x >= 0.0 && x < static_cast<double>(radix)) || x != std::floor(x)) {
      throw std::invalid_argument("feature " + std::to_string(f) + " = " + std::to_string(x) +
                                  " is not a choice index in [0, " + std::to_string(radix) + ")");
    }
    idx[f] = static_cast<std::uint8_t>(x);
  }
  idx[detail::kNumFeatures] = 0;
}

// Copies one row of 28 choice indices to idx (with the zero pad slot), checking each index
// against its feature's number of choices; `row` names the row in the error.
void copy_choice_indices(const std::uint8_t* choices, std::size_t row, std::uint8_t* idx) {
  for (int f = 0; f < detail::kNumFeatures; ++f) {
    const int radix = detail::feature_radix(f);
    if (choices[f] >= radix) {
      throw std::invalid_argument("row " + std::to_string(row) + ": feature " + std::to_string(f) +
                                  " = " + std::to_string(choices[f]) +
                                  " is not a choice index in [0, " + std::to_string(radix) + ")");
    }
    idx[f] = choices[f];
  }
  idx[detail::kNumFeatures] = 0;
}

void mean_and_std(const double* values, std::size_t n, double& mean, double& std) {
  double sum = 0.0;
  for (std::size_t m = 0; m < n; ++m) sum += values[m];
  mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t m = 0; m < n; ++m) squares += (values[m] - mean) * (values[m] - mean);
  std = std::sqrt(squares / static_cast<double>(n));
}

// A tree goes to the tables when each of its leaves restricts features whose combinations fit.
bool fits_tables(const std::vector<detail::LeafBox>& leaves, std::size_t cap) {
  return std::all_of(leaves.begin(), leaves.end(), [cap](const detail::LeafBox& l) {
    return detail::set_entries(l.features) <= cap;
  });
}

struct TabledLeaf {
  detail::LeafBox box;
  std::size_t member;
};

}  // namespace

void TreeCompileOptions::validate() const {
  if (max_table_bytes < (std::size_t{1} << 20)) {
    throw std::invalid_argument("TreeCompileOptions.max_table_bytes = " +
                                std::to_string(max_table_bytes) + " must be at least 1 MiB");
  }
  if (max_table_entries > kMaxTableEntries) {
    throw std::invalid_argument(
        "TreeCompileOptions.max_table_entries = " + std::to_string(max_table_entries) +
        " must be at most " + std::to_string(kMaxTableEntries));
  }
}

struct TreeEnsemble::Impl {
  std::size_t members = 0;
  std::vector<double> base;  // per member: base score plus leaves that read no feature
  detail::FlatForest flat;
  detail::TableSet tables;
  Stats stats;

  // acc (rows x padded) = member predictions for `rows` rows of choice indices.
  void members_for(const std::uint8_t* idx, std::size_t rows, double* acc) const {
    if (members == 0) throw std::logic_error("TreeEnsemble: query on an empty ensemble");
    const std::size_t padded = tables.padded_members();
    for (std::size_t r = 0; r < rows; ++r) {
      std::copy(base.begin(), base.end(), acc + r * padded);
    }
    tables.accumulate(idx, rows, acc);
    if (flat.num_trees() == 0) return;
    if (rows == 1) {
      flat.accumulate(idx, acc);
    } else {
      flat.accumulate_rows(idx, rows, acc, padded);
    }
  }

  // Member predictions for one encoded row, in `small` when the padded member count fits,
  // else in `large`; returns the buffer used.
  double* row_members(const double* features, double (&small)[64],
                      std::vector<double>& large) const {
    std::uint8_t idx[kRow];
    to_choice_indices(features, idx);
    double* acc = small;
    if (tables.padded_members() > 64) {
      large.resize(tables.padded_members());
      acc = large.data();
    }
    members_for(idx, 1, acc);
    return acc;
  }

  // Adds one parsed member: flat trees right away, tabled leaves into `tabled`.
  void add_member(const detail::RawMember& member, std::size_t m, std::size_t cap,
                  std::vector<TabledLeaf>& tabled) {
    base[m] = static_cast<double>(member.base_score);
    for (const detail::RawTree& tree : member.trees) {
      std::vector<detail::LeafBox> leaves = detail::leaf_boxes(tree);
      stats.trees += 1;
      stats.leaves += leaves.size();
      if (cap == 0 || !fits_tables(leaves, cap)) {
        flat.add_tree(tree, m);
        continue;
      }
      for (detail::LeafBox& l : leaves) tabled.push_back({std::move(l), m});
    }
  }

  // Lays out the tables for the tabled leaves and fills them; false (nothing built) when they
  // would take more than `max_bytes`.
  bool build_tables(const std::vector<TabledLeaf>& tabled, std::size_t cap, bool merge,
                    std::size_t max_bytes) {
    std::vector<std::uint32_t> needed;
    for (const TabledLeaf& l : tabled) needed.push_back(l.box.features);
    std::sort(needed.begin(), needed.end());
    needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
    if (needed.size() > kMaxDistinctSets) return false;  // many tables; planning would crawl
    const std::vector<std::uint32_t> sets = detail::plan_tables(std::move(needed), cap, merge);
    std::size_t entries = 0;
    for (const std::uint32_t set : sets) entries += detail::set_entries(set);
    if (entries * ((members + 1) / 2 * 2) * sizeof(float) > max_bytes) return false;
    tables = detail::TableSet(sets, members);
    std::unordered_map<std::uint32_t, std::size_t> table_of;  // leaf feature set -> table
    for (const TabledLeaf& l : tabled) {
      if (l.box.features == 0) {
        base[l.member] += l.box.value;
        continue;
      }
      auto it = table_of.find(l.box.features);
      if (it == table_of.end()) {
        const std::ptrdiff_t t = detail::smallest_superset(sets, l.box.features);
        it = table_of.emplace(l.box.features, static_cast<std::size_t>(t)).first;
      }
      tables.add_leaf(it->second, l.box, l.member);
    }
    tables.finish();
    base.resize(tables.padded_members(), 0.0);
    stats.tables = tables.num_tables();
    stats.table_entries = tables.num_entries();
    stats.table_entry_cap = cap;
    return true;
  }

  // Compiles the members with tables of at most `cap` entries; null when over the byte budget.
  static std::unique_ptr<Impl> compile(const std::vector<detail::RawMember>& raw, std::size_t cap,
                                       const TreeCompileOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->members = raw.size();
    impl->base.assign(impl->members, 0.0);
    std::vector<TabledLeaf> tabled;
    for (std::size_t m = 0; m < raw.size(); ++m) impl->add_member(raw[m], m, cap, tabled);
    if (!impl->build_tables(tabled, cap, options.merge_tables, options.max_table_bytes)) {
      return nullptr;
    }
    impl->stats.flat_trees = impl->flat.num_trees();
    return impl;
  }
};

TreeEnsemble::TreeEnsemble() : impl_(std::make_unique<Impl>()) {}
TreeEnsemble::~TreeEnsemble() = default;
TreeEnsemble::TreeEnsemble(TreeEnsemble&&) noexcept = default;
TreeEnsemble& TreeEnsemble::operator=(TreeEnsemble&&) noexcept = default;

TreeEnsemble TreeEnsemble::from_xgboost_json(const std::vector<std::string>& json_texts,
                                             const std::vector<std::string>& names) {
  return from_xgboost_json(json_texts, names, TreeCompileOptions{});
}

TreeEnsemble TreeEnsemble::from_xgboost_json(const std::vector<std::string>& json_texts,
                                             const std::vector<std::string>& names,
                                             const TreeCompileOptions& options) {
  options.validate();
  if (json_texts.size() != names.size()) {
    throw std::invalid_argument("TreeEnsemble: " + std::to_string(json_texts.size()) +
                                " model texts but " + std::to_string(names.size()) + " names");
  }
  if (json_texts.empty()) throw std::invalid_argument("TreeEnsemble: no members");
  std::vector<detail::RawMember> raw;
  for (std::size_t m = 0; m < json_texts.size(); ++m) {
    raw.push_back(detail::parse_xgboost_member(json_texts[m], names[m]));
  }
  TreeEnsemble e;
  // Halve the table cap until the tables fit the byte budget (cap 0 always fits).
  for (std::size_t cap = options.max_table_entries;; cap /= 2) {
    if (auto impl = Impl::compile(raw, cap, options)) {
      e.impl_ = std::move(impl);
      return e;
    }
  }
}

std::size_t TreeEnsemble::num_members() const {
  return impl_->members;
}

void TreeEnsemble::predict_members(const double* features, double* out) const {
  double small[64];
  std::vector<double> large;
  const double* acc = impl_->row_members(features, small, large);
  std::copy(acc, acc + impl_->members, out);
}

void TreeEnsemble::predict(const double* features, double& mean, double& std) const {
  double small[64];
  std::vector<double> large;
  mean_and_std(impl_->row_members(features, small, large), impl_->members, mean, std);
}

void TreeEnsemble::predict_members_choices(const std::uint8_t* choices, std::size_t n,
                                           double* out) const {
  const std::size_t members = impl_->members;
  const std::size_t padded = impl_->tables.padded_members();
  if (n == 1 && padded <= 64) {  // one row: no heap, the single-row kernels
    std::uint8_t idx[kRow];
    double acc[64];
    copy_choice_indices(choices, 0, idx);
    impl_->members_for(idx, 1, acc);
    std::copy(acc, acc + members, out);
    return;
  }
  const std::size_t block = std::min(n, kBlockRows);
  std::vector<std::uint8_t> idx(block * kRow);
  std::vector<double> acc(block * padded);
  for (std::size_t begin = 0; begin < n; begin += block) {
    const std::size_t rows = std::min(block, n - begin);
    for (std::size_t r = 0; r < rows; ++r) {
      copy_choice_indices(choices + (begin + r) * detail::kNumFeatures, begin + r, &idx[r * kRow]);
    }
    impl_->members_for(idx.data(), rows, acc.data());
    for (std::size_t r = 0; r < rows; ++r) {
      std::copy(&acc[r * padded], &acc[r * padded] + members, out + (begin + r) * members);
    }
  }
}

void TreeEnsemble::predict_batch(const double* features, std::size_t n, double* mean,
                                 double* std) const {
  const std::size_t padded = impl_->tables.padded_members();
  std::vector<std::uint8_t> idx(kBlockRows * kRow);
  std::vector<double> acc(kBlockRows * padded);
  for (std::size_t begin = 0; begin < n; begin += kBlockRows) {
    const std::size_t rows = std::min(kBlockRows, n - begin);
    for (std::size_t r = 0; r < rows; ++r) {
      to_choice_indices(features + (begin + r) * detail::kNumFeatures, &idx[r * kRow]);
    }
    impl_->members_for(idx.data(), rows, acc.data());
    for (std::size_t r = 0; r < rows; ++r) {
      mean_and_std(&acc[r * padded], impl_->members, mean[begin + r], std[begin + r]);
    }
  }
}

TreeEnsemble::Stats TreeEnsemble::stats() const {
  return impl_->stats;
}

}  // namespace anb::surrogate
