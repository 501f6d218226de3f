#pragma once
// Private to the tree-ensemble evaluator: a tree as a sum of boxes. Each reachable leaf adds its
// value where every feature's choice index lies in the leaf's allowed set, so a leaf depends on
// the few features its path really restricts.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tree_model.h"

namespace anb::surrogate::detail {

// One reachable leaf: allowed[f] is a bit mask over choice indices of feature f (bit v set when
// v reaches the leaf); `features` has bit f set when allowed[f] is not every choice.
struct LeafBox {
  std::uint32_t features = 0;
  std::array<std::uint8_t, kNumFeatures> allowed{};
  double value = 0.0;
};

// Bit mask of all choice indices of feature f.
std::uint8_t all_choices(int f);

// Number of choice combinations of a feature set (product of the radices; 1 for the empty set).
std::size_t set_entries(std::uint32_t features);

// The leaves of `tree` that some input reaches, in depth-first order (left before right).
// Paths whose conditions contradict each other are pruned.
std::vector<LeafBox> leaf_boxes(const RawTree& tree);

}  // namespace anb::surrogate::detail
