#pragma once
// Private to the tree-ensemble evaluator: trees as flat node arrays, evaluated by traversal on
// choice indices.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tree_model.h"

namespace anb::surrogate::detail {

// A node of a flat tree. Internal nodes have left >= 0 and their right child at left + 1; they
// go right when idx[feature] >= threshold. Leaves have left < 0 and hold `value`.
struct FlatNode {
  double value = 0.0;
  std::int32_t left = -1;
  std::uint8_t feature = 0;
  std::uint8_t threshold = 0;
};

// The trees of all members kept for traversal.
class FlatForest {
 public:
  // Appends `tree` as a tree of member `member`. Splits that send every choice index the same
  // way are skipped, so the stored tree holds only splits that can go both ways.
  void add_tree(const RawTree& tree, std::size_t member);

  // Adds every stored tree's leaf value for the choice indices `idx` to acc[member].
  void accumulate(const std::uint8_t* idx, double* acc) const;

  // Number of stored trees.
  std::size_t num_trees() const { return roots_.size(); }

 private:
  std::vector<FlatNode> nodes_;
  std::vector<std::uint32_t> roots_;
  std::vector<std::uint32_t> member_of_;
};

// The node that `node` of `tree` really leads to: follows splits whose threshold sends every
// choice index the same way.
std::int32_t skip_constant_splits(const RawTree& tree, std::int32_t node);

}  // namespace anb::surrogate::detail
