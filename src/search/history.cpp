#include "anb/search/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "anb/search/pareto.h"

namespace anb::search {

const Evaluation& Result::best_evaluation() const {
  if (history.empty()) throw std::logic_error("Result::best_evaluation: the history is empty");
  return history.at(best);
}

Recorder::Recorder(const Problem& problem, std::size_t budget)
    : problem_(problem), budget_(budget) {
  problem.validate();
  if (budget == 0) throw std::invalid_argument("budget: got 0; need at least 1 evaluation");
  result_.objectives = problem.objectives;
  result_.history.reserve(budget);
}

const Evaluation& Recorder::evaluate(const space::Architecture& arch) {
  if (exhausted()) {
    throw std::logic_error(fmt::format("Recorder::evaluate: the budget of {} is spent", budget_));
  }
  Evaluation e;
  e.index = result_.history.size();
  e.arch = arch;
  e.values = problem_.evaluate(arch);
  const std::size_t m = problem_.objectives.size();
  if (e.values.size() != m) {
    throw std::runtime_error(fmt::format("objective function returned {} values for {} "
                                         "objectives (arch {})",
                                         e.values.size(), m, arch.to_string()));
  }
  for (std::size_t k = 0; k < m; ++k) {
    const Objective& o = problem_.objectives[k];
    if (m == 1) {
      e.scores.push_back(signed_value(e.values[k], o.direction));
    } else {
      try {
        e.scores.push_back(normalized_value(e.values[k], o, problem_.bounds[k]));
      } catch (const std::domain_error& err) {
        throw std::domain_error(fmt::format("{} (arch {})", err.what(), arch.to_string()));
      }
    }
  }
  update_archive(result_.archive, archive_scores_, e.index, e.scores);
  result_.history.push_back(std::move(e));
  Evaluation& added = result_.history.back();
  if (added.index == 0 || added.scores[0] > result_.history[result_.best].scores[0]) {
    result_.best = added.index;
  }
  added.progress = m == 1 ? result_.history[result_.best].values[0]
                          : hypervolume_2d(archive_scores_, Point(m, 0.0));
  return result_.history.back();
}

Result Recorder::finish(std::string algorithm, std::uint64_t seed) {
  Result out = std::move(result_);
  out.algorithm = std::move(algorithm);
  out.seed = seed;
  // Archive ordered by the first objective's score, best first (ties: earlier evaluation).
  std::stable_sort(out.archive.begin(), out.archive.end(), [&](std::size_t a, std::size_t b) {
    return out.history[a].scores[0] > out.history[b].scores[0];
  });
  result_ = Result{};
  archive_scores_.clear();
  return out;
}

}  // namespace anb::search
