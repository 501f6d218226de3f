#pragma once
// Text forms of search results: trajectory and Pareto-front CSVs and the summary JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/search/history.h"
#include "anb/search/summary.h"

namespace anb::search {

// One row per evaluation: evaluation (1-based), one column per objective, best_so_far (one
// objective) or hypervolume_so_far (two), arch.
std::string trajectory_csv(const Result& result);

// One row per front member: arch, one column per objective, macs_millions, params_millions
// (MACs and parameters in millions everywhere, as the dataset's model_info; 6 decimals, exact).
std::string front_csv(const std::vector<Evaluation>& front, const std::vector<Objective>& objectives);

// The front as an aligned text table for a terminal: a header naming every column with its unit
// ("accuracy (%)", "MACs (M)"), at most `max_rows` rows, then "... and N more".
std::string front_table(const std::vector<Evaluation>& front,
                        const std::vector<Objective>& objectives, std::size_t max_rows);

// "name (unit)" for a target name with a unit, else the name.
std::string objective_label(const Objective& objective);

// The non-dominated evaluations of one result, in archive order.
std::vector<Evaluation> archive_evaluations(const Result& result);

// JSON of one summary. One objective: {"algorithm", "objective", "direction", "seeds", "budget",
// "best": {"value", "arch", "seed"}, "final_best_mean", "final_best_std"}. Two objectives:
// {"algorithm", "objectives", "seeds", "budget", "hypervolume_mean", "hypervolume_std",
// "best": {"values", "arch", "seed"} (highest first objective), "front": [{"arch", "values"}]}.
nlohmann::json summary_json(const Summary& summary);

}  // namespace anb::search
