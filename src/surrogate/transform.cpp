#include "anb/surrogate/transform.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace anb::surrogate {
namespace {

// Shortest text that reads back as the same double.
std::string str(double v) { return fmt::format("{}", v); }

}  // namespace

std::string Transform::name() const {
  switch (kind) {
    case Kind::kLog:
      return "log";
    case Kind::kLogHeadroom:
      return "log_headroom";
    case Kind::kNone:
      break;
  }
  return "none";
}

Transform::Kind Transform::parse_kind(const std::string& name) {
  if (name == "none") return Kind::kNone;
  if (name == "log") return Kind::kLog;
  if (name == "log_headroom") return Kind::kLogHeadroom;
  throw std::invalid_argument("unknown target transform '" + name +
                              "' (expected none, log or log_headroom)");
}

void Transform::validate() const {
  if (!(std::isfinite(headroom) && headroom > 0.0)) {
    throw std::invalid_argument("Transform.headroom = " + str(headroom) +
                                ": must be a finite number > 0");
  }
  if (!std::isnan(ceiling) && !std::isfinite(ceiling)) {
    throw std::invalid_argument("Transform.ceiling = " + str(ceiling) + ": must be finite");
  }
}

Transform Transform::fitted_to(const std::vector<double>& values) const {
  if (kind != Kind::kLogHeadroom) return *this;
  if (values.empty()) {
    throw std::invalid_argument("transform log_headroom: no training values to place the ceiling");
  }
  for (double v : values) {
    if (!std::isfinite(v)) {
      throw std::invalid_argument("transform log_headroom: training value " + str(v) +
                                  " is not finite");
    }
  }
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  Transform out = *this;
  // A constant target still gets a positive distance to its ceiling.
  const double range = std::max(*hi - *lo, std::max(std::abs(*hi), 1.0) * 1e-6);
  out.ceiling = *hi + headroom * range;
  return out;
}

double Transform::apply(double value) const {
  switch (kind) {
    case Kind::kNone:
      return value;
    case Kind::kLog:
      if (!(value > 0.0)) {
        throw std::invalid_argument("cannot fit log of a non-positive target value " + str(value));
      }
      return std::log(value);
    case Kind::kLogHeadroom:
      if (std::isnan(ceiling)) {
        throw std::invalid_argument(
            "transform log_headroom has no ceiling (fit it to the "
            "training values first)");
      }
      if (!(value < ceiling)) {
        throw std::invalid_argument("target value " + str(value) +
                                    " is not below the log_headroom ceiling " + str(ceiling));
      }
      return -std::log(ceiling - value);
  }
  return value;
}

double Transform::invert(double output) const {
  switch (kind) {
    case Kind::kLog:
      return std::exp(output);
    case Kind::kLogHeadroom:
      return ceiling - std::exp(-output);
    case Kind::kNone:
      break;
  }
  return output;
}

}  // namespace anb::surrogate
