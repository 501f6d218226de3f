#pragma once
// Private to the fit library: validation metrics of one loaded target (anb fit, anb eval).

#include "../target_model.h"
#include "anb/data/dataset.h"
#include "anb/surrogate/fit.h"

namespace anb::surrogate {

// Metrics of `model` on the records of `records` that have a value for its target (ensemble
// mean, and each metric averaged over single members). n = 0 when fewer than 2 such records.
TargetValidation measure_target(const TargetModel& model, const data::Dataset& records);

}  // namespace anb::surrogate
