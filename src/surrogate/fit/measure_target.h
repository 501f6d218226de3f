#pragma once
// Private to the fit library: validation metrics of one loaded target (anb fit, anb eval).

#include <nlohmann/json.hpp>

#include "../target_model.h"
#include "anb/data/dataset.h"
#include "anb/surrogate/fit.h"

namespace anb::surrogate {

// Metrics of `model` on the records of `records` that have a value for its target (ensemble
// mean, and each metric averaged over single members). n = 0 when fewer than 2 such records.
TargetValidation measure_target(const TargetModel& model, const data::Dataset& records);

// {"n", "r2", "kendall_tau", "spearman", "mae", "rmse"} of `m`.
nlohmann::json metrics_json(const stats::RegressionMetrics& m);

// A manifest target's "validation": {"ensemble", "single_mean"}, and "also_fitted" when some of
// the validation records were also fitted on (FitSummary::validation_also_fitted).
nlohmann::json validation_json(const TargetValidation& v, std::size_t also_fitted);

}  // namespace anb::surrogate
