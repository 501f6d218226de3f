#pragma once
// Private to the tree-ensemble evaluator: one XGBoost member as parsed from its JSON model, and
// the choice-index view of a split.

#include <cstdint>
#include <string>
#include <vector>

namespace anb::surrogate::detail {

// Number of input features (space::kNumDecisions), kept here so the evaluator's private headers
// need not include the search space.
inline constexpr int kNumFeatures = 28;

// One regression tree in XGBoost's node-array form. Node i is a leaf when left[i] < 0; then
// value[i] is its leaf value. Otherwise it goes left when the feature's choice index is below
// threshold[i] (see split_threshold), and right otherwise.
struct RawTree {
  std::vector<std::int32_t> left;
  std::vector<std::int32_t> right;
  std::vector<std::int32_t> feature;
  std::vector<std::int32_t> threshold;
  std::vector<float> value;
};

// One member: base score plus the sum of its trees' leaf values.
struct RawMember {
  std::string name;
  float base_score = 0.0f;
  std::vector<RawTree> trees;
};

// Number of choices of each feature (space::decisions(): per stage expansion 3, kernel 2, layers
// 3 (4 in stage 5), SE 2), inline because the query path reads it for every index it checks;
// a test checks it against the search space.
inline constexpr std::uint8_t kFeatureRadix[kNumFeatures] = {
    3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 4, 2, 3, 2, 3, 2};

// Number of choices of feature `f` (2, 3 or 4).
inline int feature_radix(int f) { return kFeatureRadix[f]; }

// XGBoost sends value v left when float(v) < condition. For a feature with `radix` choice
// indices 0..radix-1 this is exactly "v < threshold" with the returned threshold in [0, radix]
// (0: always right, radix: always left; a NaN condition goes right as in XGBoost).
std::int32_t split_threshold(float condition, int radix);

// Parses one member from XGBoost JSON model text; every error is a std::invalid_argument whose
// message starts with `name`.
RawMember parse_xgboost_member(const std::string& text, const std::string& name);

}  // namespace anb::surrogate::detail
