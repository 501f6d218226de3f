#include "anb/search/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "anb/data/targets.h"
#include "anb/space/cost.h"

namespace anb::search {
namespace {

// Round-trip precision for values in CSV and JSON.
std::string number(double v) { return fmt::format("{:.17g}", v); }

}  // namespace

std::string trajectory_csv(const Result& result) {
  std::ostringstream out;
  out << "evaluation";
  for (const auto& o : result.objectives) out << ',' << o.name;
  out << (result.objectives.size() == 1 ? ",best_so_far" : ",hypervolume_so_far") << ",arch\n";
  for (const Evaluation& e : result.history) {
    out << e.index + 1;
    for (double v : e.values) out << ',' << number(v);
    out << ',' << number(e.progress) << ',' << e.arch.to_string() << '\n';
  }
  return out.str();
}

std::string front_csv(const std::vector<Evaluation>& front,
                      const std::vector<Objective>& objectives) {
  std::ostringstream out;
  out << "arch";
  for (const auto& o : objectives) out << ',' << o.name;
  out << ",macs_millions,params_millions\n";
  for (const Evaluation& e : front) {
    const space::Cost c = space::cost(e.arch);
    out << e.arch.to_string();
    for (double v : e.values) out << ',' << number(v);
    out << fmt::format(",{:.6f},{:.6f}\n", c.mmacs(), c.mparams());
  }
  return out.str();
}

std::string objective_label(const Objective& o) {
  if (!data::is_target_name(o.name)) return o.name;
  const auto info = data::target_info(o.name);
  return info.unit.empty() ? o.name : fmt::format("{} ({})", o.name, info.unit);
}

std::string front_table(const std::vector<Evaluation>& front,
                        const std::vector<Objective>& objectives, std::size_t max_rows) {
  std::vector<std::string> header{"arch"};
  for (const auto& o : objectives) header.push_back(objective_label(o));
  header.push_back("MACs (M)");
  header.push_back("params (M)");
  std::vector<std::vector<std::string>> rows{header};
  for (std::size_t i = 0; i < front.size() && i < max_rows; ++i) {
    const Evaluation& e = front[i];
    const space::Cost c = space::cost(e.arch);
    std::vector<std::string> row{e.arch.to_string()};
    for (double v : e.values) row.push_back(fmt::format("{:.6g}", v));
    row.push_back(fmt::format("{:.1f}", c.mmacs()));
    row.push_back(fmt::format("{:.3f}", c.mparams()));
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& r : rows) {
    for (std::size_t k = 0; k < r.size(); ++k) width[k] = std::max(width[k], r[k].size());
  }
  std::ostringstream out;
  for (const auto& r : rows) {
    out << "   ";
    for (std::size_t k = 0; k < r.size(); ++k) {
      out << ' '
          << (k == 0 ? fmt::format("{:<{}}", r[k], width[k])
                     : fmt::format("{:>{}}", r[k], width[k]));
    }
    out << '\n';
  }
  if (front.size() > max_rows) out << fmt::format("    ... and {} more\n", front.size() - max_rows);
  return out.str();
}

std::vector<Evaluation> archive_evaluations(const Result& result) {
  std::vector<Evaluation> out;
  for (std::size_t i : result.archive) out.push_back(result.history.at(i));
  return out;
}

nlohmann::json summary_json(const Summary& s) {
  nlohmann::json j;
  j["algorithm"] = s.algorithm;
  j["seeds"] = s.seeds;
  j["budget"] = s.budget;
  if (s.objectives.size() == 1) {
    j["objective"] = s.objectives[0].name;
    j["direction"] = direction_name(s.objectives[0].direction);
    j["best"] = {{"value", s.best.values[0]}, {"arch", s.best.arch.to_string()},
                 {"seed", s.best_seed}};
    j["final_best_mean"] = s.final_progress.mean;
    j["final_best_std"] = s.final_progress.std;
    return j;
  }
  nlohmann::json names = nlohmann::json::array();
  for (const auto& o : s.objectives) names.push_back(o.name);
  j["objectives"] = names;
  j["hypervolume_mean"] = s.final_progress.mean;
  j["hypervolume_std"] = s.final_progress.std;
  j["best"] = {{"values", s.best.values}, {"arch", s.best.arch.to_string()}, {"seed", s.best_seed}};
  nlohmann::json front = nlohmann::json::array();
  for (const Evaluation& e : s.front) {
    front.push_back({{"arch", e.arch.to_string()}, {"values", e.values}});
  }
  j["front"] = front;
  return j;
}

}  // namespace anb::search
