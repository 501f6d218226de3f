#include "anb/search/problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace anb::search {
namespace {

bool worse_or_equal(double reference, double ideal, Direction d) {
  return d == Direction::kMaximize ? ideal <= reference : ideal >= reference;
}

}  // namespace

const char* direction_name(Direction direction) {
  return direction == Direction::kMaximize ? "max" : "min";
}

void Problem::validate() const {
  validate_objectives();
  if (!evaluate) throw std::invalid_argument("objective function: none set");
}

void Problem::validate_objectives() const {
  if (objectives.empty()) {
    throw std::invalid_argument("objectives: got 0 objectives; need at least 1");
  }
  for (std::size_t i = 0; i < objectives.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (objectives[i].name == objectives[j].name) {
        throw std::invalid_argument(fmt::format(
            "objectives: '{}' is listed twice; each objective must differ", objectives[i].name));
      }
    }
  }
  if (objectives.size() == 1 && bounds.empty()) return;
  if (bounds.size() != objectives.size()) {
    throw std::invalid_argument(
        fmt::format("bounds: got {} bounds for {} objectives; a multi-objective problem needs the "
                    "hypervolume reference and ideal of every objective",
                    bounds.size(), objectives.size()));
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const auto& o = objectives[i];
    if (worse_or_equal(bounds[i].reference, bounds[i].ideal, o.direction)) {
      throw std::invalid_argument(fmt::format(
          "bounds[{}] ({}, {}imised): reference {} must be strictly worse than ideal {}", i, o.name,
          direction_name(o.direction), bounds[i].reference, bounds[i].ideal));
    }
  }
}

void require_objectives(const Problem& problem, std::size_t count, const char* algorithm) {
  if (problem.size() == count) return;
  throw std::invalid_argument(fmt::format(
      "algorithm '{}' is {} but the problem has {} objective{}", algorithm,
      count == 1 ? "single-objective" : "bi-objective", problem.size(),
      problem.size() == 1 ? "" : "s"));
}

double signed_value(double value, Direction direction) {
  return direction == Direction::kMaximize ? value : -value;
}

double normalized_value(double value, const Objective& objective, const ObjectiveBounds& bounds) {
  const double u = (value - bounds.reference) / (bounds.ideal - bounds.reference);
  if (bounds.clamp && !std::isnan(u)) return std::clamp(u, 0.0, 1.0);
  if (!(u >= 0.0 && u <= 1.0)) {
    throw std::domain_error(fmt::format(
        "objective {} = {} lies outside the hypervolume box [reference {}, ideal {}]: the "
        "reference point does not bound the evaluated data (use a reference file whose "
        "reference is worse than every value the objective can take)",
        objective.name, value, bounds.reference, bounds.ideal));
  }
  return u;
}

}  // namespace anb::search
