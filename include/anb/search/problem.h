#pragma once
// What a search optimizes: named objectives with directions, an evaluation callback, and (for
// two objectives) the fixed box in which hypervolume is measured.
//
// The optimizers know nothing about surrogates: anything that maps an architecture to one value
// per objective can be searched (a surrogate benchmark, a synthetic test function, a lookup table).

#include <functional>
#include <string>
#include <vector>

#include "anb/data/targets.h"
#include "anb/space/architecture.h"

namespace anb::search {

using data::Direction;

// One objective: its name (a target name such as "accuracy" or "latency_zcu102") and whether it
// is maximised or minimised.
struct Objective {
  std::string name;
  Direction direction = Direction::kMaximize;
};

// The normalisation box of one objective for hypervolume: `reference` is the worst value that
// still counts (the hypervolume reference point's coordinate) and `ideal` the best value that
// maps to 1. For a maximised objective reference < ideal, for a minimised one reference > ideal.
struct ObjectiveBounds {
  double reference = 0.0;
  double ideal = 1.0;
  // An estimated box (no reference known for the objective): values beyond it are clamped to
  // its edge instead of being an error, since a search may find values the estimate missed.
  bool clamp = false;
};

// Maps an architecture to one value per objective, in natural units (percent, images/s, ms).
using ObjectiveFunction = std::function<std::vector<double>(const space::Architecture&)>;

// A search problem. One objective: maximise or minimise it. Two or more objectives: approximate
// the Pareto front, measured by the hypervolume inside `bounds` (the built-in algorithms take
// one or two objectives; a Recorder takes any number).
struct Problem {
  std::vector<Objective> objectives;
  ObjectiveFunction evaluate;
  std::vector<ObjectiveBounds> bounds;  // one per objective; required for 2+ objectives

  // Throws std::invalid_argument naming the field, the value and the rule: at least one
  // objective, an evaluation callback, bounds for every objective of a multi-objective problem
  // with the reference strictly worse than the ideal.
  void validate() const;
  // The same checks without the callback (values told to a Recorder from outside).
  void validate_objectives() const;

  // Number of objectives.
  std::size_t size() const { return objectives.size(); }
};

// A value converted so that larger is better (minimised objectives are negated).
double signed_value(double value, Direction direction);

// The value of an objective mapped into [0, 1] inside its bounds (0 at the reference, 1 at the
// ideal). Throws std::domain_error naming the objective, the value and the bounds when the value
// lies outside the box: a reference point that does not bound the evaluated data is an error,
// never silently clipped.
double normalized_value(double value, const Objective& objective, const ObjectiveBounds& bounds);

// Throws std::invalid_argument unless `problem` has exactly `count` objectives, naming the
// algorithm ("algorithm 're' is single-objective ...").
void require_objectives(const Problem& problem, std::size_t count, const char* algorithm);

// "max" or "min".
const char* direction_name(Direction direction);

}  // namespace anb::search
