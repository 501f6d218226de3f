#pragma once
// Direction-aware multi-objective measures on values in natural units (percent, images/s, ms):
// every function takes the objectives' directions (or the objectives themselves), so a
// minimised latency is never treated as maximised. Hypervolume and IGD+ are measured in the
// normalised box of the objectives (0 at the reference, 1 at the ideal; the shipped boxes are in
// config/hypervolume_reference.json), so they are comparable across runs, like the search
// progress.

#include <cstddef>
#include <vector>

#include "anb/search/pareto.h"
#include "anb/search/problem.h"

namespace anb::search {

// Rows of values (one per point, one column per objective).
using Values = std::vector<std::vector<double>>;

// The values with every column made larger-is-better (minimised columns negated). Throws
// std::invalid_argument when a row's length differs from the number of directions.
std::vector<Point> signed_points(const Values& values, const std::vector<Direction>& directions);

// Fast non-dominated sort of natural-unit values under the given directions: front 0 holds the
// indices of the Pareto-optimal rows, front 1 those dominated only by front 0, and so on.
std::vector<std::vector<std::size_t>> sort_fronts(const Values& values,
                                                  const std::vector<Direction>& directions);

// The indices of the non-dominated rows (front 0 of sort_fronts), ascending.
std::vector<std::size_t> pareto_front(const Values& values,
                                      const std::vector<Direction>& directions);

// The values mapped into the [0, 1] box per objective (normalized_value). Throws
// std::domain_error naming the row, objective, value and box for a value outside the box (never
// clipped), std::invalid_argument for mismatched sizes or bounds.
std::vector<Point> normalized_points(const Values& values, const std::vector<Objective>& objectives,
                                     const std::vector<ObjectiveBounds>& bounds);

// Hypervolume of the values in the normalised box (any number of objectives >= 1; 0 <= HV <= 1):
// the measure `anb search` reports as hypervolume.
double normalized_hypervolume(const Values& values, const std::vector<Objective>& objectives,
                              const std::vector<ObjectiveBounds>& bounds);

// IGD+ (Ishibuchi et al. 2015) of `approximation` against `reference_front`, in the normalised
// box: the mean over reference points z of min over approximation points a of
// sqrt(sum_k max(z_k - a_k, 0)^2) on scores (larger is better). 0 when the approximation weakly
// dominates every reference point; smaller is better. Throws std::invalid_argument for an empty
// approximation or reference front.
double igd_plus(const Values& approximation, const Values& reference_front,
                const std::vector<Objective>& objectives,
                const std::vector<ObjectiveBounds>& bounds);

}  // namespace anb::search
