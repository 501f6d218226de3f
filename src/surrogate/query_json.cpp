#include "anb/surrogate/query_json.h"

namespace anb::surrogate {

std::vector<std::string> resolve_targets(const Benchmark& bench,
                                         const std::vector<std::string>& names) {
  if (names.empty()) return bench.targets();
  for (const auto& t : names) bench.require_target(t);
  return names;
}

nlohmann::json prediction_json(const Benchmark& bench, const space::Architecture& arch,
                               const std::vector<std::string>& targets, double interval_level) {
  if (interval_level != 0.0) check_interval_level(interval_level);
  nlohmann::json item{{"arch", arch.to_string()}, {"targets", nlohmann::json::object()}};
  for (const auto& t : targets) {
    const Prediction p = bench.query(arch, t);
    nlohmann::json v = {{"mean", p.mean}, {"std", p.std}, {"unit", bench.manifest().find(t)->unit}};
    if (interval_level != 0.0 && bench.has_interval(t)) {
      const IntervalPrediction q = bench.query_interval(arch, t, interval_level);
      v["lower"] = q.lower;
      v["upper"] = q.upper;
      v["level"] = interval_level;
    }
    item["targets"][t] = std::move(v);
  }
  return item;
}

}  // namespace anb::surrogate
