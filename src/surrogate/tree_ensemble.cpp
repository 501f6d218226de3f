// TreeEnsemble: parsing, compilation into tables + flat trees, and the query paths.

#include "anb/surrogate/tree_ensemble.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tree_flat.h"
#include "tree_model.h"

namespace anb::surrogate {
namespace {

constexpr std::size_t kMaxTableEntries = 4096;

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

void mean_and_std(const double* values, std::size_t n, double& mean, double& std) {
  double sum = 0.0;
  for (std::size_t m = 0; m < n; ++m) sum += values[m];
  mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t m = 0; m < n; ++m) squares += (values[m] - mean) * (values[m] - mean);
  std = std::sqrt(squares / static_cast<double>(n));
}

}  // namespace

void TreeCompileOptions::validate() const {
  if (max_table_entries > kMaxTableEntries) {
    throw std::invalid_argument("TreeCompileOptions.max_table_entries = " +
                                std::to_string(max_table_entries) + " must be at most " +
                                std::to_string(kMaxTableEntries));
  }
}

struct TreeEnsemble::Impl {
  std::size_t members = 0;
  std::vector<double> base;  // per member: base score
  detail::FlatForest flat;
  Stats stats;

  // acc[m] = prediction of member m for the choice indices idx.
  void members_for(const std::uint8_t* idx, double* acc) const {
    for (std::size_t m = 0; m < members; ++m) acc[m] = base[m];
    flat.accumulate(idx, acc);
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
  TreeEnsemble e;
  Impl& impl = *e.impl_;
  impl.members = json_texts.size();
  for (std::size_t m = 0; m < json_texts.size(); ++m) {
    const detail::RawMember member = detail::parse_xgboost_member(json_texts[m], names[m]);
    impl.base.push_back(static_cast<double>(member.base_score));
    for (const detail::RawTree& tree : member.trees) {
      impl.stats.trees += 1;
      for (const std::int32_t l : tree.left) impl.stats.leaves += l < 0 ? 1 : 0;
      impl.flat.add_tree(tree, m);
    }
  }
  impl.stats.flat_trees = impl.flat.num_trees();
  return e;
}

std::size_t TreeEnsemble::num_members() const { return impl_->members; }

void TreeEnsemble::predict_members(const double* features, double* out) const {
  std::uint8_t idx[detail::kNumFeatures + 1];
  to_choice_indices(features, idx);
  impl_->members_for(idx, out);
}

void TreeEnsemble::predict(const double* features, double& mean, double& std) const {
  std::vector<double> values(impl_->members);
  predict_members(features, values.data());
  mean_and_std(values.data(), values.size(), mean, std);
}

void TreeEnsemble::predict_batch(const double* features, std::size_t n, double* mean,
                                 double* std) const {
  std::vector<double> values(impl_->members);
  for (std::size_t i = 0; i < n; ++i) {
    predict_members(features + i * detail::kNumFeatures, values.data());
    mean_and_std(values.data(), values.size(), mean[i], std[i]);
  }
}

TreeEnsemble::Stats TreeEnsemble::stats() const { return impl_->stats; }

}  // namespace anb::surrogate
