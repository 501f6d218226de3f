#include "anb/surrogate/hyperparameters.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/io/atomic_file.h"
#include "anb/io/json.h"

namespace anb::surrogate {
namespace {

[[noreturn]] void fail(const std::string& field, const std::string& value,
                       const std::string& rule) {
  throw std::invalid_argument("Hyperparameters." + field + " = " + value + ": " + rule);
}

std::string str(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

void check_range(const std::string& field, double v, double lo, double hi, bool lo_open) {
  const bool ok = std::isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi;
  if (!ok)
    fail(field, str(v),
         std::string("must be in ") + (lo_open ? "(" : "[") + str(lo) + ", " + str(hi) + "]");
}


}  // namespace

void Hyperparameters::validate() const {
  if (max_depth < 1 || max_depth > 32)
    fail("max_depth", std::to_string(max_depth), "must be in 1..32");
  if (grow_policy != "depthwise" && grow_policy != "lossguide") {
    fail("grow_policy", "'" + grow_policy + "'", "must be \"depthwise\" or \"lossguide\"");
  }
  if (max_leaves < 0 || max_leaves > 65536) {
    fail("max_leaves", std::to_string(max_leaves), "must be in 0..65536");
  }
  if (grow_policy == "lossguide" && max_leaves < 2) {
    fail("max_leaves", std::to_string(max_leaves), "must be >= 2 with grow_policy \"lossguide\"");
  }
  check_range("learning_rate", learning_rate, 0.0, 1.0, true);
  check_range("min_child_weight", min_child_weight, 0.0, 1e9, false);
  check_range("subsample", subsample, 0.0, 1.0, true);
  check_range("colsample_bytree", colsample_bytree, 0.0, 1.0, true);
  check_range("colsample_bylevel", colsample_bylevel, 0.0, 1.0, true);
  check_range("lambda", lambda, 0.0, 1e9, false);
  check_range("alpha", alpha, 0.0, 1e9, false);
  if (num_rounds < 1) fail("num_rounds", std::to_string(num_rounds), "must be >= 1");
  if (early_stopping_rounds < 1) {
    fail("early_stopping_rounds", std::to_string(early_stopping_rounds), "must be >= 1");
  }
  if (members < 1 || members > 1000) fail("members", std::to_string(members), "must be in 1..1000");
  if (tree_method != "hist" && tree_method != "exact") {
    fail("tree_method", "'" + tree_method + "'", "must be \"hist\" or \"exact\"");
  }
  if (grow_policy == "lossguide" && tree_method != "hist") {
    fail("grow_policy", "\"lossguide\"",
         "needs tree_method \"hist\" (XGBoost's exact method grows "
         "depthwise only)");
  }
  transform.validate();
}

nlohmann::json Hyperparameters::to_json() const {
  nlohmann::json out{{"max_depth", max_depth},
                     {"grow_policy", grow_policy},
                     {"max_leaves", max_leaves},
                     {"learning_rate", learning_rate},
                     {"min_child_weight", min_child_weight},
                     {"subsample", subsample},
                     {"colsample_bytree", colsample_bytree},
                     {"colsample_bylevel", colsample_bylevel},
                     {"lambda", lambda},
                     {"alpha", alpha},
                     {"num_rounds", num_rounds},
                     {"early_stopping_rounds", early_stopping_rounds},
                     {"members", members},
                     {"tree_method", tree_method},
                     {"transform", transform.name()}};
  if (transform.kind == Transform::Kind::kLogHeadroom) out["headroom"] = transform.headroom;
  return out;
}

Hyperparameters Hyperparameters::from_json(const nlohmann::json& object, const std::string& context,
                                           const Hyperparameters& base) {
  if (!object.is_object()) throw std::invalid_argument(context + ": expected a JSON object");
  static const char* known[] = {
      "max_depth",        "grow_policy", "max_leaves",       "learning_rate",
      "min_child_weight", "subsample",   "colsample_bytree", "colsample_bylevel",
      "lambda",           "alpha",       "num_rounds",       "early_stopping_rounds",
      "members",          "tree_method", "transform",        "headroom",
      "_about",           "_note"};
  for (const auto& item : object.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || item.key() == k;
    if (!ok) throw std::invalid_argument(context + ": unknown hyperparameter '" + item.key() + "'");
  }
  Hyperparameters h = base;
  io::json_field_if(object, "max_depth", h.max_depth, context);
  io::json_field_if(object, "grow_policy", h.grow_policy, context);
  io::json_field_if(object, "max_leaves", h.max_leaves, context);
  io::json_field_if(object, "learning_rate", h.learning_rate, context);
  io::json_field_if(object, "min_child_weight", h.min_child_weight, context);
  io::json_field_if(object, "subsample", h.subsample, context);
  io::json_field_if(object, "colsample_bytree", h.colsample_bytree, context);
  io::json_field_if(object, "colsample_bylevel", h.colsample_bylevel, context);
  io::json_field_if(object, "lambda", h.lambda, context);
  io::json_field_if(object, "alpha", h.alpha, context);
  io::json_field_if(object, "num_rounds", h.num_rounds, context);
  io::json_field_if(object, "early_stopping_rounds", h.early_stopping_rounds, context);
  io::json_field_if(object, "members", h.members, context);
  io::json_field_if(object, "tree_method", h.tree_method, context);
  std::string transform = h.transform.name();
  io::json_field_if(object, "transform", transform, context);
  io::json_field_if(object, "headroom", h.transform.headroom, context);
  try {
    h.transform.kind = Transform::parse_kind(transform);
    if (object.contains("headroom") && h.transform.kind != Transform::Kind::kLogHeadroom) {
      throw std::invalid_argument(
          "hyperparameter 'headroom' applies only to transform "
          "\"log_headroom\" (transform is \"" +
          transform + "\")");
    }
    h.validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(context + ": " + e.what());
  }
  return h;
}

Hyperparameters Hyperparameters::from_json(const nlohmann::json& object,
                                           const std::string& context) {
  return from_json(object, context, Hyperparameters{});
}

const Hyperparameters& HyperparameterSet::for_target(const std::string& target) const {
  const auto it = targets.find(target);
  return it == targets.end() ? fallback : it->second;
}

void HyperparameterSet::validate() const {
  fallback.validate();
  for (const auto& [name, h] : targets) {
    try {
      h.validate();
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("target " + name + ": " + e.what());
    }
  }
}

nlohmann::json HyperparameterSet::to_json() const {
  nlohmann::json out{{"default", fallback.to_json()}, {"targets", nlohmann::json::object()}};
  for (const auto& [name, h] : targets) out["targets"][name] = h.to_json();
  return out;
}

HyperparameterSet HyperparameterSet::from_json(const nlohmann::json& object,
                                               const std::string& context) {
  if (!object.is_object()) throw std::invalid_argument(context + ": expected a JSON object");
  for (const auto& item : object.items()) {
    if (item.key() != "default" && item.key() != "targets" && item.key().rfind('_', 0) != 0) {
      throw std::invalid_argument(context + ": unknown key '" + item.key() +
                                  "' (expected \"default\" and \"targets\")");
    }
  }
  HyperparameterSet set;
  if (object.contains("default")) {
    set.fallback = Hyperparameters::from_json(object["default"], context + ": default");
  }
  if (object.contains("targets")) {
    if (!object["targets"].is_object())
      throw std::invalid_argument(context + ": \"targets\" must be an object");
    for (const auto& item : object["targets"].items()) {
      if (!data::is_target_name(item.key())) {
        throw std::invalid_argument(context + ": '" + item.key() + "' is not a target name");
      }
      set.targets[item.key()] = Hyperparameters::from_json(
          item.value(), context + ": targets." + item.key(), set.fallback);
    }
  }
  return set;
}

HyperparameterSet HyperparameterSet::load(const std::string& path) {
  return from_json(io::read_json_file(path), path);
}

HyperparameterSet HyperparameterSet::defaults() {
  return from_json(nlohmann::json::parse(default_hyperparameters_json()),
                   "built-in surrogate defaults");
}

}  // namespace anb::surrogate
