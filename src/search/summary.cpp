#include "anb/search/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "anb/search/pareto.h"

namespace anb::search {
namespace {

bool same_objectives(const std::vector<Objective>& a, const std::vector<Objective>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].direction != b[i].direction) return false;
  }
  return true;
}

void check_compatible(const std::vector<Result>& results) {
  if (results.empty()) throw std::invalid_argument("summarize: no results");
  for (const Result& r : results) {
    if (r.algorithm != results[0].algorithm || !same_objectives(r.objectives, results[0].objectives)) {
      throw std::invalid_argument(fmt::format(
          "summarize: results of '{}' and '{}' (or different objectives) cannot be mixed",
          results[0].algorithm, r.algorithm));
    }
    if (r.history.empty()) {
      throw std::invalid_argument(fmt::format("summarize: seed {} has no evaluations", r.seed));
    }
  }
}

// Per-evaluation progress over seeds; a shorter history holds its last value.
std::vector<MeanStd> progress_curve(const std::vector<Result>& results, std::size_t length) {
  std::vector<MeanStd> curve(length);
  std::vector<double> column(results.size());
  for (std::size_t t = 0; t < length; ++t) {
    for (std::size_t s = 0; s < results.size(); ++s) {
      const auto& h = results[s].history;
      column[s] = h[std::min(t, h.size() - 1)].progress;
    }
    curve[t] = mean_std(column);
  }
  return curve;
}

// Non-dominated evaluations of all seeds' archives (equal scores keep the first seen).
std::vector<Evaluation> merged_front(const std::vector<Result>& results) {
  std::vector<Evaluation> candidates;
  std::vector<Point> points;
  for (const Result& r : results) {
    for (std::size_t i : r.archive) {
      candidates.push_back(r.history[i]);
      points.push_back(r.history[i].scores);
    }
  }
  std::vector<std::size_t> ids;
  std::vector<Point> kept;
  for (std::size_t i = 0; i < candidates.size(); ++i) update_archive(ids, kept, i, points[i]);
  std::vector<Evaluation> front;
  for (std::size_t i : ids) front.push_back(candidates[i]);
  std::stable_sort(front.begin(), front.end(), [](const Evaluation& a, const Evaluation& b) {
    return a.scores[0] > b.scores[0];
  });
  return front;
}

}  // namespace

MeanStd mean_std(const std::vector<double>& values) {
  MeanStd out;
  if (values.empty()) return out;
  double sum = 0.0;
  for (double v : values) sum += v;
  out.mean = sum / static_cast<double>(values.size());
  if (values.size() < 2) return out;
  double squares = 0.0;
  for (double v : values) squares += (v - out.mean) * (v - out.mean);
  out.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  return out;
}

Summary summarize(const std::vector<Result>& results) {
  check_compatible(results);
  Summary s;
  s.algorithm = results[0].algorithm;
  s.objectives = results[0].objectives;
  s.seeds = results.size();
  std::vector<double> finals;
  bool have_best = false;
  for (const Result& r : results) {
    s.budget = std::max(s.budget, r.history.size());
    finals.push_back(r.final_progress());
    const Evaluation& b = r.best_evaluation();
    if (!have_best || b.scores[0] > s.best.scores[0]) {
      s.best = b;
      s.best_seed = r.seed;
      have_best = true;
    }
  }
  s.final_progress = mean_std(finals);
  s.curve = progress_curve(results, s.budget);
  s.front = merged_front(results);
  return s;
}

}  // namespace anb::search
