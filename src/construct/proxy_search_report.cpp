// Proxy-search analysis: rank agreement, noise ceiling, cost ratios, selection and tables.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "anb/construct/proxy_search.h"
#include "anb/stats/metrics.h"

namespace anb::construct {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::size_t> best_k(const std::vector<double>& values, std::size_t k) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] > values[b]; });
  order.resize(std::min(k, order.size()));
  return order;
}

double total(const SchemeResults& results, double TrainResult::*field) {
  double sum = 0.0;
  for (const auto& per_arch : results) {
    for (const auto& r : per_arch) sum += r.*field;
  }
  return sum;
}

CandidateReport describe(const std::string& name, const nlohmann::json& settings,
                         const SchemeResults& results, const std::vector<double>& reference,
                         int top_k) {
  CandidateReport row;
  row.name = name;
  row.settings = settings;
  const std::vector<double> means = mean_top1(results);
  row.mean_top1 = std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(means.size());
  row.kendall_tau = stats::kendall_tau(reference, means);
  row.spearman = stats::spearman(reference, means);
  row.seed_tau = seed_vs_seed_tau(results);
  row.top_k_overlap = top_k_overlap(reference, means, top_k);
  row.flops = total(results, &TrainResult::train_flops);
  row.seconds = total(results, &TrainResult::train_seconds);
  return row;
}

std::string number(double v, int digits) {
  return std::isnan(v) ? std::string("n/a") : fmt::format("{:.{}f}", v, digits);
}

std::string settings_text(const nlohmann::json& settings) {
  std::string text;
  for (const auto& [key, value] : settings.items()) {
    if (!text.empty()) text += " ";
    text += key + "=" + value.dump();
  }
  return text.empty() ? "(reference)" : text;
}

}  // namespace

std::vector<double> mean_top1(const SchemeResults& results) {
  std::vector<double> means;
  for (const auto& per_arch : results) {
    if (per_arch.empty()) throw std::invalid_argument("mean_top1: an architecture has no runs");
    double sum = 0.0;
    for (const auto& r : per_arch) sum += r.top1;
    means.push_back(sum / static_cast<double>(per_arch.size()));
  }
  return means;
}

double seed_vs_seed_tau(const SchemeResults& results) {
  if (results.empty() || results.front().size() < 2) return kNaN;
  const std::size_t seeds = results.front().size();
  double sum = 0.0;
  int pairs = 0;
  for (std::size_t a = 0; a < seeds; ++a) {
    for (std::size_t b = a + 1; b < seeds; ++b) {
      std::vector<double> x, y;
      for (const auto& per_arch : results) {
        x.push_back(per_arch.at(a).top1);
        y.push_back(per_arch.at(b).top1);
      }
      sum += stats::kendall_tau(x, y);
      ++pairs;
    }
  }
  return sum / pairs;
}

double top_k_overlap(const std::vector<double>& reference, const std::vector<double>& candidate,
                     int k) {
  if (reference.size() != candidate.size() || reference.empty() || k < 1) {
    throw std::invalid_argument("top_k_overlap: need equal, non-empty vectors and k >= 1");
  }
  const std::size_t kk = std::min(static_cast<std::size_t>(k), reference.size());
  const auto a = best_k(reference, kk);
  const auto b = best_k(candidate, kk);
  std::size_t common = 0;
  for (std::size_t i : a) common += static_cast<std::size_t>(std::count(b.begin(), b.end(), i));
  return static_cast<double>(common) / static_cast<double>(kk);
}

