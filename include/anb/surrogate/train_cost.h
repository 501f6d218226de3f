#pragma once
// Simulated training cost of a NAS run on the surrogate benchmark: the predicted `train_time`
// (seconds of proxified training, the records' metrics.train_time) summed over the architectures
// a search evaluated, and the run cut at a training-cost budget.

#include <string>
#include <vector>

#include "anb/search/history.h"
#include "anb/search/problem.h"
#include "anb/surrogate/benchmark.h"

namespace anb::surrogate {

// The target that prices an evaluation.
inline constexpr const char* kTrainCostTarget = "train_time";

// Cumulative predicted training seconds after each evaluation of `result` (ensemble means of
// train_time). Throws std::invalid_argument when `bench` has no train_time target (the message
// says to refit with a dataset holding metrics.train_time).
std::vector<double> cumulative_train_cost(const Benchmark& bench, const search::Result& result);

// `result` as if the search had stopped before the first evaluation that would take the
// cumulative cost above `budget_seconds`: the history is cut and progress, archive and best are
// recomputed with a search::Recorder over `objectives` and `bounds` (the run's own). Algorithms
// choose each architecture from the evaluations before it only, so the cut run is exactly the
// run a cost-budgeted search would have made. Throws std::invalid_argument for a budget <= 0 or
// one below the cost of the first evaluation.
search::Result cut_at_train_cost(const search::Result& result,
                                 const std::vector<double>& cumulative, double budget_seconds,
                                 const std::vector<search::Objective>& objectives,
                                 const std::vector<search::ObjectiveBounds>& bounds);

}  // namespace anb::surrogate
