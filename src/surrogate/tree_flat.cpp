// Flat node arrays for the trees that stay as traversal.

#include "tree_flat.h"

#include <utility>

namespace anb::surrogate::detail {

std::int32_t skip_constant_splits(const RawTree& tree, std::int32_t node) {
  while (tree.left[node] >= 0) {
    const std::int32_t t = tree.threshold[node];
    if (t == 0) {
      node = tree.right[node];
    } else if (t >= feature_radix(tree.feature[node])) {
      node = tree.left[node];
    } else {
      break;
    }
  }
  return node;
}

void FlatForest::add_tree(const RawTree& tree, std::size_t member) {
  // Breadth-first copy; the two children of a stored node are allocated side by side.
  const auto root = static_cast<std::uint32_t>(nodes_.size());
  roots_.push_back(root);
  member_of_.push_back(static_cast<std::uint32_t>(member));
  std::vector<std::pair<std::int32_t, std::size_t>> queue{{skip_constant_splits(tree, 0), root}};
  nodes_.emplace_back();
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [raw, slot] = queue[q];
    if (tree.left[raw] < 0) {
      nodes_[slot].value = static_cast<double>(tree.value[raw]);
      nodes_[slot].left = -1;
      continue;
    }
    const auto left = static_cast<std::int32_t>(nodes_.size() - root);
    nodes_[slot].left = left;
    nodes_[slot].feature = static_cast<std::uint8_t>(tree.feature[raw]);
    nodes_[slot].threshold = static_cast<std::uint8_t>(tree.threshold[raw]);
    nodes_.emplace_back();
    nodes_.emplace_back();
    queue.emplace_back(skip_constant_splits(tree, tree.left[raw]), root + left);
    queue.emplace_back(skip_constant_splits(tree, tree.right[raw]), root + left + 1);
  }
}

void FlatForest::accumulate(const std::uint8_t* idx, double* acc) const {
  const FlatNode* base = nodes_.data();
  for (std::size_t t = 0; t < roots_.size(); ++t) {
    const FlatNode* tree = base + roots_[t];
    std::int32_t i = 0;
    while (tree[i].left >= 0) {
      i = tree[i].left + static_cast<std::int32_t>(idx[tree[i].feature] >= tree[i].threshold);
    }
    acc[member_of_[t]] += tree[i].value;
  }
}

}  // namespace anb::surrogate::detail
