#pragma once
// Pareto tools on score vectors where larger is better in every coordinate: dominance, fast
// non-dominated sorting, crowding distance, archive updates and the 2-D hypervolume.

#include <cstddef>
#include <utility>
#include <vector>

namespace anb::search {

// A point in objective space, every coordinate maximised.
using Point = std::vector<double>;

// True if `a` is at least as good as `b` in every coordinate and better in at least one.
// Throws std::invalid_argument if the sizes differ.
bool dominates(const Point& a, const Point& b);

// Fast non-dominated sort (Deb et al. 2002): front 0 holds the indices of the non-dominated
// points, front 1 those dominated only by front 0, and so on. Indices ascend within a front.
std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<Point>& points);

// Crowding distance of each member of `front` (indices into `points`), in the order of `front`:
// per coordinate, boundary members get +infinity and the others the normalised gap between
// their neighbours, summed over coordinates. Fronts of one or two members are all infinite.
std::vector<double> crowding_distance(const std::vector<Point>& points,
                                      const std::vector<std::size_t>& front);

// Adds `candidate` (index `id`) to a non-dominated archive given as parallel vectors of ids and
// points, unless an archive member dominates or equals it; removes the members it dominates.
// Returns true if it was added.
bool update_archive(std::vector<std::size_t>& ids, std::vector<Point>& points,
                    std::size_t id, const Point& candidate);

// Area dominated by `points` (2-D) and bounded below by `reference` (also 2-D): the hypervolume
// for maximisation. Points that do not strictly dominate the reference in both coordinates add
// nothing. Throws std::invalid_argument for a point or reference that is not 2-D.
double hypervolume_2d(const std::vector<Point>& points, const Point& reference);

// Hypervolume in any dimension (maximisation): the volume dominated by `points` and bounded
// below by `reference`. One coordinate: the best value minus the reference; two: the sweep of
// hypervolume_2d; three or more: slices along the last coordinate, each a hypervolume one
// dimension lower (exact; O(n^(d-1) log n), fine for fronts of hundreds of points). Points that
// do not strictly dominate the reference add nothing. Throws std::invalid_argument when a point's
// dimension differs from the reference's.
double hypervolume(const std::vector<Point>& points, const Point& reference);

// The 2-D hypervolume above the reference (0, 0), updated point by point: add() takes a point
// that no earlier kept point dominates or equals (what update_archive admits) and returns the
// hypervolume after it, in O(log n + removed) time. Equal to hypervolume_2d of the
// non-dominated points up to rounding.
class IncrementalHypervolume2d {
 public:
  double add(double x, double y);
  double value() const { return value_; }

 private:
  std::vector<std::pair<double, double>> stairs_;  // non-dominated, x descending, y ascending
  double value_ = 0.0;
};

}  // namespace anb::search