int select_cheapest(const std::vector<CandidateReport>& candidates, double tau) {
  int best = -1;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (!(c.kendall_tau >= tau)) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const auto& b = candidates[static_cast<std::size_t>(best)];
    if (c.flops < b.flops || (c.flops == b.flops && c.kendall_tau > b.kendall_tau)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

ProxySearchReport analyse(const std::vector<Candidate>& candidates,
                          const std::vector<SchemeResults>& results, double tau, int top_k) {
  if (results.size() != candidates.size() + 1) {
    throw std::invalid_argument("analyse: need results for the reference and every candidate");
  }
  ProxySearchReport report;
  report.tau_threshold = tau;
  report.top_k = top_k;
  report.archs = results.front().size();
  report.seeds = results.front().empty() ? 0 : results.front().front().size();
  const std::vector<double> reference = mean_top1(results.front());
  report.reference = describe("reference", nlohmann::json::object(), results.front(), reference, top_k);
  report.noise_ceiling = report.reference.seed_tau;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    CandidateReport row = describe(candidates[i].name, candidates[i].settings, results[i + 1],
                                   reference, top_k);
    row.meets_tau = row.kendall_tau >= tau;
    report.candidates.push_back(row);
  }
  const auto set_ratios = [&](CandidateReport& row) {
    row.flops_ratio = row.flops > 0 ? report.reference.flops / row.flops : kNaN;
    row.seconds_ratio = row.seconds > 0 ? report.reference.seconds / row.seconds : kNaN;
  };
  set_ratios(report.reference);
  for (auto& row : report.candidates) set_ratios(row);
  report.reference.meets_tau = true;
  report.selected = select_cheapest(report.candidates, tau);
  return report;
}

nlohmann::json ProxySearchReport::to_json() const {
  const auto row = [](const CandidateReport& c) {
    const auto num = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
    return nlohmann::json{{"name", c.name},
                          {"settings", c.settings},
                          {"mean_top1", num(c.mean_top1)},
                          {"kendall_tau", num(c.kendall_tau)},
                          {"spearman", num(c.spearman)},
                          {"seed_tau", num(c.seed_tau)},
                          {"top_k_overlap", num(c.top_k_overlap)},
                          {"flops", c.flops},
                          {"seconds", c.seconds},
                          {"flops_ratio", num(c.flops_ratio)},
                          {"seconds_ratio", num(c.seconds_ratio)},
                          {"meets_tau", c.meets_tau}};
  };
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : candidates) rows.push_back(row(c));
  return {{"reference", row(reference)},
          {"candidates", rows},
          {"noise_ceiling", std::isnan(noise_ceiling) ? nlohmann::json() : nlohmann::json(noise_ceiling)},
          {"tau_threshold", tau_threshold},
          {"top_k", top_k},
          {"archs", archs},
          {"seeds", seeds},
          {"selected", selected >= 0 ? nlohmann::json(candidates[static_cast<std::size_t>(selected)].name)
                                     : nlohmann::json()}};
}

std::string report_csv(const ProxySearchReport& report) {
  std::string out =
      "name,settings,mean_top1,kendall_tau,spearman,seed_tau,top_k_overlap,train_flops,"
      "train_seconds,flops_ratio,seconds_ratio,meets_tau,selected\n";
  const auto line = [&](const CandidateReport& c, bool selected) {
    std::string settings = c.settings.dump();
    std::string quoted;
    for (char ch : settings) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out += fmt::format("{},\"{}\",{},{},{},{},{},{:.6e},{:.3f},{},{},{},{}\n", c.name, quoted,
                       number(c.mean_top1, 3), number(c.kendall_tau, 4), number(c.spearman, 4),
                       number(c.seed_tau, 4), number(c.top_k_overlap, 3), c.flops, c.seconds,
                       number(c.flops_ratio, 3), number(c.seconds_ratio, 3),
                       c.meets_tau ? 1 : 0, selected ? 1 : 0);
  };
  line(report.reference, false);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    line(report.candidates[i], static_cast<int>(i) == report.selected);
  }
  return out;
}

std::string report_markdown(const ProxySearchReport& report) {
  std::string out = fmt::format(
      "# Proxy search\n\n{} architectures x {} seeds; fidelity threshold tau >= {:.3f}; "
      "noise ceiling (reference seed-vs-seed Kendall tau) = {}.\n\n",
      report.archs, report.seeds, report.tau_threshold, number(report.noise_ceiling, 4));
  if (report.selected >= 0) {
    const auto& c = report.candidates[static_cast<std::size_t>(report.selected)];
    out += fmt::format(
        "**Selected: {}** ({}): Kendall tau {:.4f}, {:.2f}x cheaper in FLOPs, {:.2f}x in "
        "measured seconds.\n\n",
        c.name, settings_text(c.settings), c.kendall_tau, c.flops_ratio, c.seconds_ratio);
  } else {
    out += "**No candidate reaches the threshold.**\n\n";
  }
  out += "| scheme | settings | mean top-1 % | Kendall tau | Spearman | seed tau | top-" +
         std::to_string(report.top_k) +
         " overlap | FLOPs ratio | seconds ratio | meets tau |\n"
         "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
  const auto line = [&](const CandidateReport& c, bool selected) {
    out += fmt::format("| {}{} | {} | {} | {} | {} | {} | {} | {}x | {}x | {} |\n", c.name,
                       selected ? " (selected)" : "", settings_text(c.settings),
                       number(c.mean_top1, 2), number(c.kendall_tau, 3), number(c.spearman, 3),
                       number(c.seed_tau, 3), number(c.top_k_overlap, 2),
                       number(c.flops_ratio, 2), number(c.seconds_ratio, 2),
                       c.meets_tau ? "yes" : "no");
  };
  line(report.reference, false);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    line(report.candidates[i], static_cast<int>(i) == report.selected);
  }
  out += "\nRatios are reference / candidate (how many times cheaper). FLOPs are analytic "
         "(3 x forward MACs x 2 per image seen); seconds are measured training wall time.\n";
  return out;
}

}  // namespace anb::construct
