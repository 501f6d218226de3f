// Decomposition of a tree into leaf boxes over choice indices.

#include "tree_leaf_boxes.h"

#include <algorithm>
#include <bitset>

namespace anb::surrogate::detail {
namespace {

struct Frame {
  std::int32_t node;
  std::array<std::uint8_t, kNumFeatures> allowed;
};

LeafBox make_box(const Frame& frame, float value) {
  LeafBox box;
  box.allowed = frame.allowed;
  box.value = static_cast<double>(value);
  for (int f = 0; f < kNumFeatures; ++f) {
    if (frame.allowed[f] != all_choices(f)) box.features |= 1u << f;
  }
  return box;
}

}  // namespace

std::uint8_t all_choices(int f) {
  return static_cast<std::uint8_t>((1u << feature_radix(f)) - 1u);
}

std::size_t set_entries(std::uint32_t features) {
  // Masks of the features with 2, 3 and 4 choices, so the product is three popcounts.
  static const std::array<std::uint32_t, 5> by_radix = [] {
    std::array<std::uint32_t, 5> m{};
    for (int f = 0; f < kNumFeatures; ++f) m[static_cast<std::size_t>(feature_radix(f))] |= 1u << f;
    return m;
  }();
  static constexpr std::size_t kPow3[] = {1, 3, 9, 27, 81, 243, 729, 2187, 6561, 19683, 59049,
                                          177147, 531441, 1594323, 4782969};
  const auto count = [&](std::size_t r) {
    return static_cast<std::size_t>(std::bitset<32>(features & by_radix[r]).count());
  };
  const std::size_t threes = count(3);
  const std::size_t pow3 = threes < 15 ? kPow3[threes] : std::size_t{1} << 40;
  return (std::size_t{1} << std::min<std::size_t>(count(2) + 2 * count(4), 40)) * pow3;
}

std::vector<LeafBox> leaf_boxes(const RawTree& tree) {
  std::vector<LeafBox> out;
  Frame root{0, {}};
  for (int f = 0; f < kNumFeatures; ++f) root.allowed[f] = all_choices(f);
  std::vector<Frame> stack{root};
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    const std::int32_t i = frame.node;
    if (tree.left[i] < 0) {
      out.push_back(make_box(frame, tree.value[i]));
      continue;
    }
    const int f = tree.feature[i];
    const auto below = static_cast<std::uint8_t>((1u << tree.threshold[i]) - 1u);
    Frame right = frame;
    right.node = tree.right[i];
    right.allowed[f] = static_cast<std::uint8_t>(frame.allowed[f] & ~below);
    Frame left = frame;
    left.node = tree.left[i];
    left.allowed[f] = static_cast<std::uint8_t>(frame.allowed[f] & below);
    if (right.allowed[f] != 0) stack.push_back(right);  // pushed first: left is visited first
    if (left.allowed[f] != 0) stack.push_back(left);
  }
  return out;
}

}  // namespace anb::surrogate::detail
