#pragma once
// Private to the tree-ensemble evaluator: trees as flat node arrays, evaluated by traversal on
// choice indices.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tree_model.h"

namespace anb::surrogate::detail {

// A node of a flat tree; `left` is relative to the tree's root. Internal nodes have their right
// child at left + 1 and go right when idx[feature] >= threshold. A leaf holds `value` and points
// to itself through the always-zero pad slot (feature kNumFeatures, threshold 1), so a step from
// a leaf stays there and several trees can be stepped in lockstep without branches.
struct FlatNode {
  double value = 0.0;
  std::int32_t left = 0;
  std::uint8_t feature = kNumFeatures;
  std::uint8_t threshold = 1;
};

// The trees of all members kept for traversal.
class FlatForest {
 public:
  // Appends `tree` as a tree of member `member`. Splits that send every choice index the same
  // way are skipped, so the stored tree holds only splits that can go both ways.
  void add_tree(const RawTree& tree, std::size_t member);

  // Adds every stored tree's leaf value for the choice indices `idx` (kNumFeatures + 1 values,
  // the last one 0) to acc[member].
  void accumulate(const std::uint8_t* idx, double* acc) const;

  // Batch form: idx holds `rows` rows of kNumFeatures + 1 choice indices, acc holds rows rows
  // of `acc_stride` member values. Tree-outer, so each tree's nodes stay in cache for all rows.
  void accumulate_rows(const std::uint8_t* idx, std::size_t rows, double* acc,
                       std::size_t acc_stride) const;

  // Number of stored trees.
  std::size_t num_trees() const { return roots_.size(); }

 private:
  std::vector<FlatNode> nodes_;
  std::vector<std::uint32_t> roots_;
  std::vector<std::uint32_t> member_of_;
  std::vector<std::uint32_t> depth_;  // steps from the root to the deepest leaf
};

// The node that `node` of `tree` really leads to: follows splits whose threshold sends every
// choice index the same way.
std::int32_t skip_constant_splits(const RawTree& tree, std::int32_t node);

}  // namespace anb::surrogate::detail
