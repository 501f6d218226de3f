#include "anb/surrogate/prior_combine.h"

#include <stdexcept>
#include <string>

namespace anb::surrogate {

void check_prior_transform(const Transform& transform) {
  if (transform.kind == Transform::Kind::kLogHeadroom) {
    throw std::invalid_argument(
        "a target fitted over a prior needs transform \"log\" or \"none\" "
        "(its transform is \"" +
        transform.name() + "\")");
  }
}

double residual_value(const Transform& transform, double value, double prior) {
  check_prior_transform(transform);
  if (transform.is_identity()) return value - prior;
  if (!(prior > 0.0)) {
    throw std::invalid_argument("prior prediction " + std::to_string(prior) +
                                " is not positive: a log-transformed target needs a positive "
                                "prior (use a throughput or latency prior)");
  }
  return value / prior;
}

double combine_with_prior(const Transform& transform, double member_output, double prior) {
  return transform.is_identity() ? member_output + prior : member_output * prior;
}

}  // namespace anb::surrogate
