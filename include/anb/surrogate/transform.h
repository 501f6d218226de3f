#pragma once
// How a target's values are transformed before boosting and mapped back after prediction.
// Every member's output is mapped back before the ensemble mean and std are taken, so the
// benchmark always answers in the target's own unit.

#include <limits>
#include <string>
#include <vector>

namespace anb::surrogate {

// A strictly increasing map z = f(y) of a target's training labels.
struct Transform {
  enum class Kind {
    kNone,         // z = y (the original method)
    kLog,          // z = ln y (throughputs: multiplicative effects become additive)
    kLogHeadroom,  // z = -ln(c - y): the log of the distance to a ceiling c above every value
  };

  // Default headroom of kLogHeadroom: c = max + 0.2 (max - min) of the training values.
  static constexpr double kDefaultHeadroom = 0.2;

  Kind kind = Kind::kNone;
  // kLogHeadroom setting: the ceiling lies `headroom` times the range of the training values
  // above their maximum. Must be > 0.
  double headroom = kDefaultHeadroom;
  // kLogHeadroom: the ceiling c, fixed by fitted_to() from the training values (NaN before).
  double ceiling = std::numeric_limits<double>::quiet_NaN();

  static Transform none() { return {}; }
  static Transform log() { return {Kind::kLog}; }
  static Transform log_headroom(double headroom = kDefaultHeadroom) {
    return {Kind::kLogHeadroom, headroom};
  }

  // True for kNone: the ensemble's raw mean and std are the answer.
  bool is_identity() const { return kind == Kind::kNone; }

  // Name used in JSON: "none", "log", "log_headroom".
  std::string name() const;

  // Parses a name; throws std::invalid_argument naming the value and the known names.
  static Kind parse_kind(const std::string& name);

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;

  // A copy ready to apply to `values` (a target's training labels): kLogHeadroom gets its
  // ceiling from them; other kinds are returned unchanged. Throws std::invalid_argument for an
  // empty list or non-finite values.
  Transform fitted_to(const std::vector<double>& values) const;

  // z = f(y). Throws std::invalid_argument naming the value when it is outside the domain
  // (log: y <= 0; log_headroom: y >= ceiling, or no ceiling fixed yet).
  double apply(double value) const;

  // y = f^-1(z), for any model output z.
  double invert(double output) const;
};

}  // namespace anb::surrogate
