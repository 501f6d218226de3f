#pragma once
// The JSON form of predictions, one object per architecture, shared by `anb query --json`,
// `anb serve` (GET/POST /api/query) and anything else that prints predictions, so that they all
// print the same object:
//
//   {"arch": "e1666666-k3353553-l1223341-seTTTTTTT",
//    "targets": {"accuracy": {"mean": 66.1, "std": 0.2, "unit": "%",
//                             "lower": 65.7, "upper": 66.5, "level": 0.9}, ...}}
//
// "lower", "upper" and "level" appear when an interval level is asked for and the target has a
// calibrated interval (models fitted before intervals existed have none).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// `names` checked against `bench` (every target when empty). Throws std::invalid_argument
// naming the unknown target and listing the available ones.
std::vector<std::string> resolve_targets(const Benchmark& bench,
                                         const std::vector<std::string>& names);

// The prediction object of `arch` for `targets` (names known to `bench`, in that order), with
// the calibrated interval at `interval_level` (in (0, 1); 0 = none) for targets that have one.
// Throws std::invalid_argument for a level outside [0, 1).
nlohmann::json prediction_json(const Benchmark& bench, const space::Architecture& arch,
                               const std::vector<std::string>& targets,
                               double interval_level = 0.0);

// The prediction objects of `archs` (a JSON array, in order), computed in one batch query of
// every target (Benchmark::query_choices / query_interval_choices): element i equals
// prediction_json(bench, archs[i], targets, interval_level), value for value.
nlohmann::json predictions_json(const Benchmark& bench,
                                const std::vector<space::Architecture>& archs,
                                const std::vector<std::string>& targets,
                                double interval_level = 0.0);

}  // namespace anb::surrogate
