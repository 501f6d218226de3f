#include "anb/surrogate/train_cost.h"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

namespace anb::surrogate {

std::vector<double> cumulative_train_cost(const Benchmark& bench, const search::Result& result) {
  if (!bench.has_target(kTrainCostTarget)) {
    throw std::invalid_argument(
        "the models in " + bench.directory().string() +
        " have no train_time target: refit with `anb fit` on records that hold "
        "metrics.train_time to price evaluations by training time");
  }
  std::vector<double> out;
  out.reserve(result.history.size());
  double sum = 0.0;
  for (const auto& e : result.history) {
    sum += bench.query(e.arch, kTrainCostTarget).mean;
    out.push_back(sum);
  }
  return out;
}

search::Result cut_at_train_cost(const search::Result& result,
                                 const std::vector<double>& cumulative, double budget_seconds,
                                 const std::vector<search::Objective>& objectives,
                                 const std::vector<search::ObjectiveBounds>& bounds) {
  if (!(budget_seconds > 0.0)) {
    throw std::invalid_argument(
        fmt::format("train_budget: got {} s; must be > 0", budget_seconds));
  }
  if (cumulative.size() != result.history.size()) {
    throw std::invalid_argument("cut_at_train_cost: one cumulative cost per evaluation needed");
  }
  std::size_t keep = 0;
  while (keep < cumulative.size() && cumulative[keep] <= budget_seconds) ++keep;
  if (keep == 0) {
    throw std::invalid_argument(fmt::format(
        "train_budget: got {} s; below the cost of the first evaluation ({:.0f} s)",
        budget_seconds, cumulative.empty() ? 0.0 : cumulative.front()));
  }
  // Replay the kept evaluations through a recorder: the same values in the same order.
  auto next = std::make_shared<std::size_t>(0);
  search::Problem replay;
  replay.objectives = objectives;
  replay.bounds = bounds;
  replay.evaluate = [&result, next](const space::Architecture&) {
    return result.history[(*next)++].values;
  };
  search::Recorder recorder(replay, keep);
  for (std::size_t i = 0; i < keep; ++i) recorder.evaluate(result.history[i].arch);
  return recorder.finish(result.algorithm, result.seed);
}

}  // namespace anb::surrogate
