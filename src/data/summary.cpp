#include "anb/data/summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "anb/data/export.h"
#include "anb/space/cost.h"

namespace anb::data {
namespace {

TargetSummary summarize_target(const Dataset& dataset, const std::string& name) {
  TargetSummary s;
  s.name = name;
  double sum = 0.0;
  s.min = std::numeric_limits<double>::infinity();
  s.max = -std::numeric_limits<double>::infinity();
  for (const Record& r : dataset.records()) {
    const std::optional<double> v = r.target(name);
    if (!v) {
      ++s.nulls;
      continue;
    }
    ++s.count;
    sum += *v;
    s.min = std::min(s.min, *v);
    s.max = std::max(s.max, *v);
  }
  if (s.count == 0) {
    s.min = s.max = 0.0;
  } else {
    s.mean = sum / static_cast<double>(s.count);
  }
  return s;
}

// Largest |computed - recorded| of MACs and params over the records with model_info.
void compare_model_info(const Dataset& dataset, DataSummary& out) {
  for (const Record& r : dataset.records()) {
    if (!r.macs && !r.params) continue;
    ++out.model_info_records;
    const space::Cost c = space::cost(r.arch);
    if (r.macs) {
      const double err = std::abs(c.mmacs() - *r.macs);
      if (out.macs_worst_record.empty() || err > out.macs_max_abs_err) {
        out.macs_max_abs_err = err;
        out.macs_worst_record = r.id;
      }
    }
    if (r.params) {
      const double err = std::abs(c.mparams() - *r.params);
      if (out.params_worst_record.empty() || err > out.params_max_abs_err) {
        out.params_max_abs_err = err;
        out.params_worst_record = r.id;
      }
    }
  }
}

}  // namespace

DataSummary summarize(const Dataset& dataset) {
  DataSummary s;
  s.records = dataset.size();
  s.invalid = dataset.problems().size();
  for (const auto& group : dataset.duplicate_groups()) {
    std::vector<std::string> ids;
    for (const std::size_t i : group) ids.push_back(dataset[i].id);
    s.duplicates += group.size() - 1;
    s.duplicate_groups.push_back(std::move(ids));
  }
  s.unique_architectures = s.records - s.duplicates;
  for (const std::string& name : target_columns(dataset)) {
    s.targets.push_back(summarize_target(dataset, name));
  }
  compare_model_info(dataset, s);
  s.fingerprint = dataset.fingerprint();
  return s;
}

nlohmann::ordered_json to_json(const DataSummary& s, const Dataset& dataset) {
  nlohmann::ordered_json targets = nlohmann::ordered_json::object();
  for (const TargetSummary& t : s.targets) {
    targets[t.name] = {{"count", t.count}, {"nulls", t.nulls}, {"min", t.min},
                       {"max", t.max},     {"mean", t.mean}};
  }
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  for (const LoadProblem& p : dataset.problems()) {
    problems.push_back({{"file", p.file}, {"message", p.message}});
  }
  return nlohmann::ordered_json{
          {"records", s.records},
          {"invalid", s.invalid},
          {"problems", problems},
          {"unique_architectures", s.unique_architectures},
          {"duplicates", s.duplicates},
          {"duplicate_groups", s.duplicate_groups},
          {"targets", targets},
          {"model_info_records", s.model_info_records},
          {"macs_max_abs_err", s.macs_max_abs_err},
          {"macs_worst_record", s.macs_worst_record},
          {"params_max_abs_err", s.params_max_abs_err},
          {"params_worst_record", s.params_worst_record},
          {"fingerprint", s.fingerprint}};
}

}  // namespace anb::data
