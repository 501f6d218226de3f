#pragma once
// Per-target XGBoost settings of `anb fit`: tree parameters, rounds, early stopping, ensemble
// size and the target transform. The shipped defaults are config/surrogate_defaults.json (also
// compiled into the library); `anb fit --config FILE` replaces them.
//
// JSON form (every field optional; missing fields keep the defaults of `Hyperparameters`):
//
//   {"default": {...},                       // for targets not listed (e.g. new devices)
//    "targets": {"accuracy": {"max_depth": 3, "learning_rate": 0.05, "members": 10, ...}}}

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "anb/surrogate/transform.h"

namespace anb::surrogate {

// The settings of one target's ensemble.
struct Hyperparameters {
  int max_depth = 3;  // longest root-to-leaf path (anb's tables need <= 4 for speed)
  std::string grow_policy = "depthwise";  // "depthwise" or "lossguide" (best-first, see max_leaves)
  int max_leaves = 0;                     // leaves per tree, 0 = no limit (lossguide needs > 0)
  double learning_rate = 0.1;
  double min_child_weight = 1.0;
  double subsample = 1.0;
  double colsample_bytree = 1.0;
  double colsample_bylevel = 1.0;
  double lambda = 1.0;               // L2 regularisation (XGBoost "lambda")
  double alpha = 0.0;                // L1 regularisation (XGBoost "alpha")
  int num_rounds = 20000;            // upper bound on boosting rounds
  int early_stopping_rounds = 100;   // stop after this many rounds without a better fold RMSE
  int members = 10;                  // ensemble size
  std::string tree_method = "hist";  // "hist" or "exact"
  Transform transform;               // "transform" (name) and, for log_headroom, "headroom" in JSON

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;

  // JSON object with every field.
  nlohmann::json to_json() const;

  // Reads the fields present in `object` over `base`; unknown keys and mistyped values throw
  // std::invalid_argument naming `context` and the key.
  static Hyperparameters from_json(const nlohmann::json& object, const std::string& context,
                                   const Hyperparameters& base);

  // As above, over the defaults of this struct.
  static Hyperparameters from_json(const nlohmann::json& object, const std::string& context);
};

// Settings for every target: explicit entries plus a fallback for the others.
struct HyperparameterSet {
  Hyperparameters fallback;
  std::map<std::string, Hyperparameters> targets;

  // The settings of `target` (its own entry, else the fallback).
  const Hyperparameters& for_target(const std::string& target) const;

  // Validates every entry (errors name the target).
  void validate() const;

  nlohmann::json to_json() const;

  // Parses the JSON form above; `context` (a file name) prefixes errors. Target entries start
  // from the "default" entry. Unknown target names are rejected.
  static HyperparameterSet from_json(const nlohmann::json& object, const std::string& context);

  // Reads a JSON file (errors name the file).
  static HyperparameterSet load(const std::string& path);

  // The shipped defaults (config/surrogate_defaults.json, compiled in).
  static HyperparameterSet defaults();
};

// The text of config/surrogate_defaults.json as compiled into the library.
const char* default_hyperparameters_json();

}  // namespace anb::surrogate
