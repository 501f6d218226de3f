#pragma once
// The fixed hypervolume reference points and normalisation of the benchmark, one entry per pair
// (accuracy, device target), shipped as data in config/hypervolume_reference.json so that
// hypervolumes are comparable across runs and papers. See docs/search.md for the values and how
// they were chosen.
//
// File format (version 1):
//   {"format": "anb-hypervolume-reference", "version": 1,
//    "data_ranges": {"accuracy": [42.85, 67.05], "throughput_a100": [4280, 30275], ...},
//    "pairs": [{"objectives": ["accuracy", "throughput_a100"], "reference": [40, 3000],
//               "ideal": [70, 33000], "reward_target": 10000}, ...]}
// `data_ranges` are the dataset's [min, max] per target; every pair's reference must be worse
// than, and its ideal at least as good as, the whole range (checked on load).

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "anb/search/problem.h"

namespace anb::search {

// The normalisation of one objective pair.
struct ReferencePair {
  std::vector<Objective> objectives;    // two objectives, directions from their target names
  std::vector<ObjectiveBounds> bounds;  // reference and ideal per objective
  double reward_target = 0.0;           // T0 of the REINFORCE bi-objective reward (2nd objective)
};

// All pairs of a reference file.
struct HypervolumeReference {
  std::map<std::string, std::vector<double>> data_ranges;  // target -> {min, max}
  std::vector<ReferencePair> pairs;

  // Parses the JSON text (`source` names the file in messages) and checks it: known format and
  // version, two objectives per pair with directions taken from the target names, reference
  // strictly worse than ideal, and the reference and ideal bounding the data range of each
  // objective. Throws std::invalid_argument naming the source, pair, objective and value.
  static HypervolumeReference parse(std::string_view json_text, std::string_view source);

  // Reads and parses a file; throws std::runtime_error if it cannot be read.
  static HypervolumeReference load(const std::filesystem::path& path);

  // The pair (first, second); throws std::invalid_argument listing the available pairs.
  const ReferencePair& pair(std::string_view first, std::string_view second) const;

  // The pair (first, second), or nullptr when the file has none.
  const ReferencePair* find(std::string_view first, std::string_view second) const;
};

// config/hypervolume_reference.json of the source tree, or $ANB_HV_REFERENCE when set.
std::filesystem::path default_reference_path();

}  // namespace anb::search
