// Parsing of XGBoost JSON models (schema of XGBoost 1.7: learner.gradient_booster.model.trees)
// into RawMember, with every structural check the evaluator relies on.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "anb/io/json.h"
#include "tree_model.h"

namespace anb::surrogate::detail {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw std::invalid_argument(name + ": " + what);
}

// `name` (the file) and the path of the object inside it, for messages.
std::string at(const std::string& name, const std::string& path) {
  return path.empty() ? name : name + ": " + path;
}

const json& field(const json& j, const char* key, const std::string& path,
                  const std::string& name) {
  return io::json_child(j, key, at(name, path));
}

// Reads a number that XGBoost may write as a number, a string ("5E-1") or, since 2.0, a
// one-element array in a string ("[5E-1]").
double number_field(const json& j, const char* key, const std::string& path,
                    const std::string& name) {
  const json& v = field(j, key, path, name);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    try {
      std::size_t used = 0;
      const double x = std::stod(s, &used);
      if (used == s.size()) return x;
    } catch (const std::exception&) {
    }
  }
  fail(name, "field '" + path + "." + key + "' is not a number: " + v.dump());
}

template <typename T>
std::vector<T> array_field(const json& tree, const char* key, std::size_t n,
                           const std::string& where, const std::string& name) {
  const json& a = field(tree, key, where, name);
  if (!a.is_array() || a.size() != n) {
    fail(name, "'" + where + "." + key + "' must be an array of " + std::to_string(n) +
                   " numbers (num_nodes)");
  }
  std::vector<T> out;
  out.reserve(n);
  for (const json& x : a) out.push_back(io::json_value_as<T>(x, key, at(name, where)));
  return out;
}

void check_objective(const json& learner, const std::string& name) {
  const json& objective = field(learner, "objective", "learner", name);
  const json& objective_name = field(objective, "name", "learner.objective", name);
  static const char* kIdentityLink[] = {"reg:squarederror", "reg:linear", "reg:squaredlogerror",
                                        "reg:pseudohubererror", "reg:absoluteerror",
                                        "reg:quantileerror"};
  const std::string s = objective_name.is_string() ? objective_name.get<std::string>() : "";
  for (const char* ok : kIdentityLink) {
    if (s == ok) return;
  }
  fail(name, "objective " + objective_name.dump() +
                 " is not a regression objective with identity link (e.g. reg:squarederror)");
}

// Every node is a leaf (both children -1, as XGBoost writes them) or has two children in
// [1, num_nodes): no negative index other than -1, nothing past the end, no self loop at the root.
void check_children(const RawTree& t, const std::string& where, const std::string& name) {
  const auto n = static_cast<std::int64_t>(t.left.size());
  for (std::size_t i = 0; i < t.left.size(); ++i) {
    const std::int32_t l = t.left[i], r = t.right[i];
    if (l == -1 && r == -1) continue;
    for (const std::int32_t c : {l, r}) {
      if (c < 1 || c >= n) {
        fail(name, where + " node " + std::to_string(i) + ": child index " + std::to_string(c) +
                       " out of range (-1 for a leaf, else [1, " + std::to_string(n) + "))");
      }
    }
  }
}

// Follows the tree from the root, checking child indices, cycles and reachable split features.
void check_reachable(const RawTree& t, const std::string& where, const std::string& name) {
  const std::size_t n = t.left.size();
  std::vector<char> seen(n, 0);
  std::vector<std::int32_t> stack{0};
  while (!stack.empty()) {
    const std::int32_t i = stack.back();
    stack.pop_back();
    if (i < 0 || static_cast<std::size_t>(i) >= n) {
      fail(name, where + ": child index " + std::to_string(i) + " out of range [0, " +
                     std::to_string(n) + ")");
    }
    if (seen[i]) fail(name, where + ": node " + std::to_string(i) + " is reached twice");
    seen[i] = 1;
    if (t.left[i] < 0) {
      if (!std::isfinite(t.value[i])) {
        fail(name, where + " node " + std::to_string(i) + ": leaf value is not finite");
      }
      continue;
    }
    if (t.feature[i] < 0 || t.feature[i] >= kNumFeatures) {
      fail(name, where + " node " + std::to_string(i) + ": split feature index " +
                     std::to_string(t.feature[i]) + " outside [0, " +
                     std::to_string(kNumFeatures) + ")");
    }
    stack.push_back(t.left[i]);
    stack.push_back(t.right[i]);
  }
}

