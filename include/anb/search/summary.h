#pragma once
// Aggregates over the seeds of one algorithm: mean and standard deviation of the final progress
// (best value or hypervolume), the per-evaluation curve with its band, the best architecture and
// the Pareto front of everything all seeds evaluated.

#include <string>
#include <vector>

#include "anb/search/history.h"

namespace anb::search {

// Mean and sample standard deviation (n - 1; 0 for fewer than two values) of `values`.
struct MeanStd {
  double mean = 0.0;
  double std = 0.0;
};
MeanStd mean_std(const std::vector<double>& values);

// What several seeds of one algorithm achieved.
struct Summary {
  std::string algorithm;
  std::vector<Objective> objectives;
  std::size_t seeds = 0;
  std::size_t budget = 0;                  // the longest history
  MeanStd final_progress;                  // best value or hypervolume at the end
  std::vector<MeanStd> curve;              // progress after each evaluation, over seeds
  Evaluation best;                         // best single evaluation over all seeds
  std::uint64_t best_seed = 0;             // the seed that found it
  std::vector<Evaluation> front;           // non-dominated evaluations over all seeds (ordered
                                           // by the first objective, best first)
};

// Summarises results of one algorithm (all with the same objectives). Throws
// std::invalid_argument for an empty list or mixed objectives/algorithms.
Summary summarize(const std::vector<Result>& results);

}  // namespace anb::search
