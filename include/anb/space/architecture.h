#pragma once
// An architecture of the Accel-NASBench search space (MnasNet/EfficientNet-B0 skeleton).
//
// Seven stages, each with four decisions: expansion ratio {1,4,6}, depthwise kernel {3,5},
// number of layers {1,2,3} ({1,2,3,4} for stage 5) and squeeze-excite on/off.
//
// Canonical string form (four groups of seven characters, stage 0 first):
//
//   e<expansions>-k<kernels>-l<layers>-se<T|F per stage>
//   e.g. EfficientNet-B0 = "e1666666-k3353553-l1223341-seTTTTTTT"
//
// `Architecture::parse` also accepts the original record form (a JSON object with the keys
// "block0_e" … "block6_se") and the preset name "efficientnet-b0".

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace anb::space {

inline constexpr int kNumStages = 7;

// The four decisions of one stage.
struct Stage {
  int expansion = 1;  // expansion ratio of the MBConv layers: 1, 4 or 6
  int kernel = 3;     // depthwise kernel size: 3 or 5
  int layers = 1;     // number of MBConv layers: 1..3 (1..4 in stage 5)
  bool se = false;    // squeeze-and-excite in every layer of the stage

  friend bool operator==(const Stage& a, const Stage& b) {
    return a.expansion == b.expansion && a.kernel == b.kernel && a.layers == b.layers &&
           a.se == b.se;
  }
};

// A validated point of the search space. Immutable value type: every constructor checks the
// domain and throws std::invalid_argument naming the stage, decision and value.
class Architecture {
 public:
  // The smallest architecture: expansion 1, kernel 3, one layer, no SE in every stage.
  Architecture();

  // Builds from stage settings; throws std::invalid_argument if any value is out of domain.
  explicit Architecture(const std::array<Stage, kNumStages>& stages);

  // Parses the canonical string, the JSON record form or a preset name (see file comment).
  // Throws std::invalid_argument quoting the text and naming what is wrong.
  static Architecture parse(std::string_view text);

  // Reads the original record form {"block0_e": 4, ..., "block6_se": true}. `context` (for
  // example a file name) is put in front of every error message.
  static Architecture from_json(const nlohmann::json& object, std::string_view context = {});

  // EfficientNet-B0 as a point of this space.
  static Architecture efficientnet_b0();

  const std::array<Stage, kNumStages>& stages() const { return stages_; }
  const Stage& stage(int i) const { return stages_.at(static_cast<std::size_t>(i)); }

  // Total number of MBConv layers.
  int total_layers() const;

  // The canonical string form.
  std::string to_string() const;

  // The original record form, keys "block<i>_{e,k,l,se}".
  nlohmann::json to_json() const;

  friend bool operator==(const Architecture& a, const Architecture& b) {
    return a.stages_ == b.stages_;
  }
  friend bool operator!=(const Architecture& a, const Architecture& b) { return !(a == b); }
  // Total order by search-space index (see search_space.h).
  friend bool operator<(const Architecture& a, const Architecture& b);

 private:
  std::array<Stage, kNumStages> stages_;
};

// Hash for unordered containers (the search-space index, mixed).
struct ArchitectureHash {
  std::size_t operator()(const Architecture& a) const;
};

}  // namespace anb::space