RawTree parse_tree(const json& tree, std::size_t index, const std::string& name) {
  const std::string where = "tree " + std::to_string(index);
  const json& param = field(tree, "tree_param", where, name);
  const double num_nodes = number_field(param, "num_nodes", where + ".tree_param", name);
  if (!(num_nodes >= 1 && num_nodes <= 1e9) || num_nodes != std::floor(num_nodes)) {
    fail(name, where + ": invalid num_nodes " + std::to_string(num_nodes));
  }
  if (param.contains("size_leaf_vector") &&
      number_field(param, "size_leaf_vector", where + ".tree_param", name) > 1) {
    fail(name, where + ": vector leaves (multi-target trees) are not supported");
  }
  const auto n = static_cast<std::size_t>(num_nodes);
  RawTree t;
  t.left = array_field<std::int32_t>(tree, "left_children", n, where, name);
  t.right = array_field<std::int32_t>(tree, "right_children", n, where, name);
  const auto split = array_field<std::int64_t>(tree, "split_indices", n, where, name);
  const auto cond = array_field<double>(tree, "split_conditions", n, where, name);
  if (tree.contains("split_type")) {
    const auto type = array_field<int>(tree, "split_type", n, where, name);
    for (std::size_t i = 0; i < n; ++i) {
      if (type[i] != 0 && t.left[i] >= 0) {
        fail(name, where + " node " + std::to_string(i) + ": categorical splits are not supported");
      }
    }
  }
  t.feature.resize(n);
  t.value.resize(n);
  t.threshold.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t f = split[i];
    t.feature[i] = (f < 0 || f > INT32_MAX) ? -1 : static_cast<std::int32_t>(f);
    t.value[i] = static_cast<float>(cond[i]);
  }
  check_children(t, where, name);
  check_reachable(t, where, name);
  for (std::size_t i = 0; i < n; ++i) {
    if (t.left[i] >= 0 && t.feature[i] >= 0 && t.feature[i] < kNumFeatures) {
      t.threshold[i] = split_threshold(t.value[i], feature_radix(t.feature[i]));
    }
  }
  return t;
}

void check_single_output(const json& learner, const json& model, const std::string& name) {
  const json& lp = field(learner, "learner_model_param", "learner", name);
  if (lp.contains("num_class") &&
      number_field(lp, "num_class", "learner.learner_model_param", name) > 1) {
    fail(name, "multi-class models are not supported");
  }
  if (lp.contains("num_target") &&
      number_field(lp, "num_target", "learner.learner_model_param", name) > 1) {
    fail(name, "multi-target models are not supported");
  }
  if (model.contains("tree_info")) {
    for (const json& g : model["tree_info"]) {
      if (!g.is_number() || g.get<double>() != 0) fail(name, "tree_info names an output group != 0");
    }
  }
}

}  // namespace

std::int32_t split_threshold(float condition, int radix) {
  std::int32_t t = 0;
  while (t < radix && static_cast<float>(t) < condition) ++t;
  return t;
}

RawMember parse_xgboost_member(const std::string& text, const std::string& name) {
  const json root = io::parse_json(text, name + ": XGBoost JSON model");
  const json& learner = field(root, "learner", "", name);
  const json& booster = field(learner, "gradient_booster", "learner", name);
  const json& booster_name = field(booster, "name", "learner.gradient_booster", name);
  if (booster_name != "gbtree") {
    fail(name, "booster " + booster_name.dump() + " is not supported (only \"gbtree\")");
  }
  check_objective(learner, name);
  const json& model = field(booster, "model", "learner.gradient_booster", name);
  check_single_output(learner, model, name);
  const json& trees = field(model, "trees", "learner.gradient_booster.model", name);
  if (!trees.is_array()) fail(name, "'learner.gradient_booster.model.trees' is not an array");

  RawMember m;
  m.name = name;
  const double base = number_field(field(learner, "learner_model_param", "learner", name),
                                   "base_score", "learner.learner_model_param", name);
  if (!std::isfinite(base)) fail(name, "base_score is not finite");
  m.base_score = static_cast<float>(base);
  m.trees.reserve(trees.size());
  for (std::size_t i = 0; i < trees.size(); ++i) m.trees.push_back(parse_tree(trees[i], i, name));
  return m;
}

}  // namespace anb::surrogate::detail
