#include "anb/surrogate/query_json.h"

#include <cstdint>

#include "anb/surrogate/choice_rows.h"

namespace anb::surrogate {

std::vector<std::string> resolve_targets(const Benchmark& bench,
                                         const std::vector<std::string>& names) {
  if (names.empty()) return bench.targets();
  for (const auto& t : names) bench.require_target(t);
  return names;
}

nlohmann::json prediction_json(const Benchmark& bench, const space::Architecture& arch,
                               const std::vector<std::string>& targets, double interval_level) {
  return predictions_json(bench, {arch}, targets, interval_level).at(0);
}

nlohmann::json predictions_json(const Benchmark& bench,
                                const std::vector<space::Architecture>& archs,
                                const std::vector<std::string>& targets, double interval_level) {
  if (interval_level != 0.0) check_interval_level(interval_level);
  const std::size_t n = archs.size();
  const std::vector<std::uint8_t> rows = choice_rows(archs);
  std::vector<std::size_t> index;
  for (const auto& t : targets) index.push_back(bench.require_target(t));
  const std::size_t k = index.size();
  std::vector<double> mean(n * k), std(n * k);
  if (k > 0) bench.query_choices(rows.data(), n, index, mean.data(), std.data());
  // The targets with an interval (when one is asked for), queried together.
  std::vector<std::size_t> with_interval;  // positions in `targets`
  if (interval_level != 0.0) {
    for (std::size_t j = 0; j < k; ++j) {
      if (bench.has_interval(targets[j])) with_interval.push_back(j);
    }
  }
  const std::size_t ki = with_interval.size();
  std::vector<double> lower(n * ki), upper(n * ki);
  if (ki > 0) {
    std::vector<std::size_t> interval_index;
    for (const std::size_t j : with_interval) interval_index.push_back(index[j]);
    std::vector<double> imean(n * ki), istd(n * ki);
    bench.query_interval_choices(rows.data(), n, interval_index, interval_level, imean.data(),
                                 istd.data(), lower.data(), upper.data());
  }
  std::vector<std::string> units;
  for (const auto& t : targets) units.push_back(bench.manifest().find(t)->unit);
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i) {
    nlohmann::json item{{"arch", archs[i].to_string()}, {"targets", nlohmann::json::object()}};
    std::size_t next = 0;  // next position in with_interval
    for (std::size_t j = 0; j < k; ++j) {
      nlohmann::json v = {{"mean", mean[i * k + j]}, {"std", std[i * k + j]}, {"unit", units[j]}};
      if (next < ki && with_interval[next] == j) {
        v["lower"] = lower[i * ki + next];
        v["upper"] = upper[i * ki + next];
        v["level"] = interval_level;
        ++next;
      }
      item["targets"][targets[j]] = std::move(v);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace anb::surrogate
