#include "anb/search/front.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace anb::search {
namespace {

void check_row(const std::vector<double>& row, std::size_t i, std::size_t k) {
  if (row.size() != k) {
    throw std::invalid_argument(
        fmt::format("values: row {} has {} values for {} objectives", i, row.size(), k));
  }
}

}  // namespace

std::vector<Point> signed_points(const Values& values, const std::vector<Direction>& directions) {
  std::vector<Point> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    check_row(values[i], i, directions.size());
    Point p(directions.size());
    for (std::size_t k = 0; k < p.size(); ++k) p[k] = signed_value(values[i][k], directions[k]);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<std::vector<std::size_t>> sort_fronts(const Values& values,
                                                  const std::vector<Direction>& directions) {
  return non_dominated_sort(signed_points(values, directions));
}

std::vector<std::size_t> pareto_front(const Values& values,
                                      const std::vector<Direction>& directions) {
  auto fronts = sort_fronts(values, directions);
  return fronts.empty() ? std::vector<std::size_t>{} : fronts.front();
}

std::vector<Point> normalized_points(const Values& values, const std::vector<Objective>& objectives,
                                     const std::vector<ObjectiveBounds>& bounds) {
  if (bounds.size() != objectives.size()) {
    throw std::invalid_argument(
        fmt::format("bounds: got {} bounds for {} objectives", bounds.size(), objectives.size()));
  }
  Problem check{objectives, nullptr, bounds};
  if (objectives.size() > 1) check.validate_objectives();
  std::vector<Point> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    check_row(values[i], i, objectives.size());
    Point p(objectives.size());
    for (std::size_t k = 0; k < p.size(); ++k) {
      try {
        p[k] = normalized_value(values[i][k], objectives[k], bounds[k]);
      } catch (const std::domain_error& e) {
        throw std::domain_error(fmt::format("values row {}: {}", i, e.what()));
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

double normalized_hypervolume(const Values& values, const std::vector<Objective>& objectives,
                              const std::vector<ObjectiveBounds>& bounds) {
  return hypervolume(normalized_points(values, objectives, bounds), Point(objectives.size(), 0.0));
}

double igd_plus(const Values& approximation, const Values& reference_front,
                const std::vector<Objective>& objectives,
                const std::vector<ObjectiveBounds>& bounds) {
  if (approximation.empty()) throw std::invalid_argument("igd_plus: the approximation is empty");
  if (reference_front.empty())
    throw std::invalid_argument("igd_plus: the reference front is empty");
  const auto a = normalized_points(approximation, objectives, bounds);
  const auto z = normalized_points(reference_front, objectives, bounds);
  double sum = 0.0;
  for (const Point& r : z) {
    double best = std::numeric_limits<double>::infinity();
    for (const Point& p : a) {
      double d2 = 0.0;
      for (std::size_t k = 0; k < r.size(); ++k) {
        const double gap = std::max(r[k] - p[k], 0.0);
        d2 += gap * gap;
      }
      best = std::min(best, d2);
    }
    sum += std::sqrt(best);
  }
  return sum / static_cast<double>(z.size());
}

}  // namespace anb::search
