#include "anb/search/pareto.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace anb::search {

bool dominates(const Point& a, const Point& b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(
        fmt::format("dominates: points have {} and {} coordinates", a.size(), b.size()));
  }
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i]) return false;
    if (a[i] > b[i]) better = true;
  }
  return better;
}

std::vector<std::vector<std::size_t>> non_dominated_sort(const std::vector<Point>& points) {
  const std::size_t n = points.size();
  std::vector<std::vector<std::size_t>> dominated(n);  // whom i dominates
  std::vector<std::size_t> count(n, 0);                // how many dominate i
  std::vector<std::vector<std::size_t>> fronts;
  std::vector<std::size_t> current;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (dominates(points[i], points[j])) {
        dominated[i].push_back(j);
        ++count[j];
      } else if (dominates(points[j], points[i])) {
        dominated[j].push_back(i);
        ++count[i];
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (count[i] == 0) current.push_back(i);
  }
  while (!current.empty()) {
    std::vector<std::size_t> next;
    for (std::size_t i : current) {
      for (std::size_t j : dominated[i]) {
        if (--count[j] == 0) next.push_back(j);
      }
    }
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(current));
    current = std::move(next);
  }
  return fronts;
}

std::vector<double> crowding_distance(const std::vector<Point>& points,
                                      const std::vector<std::size_t>& front) {
  const std::size_t n = front.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> distance(n, 0.0);
  if (n <= 2) return std::vector<double>(n, inf);
  const std::size_t m = points[front[0]].size();
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < m; ++k) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return points[front[a]][k] < points[front[b]][k];
    });
    const double lo = points[front[order.front()]][k];
    const double hi = points[front[order.back()]][k];
    distance[order.front()] = inf;
    distance[order.back()] = inf;
    if (hi <= lo) continue;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const double gap = points[front[order[i + 1]]][k] - points[front[order[i - 1]]][k];
      distance[order[i]] += gap / (hi - lo);
    }
  }
  return distance;
}

bool update_archive(std::vector<std::size_t>& ids, std::vector<Point>& points, std::size_t id,
                    const Point& candidate) {
  for (const Point& p : points) {
    if (p == candidate || dominates(p, candidate)) return false;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (dominates(candidate, points[i])) continue;
    if (kept != i) {
      ids[kept] = ids[i];
      points[kept] = std::move(points[i]);
    }
    ++kept;
  }
  ids.resize(kept);
  points.resize(kept);
  ids.push_back(id);
  points.push_back(candidate);
  return true;
}

double hypervolume_2d(const std::vector<Point>& points, const Point& reference) {
  if (reference.size() != 2) {
    throw std::invalid_argument(
        fmt::format("hypervolume_2d: reference has {} coordinates, expected 2", reference.size()));
  }
  std::vector<std::pair<double, double>> inside;
  for (const Point& p : points) {
    if (p.size() != 2) {
      throw std::invalid_argument(
          fmt::format("hypervolume_2d: a point has {} coordinates, expected 2", p.size()));
    }
    if (p[0] > reference[0] && p[1] > reference[1]) inside.emplace_back(p[0], p[1]);
  }
  // Sweep by the first coordinate, best first; each point adds the strip above the best second
  // coordinate seen so far.
  std::sort(inside.begin(), inside.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  double area = 0.0;
  double covered = reference[1];
  for (const auto& [x, y] : inside) {
    if (y <= covered) continue;
    area += (x - reference[0]) * (y - covered);
    covered = y;
  }
  return area;
}

namespace {

double hypervolume_sliced(std::vector<Point> points, const Point& reference) {
  const std::size_t d = reference.size();
  if (points.empty()) return 0.0;
  if (d == 1) {
    double best = reference[0];
    for (const Point& p : points) best = std::max(best, p[0]);
    return best - reference[0];
  }
  if (d == 2) return hypervolume_2d(points, reference);
  std::sort(points.begin(), points.end(),
            [d](const Point& a, const Point& b) { return a[d - 1] > b[d - 1]; });
  const Point lower(reference.begin(), reference.end() - 1);
  std::vector<Point> above;  // projections of the points at or above the current slice
  double volume = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    above.emplace_back(points[i].begin(), points[i].end() - 1);
    const double next = i + 1 < points.size() ? points[i + 1][d - 1] : reference[d - 1];
    const double thickness = points[i][d - 1] - next;
    if (thickness > 0.0) volume += thickness * hypervolume_sliced(above, lower);
  }
  return volume;
}

}  // namespace

double hypervolume(const std::vector<Point>& points, const Point& reference) {
  std::vector<Point> inside;
  for (const Point& p : points) {
    if (p.size() != reference.size()) {
      throw std::invalid_argument(
          fmt::format("hypervolume: a point has {} coordinates, the "
                      "reference {}",
                      p.size(), reference.size()));
    }
    bool strictly = true;
    for (std::size_t k = 0; k < p.size(); ++k) strictly = strictly && p[k] > reference[k];
    if (strictly) inside.push_back(p);
  }
  if (reference.empty())
    throw std::invalid_argument("hypervolume: the reference has 0 coordinates");
  return hypervolume_sliced(std::move(inside), reference);
}

double IncrementalHypervolume2d::add(double x, double y) {
  // Staircase terms x_i * (y_i - y_{i-1}) with x descending; only the terms of the new point,
  // the points it dominates and the next one change.
  auto& s = stairs_;
  std::size_t lo = 0;
  {
    std::size_t a = 0, b = s.size();  // first index with s.x <= x
    while (a < b) {
      const std::size_t mid = (a + b) / 2;
      if (s[mid].first > x)
        a = mid + 1;
      else
        b = mid;
    }
    lo = a;
  }
  std::size_t hi = lo;
  while (hi < s.size() && s[hi].second <= y) ++hi;  // dominated by (x, y)
  const double below = lo > 0 ? s[lo - 1].second : 0.0;
  double old_terms = 0.0;
  double prev = below;
  for (std::size_t i = lo; i < hi; ++i) {
    old_terms += s[i].first * (s[i].second - prev);
    prev = s[i].second;
  }
  double new_terms = x * (y - below);
  if (hi < s.size()) {
    old_terms += s[hi].first * (s[hi].second - prev);
    new_terms += s[hi].first * (s[hi].second - y);
  }
  value_ += new_terms - old_terms;
  s.erase(s.begin() + static_cast<std::ptrdiff_t>(lo), s.begin() + static_cast<std::ptrdiff_t>(hi));
  s.insert(s.begin() + static_cast<std::ptrdiff_t>(lo), {x, y});
  return value_;
}

}  // namespace anb::search
