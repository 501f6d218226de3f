// Flat node arrays for the trees that stay as traversal.

#include "tree_flat.h"

#include <algorithm>
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
  struct Item {
    std::int32_t raw;
    std::size_t slot;
    std::size_t depth;
  };
  std::vector<Item> queue{{skip_constant_splits(tree, 0), root, 0}};
  nodes_.emplace_back();
  std::size_t depth = 0;
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const Item item = queue[q];
    const std::int32_t raw = item.raw;
    const std::size_t slot = item.slot;
    depth = std::max(depth, item.depth);
    if (tree.left[raw] < 0) {
      nodes_[slot].value = static_cast<double>(tree.value[raw]);
      nodes_[slot].left = static_cast<std::int32_t>(slot - root);
      continue;
    }
    const auto left = static_cast<std::int32_t>(nodes_.size() - root);
    nodes_[slot].left = left;
    nodes_[slot].feature = static_cast<std::uint8_t>(tree.feature[raw]);
    nodes_[slot].threshold = static_cast<std::uint8_t>(tree.threshold[raw]);
    nodes_.emplace_back();
    nodes_.emplace_back();
    queue.push_back({skip_constant_splits(tree, tree.left[raw]), root + left, item.depth + 1});
    queue.push_back({skip_constant_splits(tree, tree.right[raw]), root + left + 1, item.depth + 1});
  }
  depth_.push_back(static_cast<std::uint32_t>(depth));
}

namespace {

inline std::int32_t step(const FlatNode* tree, std::int32_t i, const std::uint8_t* idx) {
  return tree[i].left + static_cast<std::int32_t>(idx[tree[i].feature] >= tree[i].threshold);
}

}  // namespace

void FlatForest::accumulate(const std::uint8_t* idx, double* acc) const {
  const FlatNode* base = nodes_.data();
  const std::size_t n = roots_.size();
  std::size_t t = 0;
  // Four trees in lockstep (independent loads overlap), as deep as the deepest of them.
  for (; t + 4 <= n; t += 4) {
    const FlatNode* a = base + roots_[t];
    const FlatNode* b = base + roots_[t + 1];
    const FlatNode* c = base + roots_[t + 2];
    const FlatNode* d = base + roots_[t + 3];
    const std::uint32_t steps =
        std::max(std::max(depth_[t], depth_[t + 1]), std::max(depth_[t + 2], depth_[t + 3]));
    std::int32_t ia = 0, ib = 0, ic = 0, id = 0;
    for (std::uint32_t s = 0; s < steps; ++s) {
      ia = step(a, ia, idx);
      ib = step(b, ib, idx);
      ic = step(c, ic, idx);
      id = step(d, id, idx);
    }
    acc[member_of_[t]] += a[ia].value;
    acc[member_of_[t + 1]] += b[ib].value;
    acc[member_of_[t + 2]] += c[ic].value;
    acc[member_of_[t + 3]] += d[id].value;
  }
  for (; t < n; ++t) {
    const FlatNode* tree = base + roots_[t];
    std::int32_t i = 0;
    for (std::uint32_t s = 0; s < depth_[t]; ++s) i = step(tree, i, idx);
    acc[member_of_[t]] += tree[i].value;
  }
}

void FlatForest::accumulate_rows(const std::uint8_t* idx, std::size_t rows, double* acc,
                                 std::size_t acc_stride) const {
  constexpr std::size_t kRow = kNumFeatures + 1;
  for (std::size_t t = 0; t < roots_.size(); ++t) {
    const FlatNode* tree = nodes_.data() + roots_[t];
    const std::uint32_t steps = depth_[t];
    double* out = acc + member_of_[t];
    std::size_t r = 0;
    // Four rows in lockstep through the same tree.
    for (; r + 4 <= rows; r += 4) {
      const std::uint8_t* x = idx + r * kRow;
      std::int32_t ia = 0, ib = 0, ic = 0, id = 0;
      for (std::uint32_t s = 0; s < steps; ++s) {
        ia = step(tree, ia, x);
        ib = step(tree, ib, x + kRow);
        ic = step(tree, ic, x + 2 * kRow);
        id = step(tree, id, x + 3 * kRow);
      }
      out[r * acc_stride] += tree[ia].value;
      out[(r + 1) * acc_stride] += tree[ib].value;
      out[(r + 2) * acc_stride] += tree[ic].value;
      out[(r + 3) * acc_stride] += tree[id].value;
    }
    for (; r < rows; ++r) {
      std::int32_t i = 0;
      for (std::uint32_t s = 0; s < steps; ++s) i = step(tree, i, idx + r * kRow);
      out[r * acc_stride] += tree[i].value;
    }
  }
}

}  // namespace anb::surrogate::detail
