#pragma once
// How the members of a target fitted over a prior (prior.h) combine with the prior's prediction:
// the query side of priors, in anb::query (the fit side is in prior.h, anb::surrogate).

#include "anb/surrogate/transform.h"

namespace anb::surrogate {

// The label the ensemble is fitted on for a measured `value` and a prior prediction `prior`:
// value / prior under transform log, value - prior under transform none. Throws
// std::invalid_argument when a ratio is asked for a non-positive prior, and for a transform
// that cannot carry a prior (log_headroom).
double residual_value(const Transform& transform, double value, double prior);

// Inverse of residual_value: a member's output (in the target's unit, i.e. a ratio or a
// difference) combined with the prior's prediction.
double combine_with_prior(const Transform& transform, double member_output, double prior);

// Throws std::invalid_argument unless `transform` can carry a prior (log or none).
void check_prior_transform(const Transform& transform);

}  // namespace anb::surrogate
