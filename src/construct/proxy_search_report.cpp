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

bool flops_known(const CandidateReport& row) {
  return std::isfinite(row.flops) && row.flops > 0;
}

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

// Top-1 per seed: columns[seed][arch]. Every architecture must have the same number of seeds.
std::vector<std::vector<double>> seed_columns(const SchemeResults& results) {
  const std::size_t seeds = results.empty() ? 0 : results.front().size();
  std::vector<std::vector<double>> columns(seeds, std::vector<double>(results.size()));
  for (std::size_t a = 0; a < results.size(); ++a) {
    if (results[a].size() != seeds) {
      throw std::invalid_argument(
          fmt::format("proxy-search analysis: architecture {} has {} runs, architecture 0 has {}",
                      a, results[a].size(), seeds));
    }
    for (std::size_t r = 0; r < seeds; ++r) columns[r][a] = results[a][r].top1;
  }
  return columns;
}

// Bootstrap intervals of every tau of the report: the architectures are resampled with
// replacement, the same index sets for every scheme (so the intervals are comparable).
void add_intervals(ProxySearchReport& report, const std::vector<SchemeResults>& results) {
  const auto sets = stats::bootstrap_indices(report.archs, report.bootstrap);
  const std::vector<double> reference = mean_top1(results.front());
  std::vector<CandidateReport*> rows{&report.reference};
  for (auto& c : report.candidates) rows.push_back(&c);
  for (std::size_t s = 0; s < results.size(); ++s) {
    const std::vector<double> means = mean_top1(results[s]);
    const auto columns = seed_columns(results[s]);
    std::vector<double> taus, seed_taus;
    taus.reserve(sets.size());
    seed_taus.reserve(sets.size());
    for (const auto& set : sets) {
      if (s > 0)
        taus.push_back(stats::kendall_tau(stats::pick(reference, set), stats::pick(means, set)));
      if (columns.size() < 2) continue;
      std::vector<std::vector<double>> picked;
      for (const auto& column : columns) picked.push_back(stats::pick(column, set));
      double sum = 0.0;
      int pairs = 0;
      for (std::size_t a = 0; a < picked.size(); ++a) {
        for (std::size_t b = a + 1; b < picked.size(); ++b, ++pairs) {
          sum += stats::kendall_tau(picked[a], picked[b]);
        }
      }
      seed_taus.push_back(sum / pairs);
    }
    const double confidence = report.bootstrap.confidence;
    rows[s]->kendall_tau_ci =
        s > 0 ? stats::percentile_interval(taus, confidence) : stats::Interval{1.0, 1.0};
    if (!seed_taus.empty())
      rows[s]->seed_tau_ci = stats::percentile_interval(seed_taus, confidence);
  }
  report.noise_ceiling_ci = report.reference.seed_tau_ci;
}

CandidateReport describe(const std::string& name, const nlohmann::json& settings,
                         const SchemeResults& results, const std::vector<double>& reference,
                         int top_k) {
  CandidateReport row;
  row.name = name;
  row.settings = settings;
  const std::vector<double> means = mean_top1(results);
  row.mean_top1 =
      std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(means.size());
  row.kendall_tau = stats::kendall_tau(reference, means);
  row.spearman = stats::spearman(reference, means);
  row.seeds = results.empty() ? 0 : results.front().size();
  const std::vector<double> pairs = seed_pair_taus(results);
  row.seed_tau = pairs.empty() ? kNaN
                               : std::accumulate(pairs.begin(), pairs.end(), 0.0) /
                                     static_cast<double>(pairs.size());
  row.seed_tau_min = pairs.empty() ? kNaN : *std::min_element(pairs.begin(), pairs.end());
  row.seed_tau_max = pairs.empty() ? kNaN : *std::max_element(pairs.begin(), pairs.end());
  row.seed_std = mean_seed_std(results);
  row.top_k_overlap = top_k_overlap(reference, means, top_k);
  row.flops = total(results, &TrainResult::train_flops);
  row.seconds = total(results, &TrainResult::train_seconds);
  return row;
}

std::string number(double v, int digits) {
  return std::isnan(v) ? std::string("n/a") : fmt::format("{:.{}f}", v, digits);
}

// "5.61x", or "n/a" when unknown.
std::string times(double v) {
  return std::isfinite(v) ? fmt::format("{:.2f}x", v) : "n/a";
}

std::string interval_text(const stats::Interval& i) {
  if (!std::isfinite(i.lo)) return "[n/a]";
  return fmt::format("[{:.3f}, {:.3f}]", i.lo, i.hi);
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
  const std::vector<double> pairs = seed_pair_taus(results);
  if (pairs.empty()) return kNaN;
  return std::accumulate(pairs.begin(), pairs.end(), 0.0) / static_cast<double>(pairs.size());
}

std::vector<double> seed_pair_taus(const SchemeResults& results) {
  const std::vector<std::vector<double>> columns = seed_columns(results);
  std::vector<double> taus;
  for (std::size_t a = 0; a < columns.size(); ++a) {
    for (std::size_t b = a + 1; b < columns.size(); ++b) {
      taus.push_back(stats::kendall_tau(columns[a], columns[b]));
    }
  }
  return taus;
}

double mean_seed_std(const SchemeResults& results) {
  if (results.empty() || results.front().size() < 2) return kNaN;
  double sum = 0.0;
  for (const auto& per_arch : results) {
    double mean = 0.0;
    for (const auto& r : per_arch) mean += r.top1;
    mean /= static_cast<double>(per_arch.size());
    double squares = 0.0;
    for (const auto& r : per_arch) squares += (r.top1 - mean) * (r.top1 - mean);
    sum += std::sqrt(squares / static_cast<double>(per_arch.size() - 1));
  }
  return sum / static_cast<double>(results.size());
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

int select_cheapest(const std::vector<CandidateReport>& candidates, double tau, bool by_seconds) {
  int best = -1;
  const auto cost = [&](const CandidateReport& c) { return by_seconds ? c.seconds : c.flops; };
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    if (!(c.kendall_tau >= tau)) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const auto& b = candidates[static_cast<std::size_t>(best)];
    if (cost(c) < cost(b) || (cost(c) == cost(b) && c.kendall_tau > b.kendall_tau)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

ProxySearchReport analyse(const std::vector<Candidate>& candidates,
                          const std::vector<SchemeResults>& results, double tau, int top_k,
                          const stats::BootstrapOptions& bootstrap) {
  if (results.size() != candidates.size() + 1) {
    throw std::invalid_argument("analyse: need results for the reference and every candidate");
  }
  bootstrap.validate();
  ProxySearchReport report;
  report.tau_threshold = tau;
  report.top_k = top_k;
  report.bootstrap = bootstrap;
  report.archs = results.front().size();
  report.seeds = results.front().empty() ? 0 : results.front().front().size();
  for (std::size_t s = 0; s < results.size(); ++s) {
    if (results[s].size() != report.archs) {
      throw std::invalid_argument(
          fmt::format("analyse: scheme '{}' has {} architectures, the reference {}",
                      s == 0 ? std::string("reference") : candidates[s - 1].name, results[s].size(),
                      report.archs));
    }
  }
  const std::vector<double> reference = mean_top1(results.front());
  report.reference =
      describe("reference", nlohmann::json::object(), results.front(), reference, top_k);
  report.noise_ceiling = report.reference.seed_tau;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    CandidateReport row =
        describe(candidates[i].name, candidates[i].settings, results[i + 1], reference, top_k);
    row.meets_tau = row.kendall_tau >= tau;
    report.candidates.push_back(row);
  }
  const auto set_ratios = [&](CandidateReport& row) {
    row.flops_ratio = flops_known(row) && flops_known(report.reference)
                          ? report.reference.flops / row.flops
                          : kNaN;
    row.seconds_ratio = row.seconds > 0 ? report.reference.seconds / row.seconds : kNaN;
  };
  set_ratios(report.reference);
  for (auto& row : report.candidates) set_ratios(row);
  report.reference.meets_tau = true;
  add_intervals(report, results);
  bool all_flops = flops_known(report.reference);
  for (const auto& row : report.candidates) all_flops = all_flops && flops_known(row);
  report.cost_basis = all_flops ? "flops" : "seconds";

  report.notes = report_notes(report);
  report.selected = select_cheapest(report.candidates, tau, report.cost_basis == "seconds");
  return report;
}

std::vector<std::string> report_notes(const ProxySearchReport& report) {
  std::vector<std::string> notes;
  std::vector<const CandidateReport*> rows{&report.reference};
  for (const auto& c : report.candidates) rows.push_back(&c);
  for (const CandidateReport* row : rows) {
    if (row->seeds < 2) {
      notes.push_back(fmt::format(
          "scheme '{}' has {} seed: its seed-vs-seed tau (noise ceiling) is undefined (null); "
          "at least 2 seeds are needed",
          row->name, row->seeds));
    }
  }
  if (report.cost_basis == "seconds") {
    notes.push_back(
        "training FLOPs are unknown for some scheme (e.g. results collected elsewhere): FLOPs "
        "ratios are null and the selection takes the candidate with the fewest measured "
        "training seconds");
  }
  return notes;
}

nlohmann::json ProxySearchReport::to_json() const {
  const auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  const auto interval = [&](const stats::Interval& i) {
    return nlohmann::json{num(i.lo), num(i.hi)};
  };
  const auto row = [&](const CandidateReport& c) {
    return nlohmann::json{
        {"name", c.name},
        {"settings", c.settings},
        {"seeds", c.seeds},
        {"mean_top1", num(c.mean_top1)},
        {"kendall_tau", num(c.kendall_tau)},
        {"kendall_tau_ci", interval(c.kendall_tau_ci)},
        {"spearman", num(c.spearman)},
        {"seed_tau", num(c.seed_tau)},
        {"seed_tau_ci", interval(c.seed_tau_ci)},
        {"seed_tau_range", nlohmann::json{num(c.seed_tau_min), num(c.seed_tau_max)}},
        {"seed_std", num(c.seed_std)},
        {"top_k_overlap", num(c.top_k_overlap)},
        {"flops", num(c.flops)},
        {"seconds", num(c.seconds)},
        {"flops_ratio", num(c.flops_ratio)},
        {"seconds_ratio", num(c.seconds_ratio)},
        {"meets_tau", c.meets_tau}};
  };
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& c : candidates) rows.push_back(row(c));
  return {{"reference", row(reference)},
          {"candidates", rows},
          {"noise_ceiling", num(noise_ceiling)},
          {"noise_ceiling_ci", interval(noise_ceiling_ci)},
          {"tau_threshold", tau_threshold},
          {"top_k", top_k},
          {"archs", archs},
          {"seeds", seeds},
          {"cost_basis", cost_basis},
          {"bootstrap",
           {{"resamples", bootstrap.resamples},
            {"confidence", bootstrap.confidence},
            {"seed", bootstrap.seed},
            {"method", "percentile; architectures resampled with replacement"}}},
          {"notes", notes},
          {"selected", selected >= 0
                           ? nlohmann::json(candidates[static_cast<std::size_t>(selected)].name)
                           : nlohmann::json()}};
}

std::string report_csv(const ProxySearchReport& report) {
  std::string out =
      "name,settings,seeds,mean_top1,kendall_tau,kendall_tau_lo,kendall_tau_hi,spearman,"
      "seed_tau,seed_tau_lo,seed_tau_hi,seed_tau_min,seed_tau_max,seed_std,top_k_overlap,"
      "train_flops,train_seconds,flops_ratio,seconds_ratio,meets_tau,selected\n";
  const auto line = [&](const CandidateReport& c, bool selected) {
    std::string settings = c.settings.dump();
    std::string quoted;
    for (char ch : settings) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    out += fmt::format("{},\"{}\",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       c.name, quoted, c.seeds, number(c.mean_top1, 3), number(c.kendall_tau, 4),
                       number(c.kendall_tau_ci.lo, 4), number(c.kendall_tau_ci.hi, 4),
                       number(c.spearman, 4), number(c.seed_tau, 4), number(c.seed_tau_ci.lo, 4),
                       number(c.seed_tau_ci.hi, 4), number(c.seed_tau_min, 4),
                       number(c.seed_tau_max, 4), number(c.seed_std, 4), number(c.top_k_overlap, 3),
                       std::isfinite(c.flops) ? fmt::format("{:.6e}", c.flops) : std::string("n/a"),
                       number(c.seconds, 3), number(c.flops_ratio, 3), number(c.seconds_ratio, 3),
                       c.meets_tau ? 1 : 0, selected ? 1 : 0);
  };
  line(report.reference, false);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    line(report.candidates[i], static_cast<int>(i) == report.selected);
  }
  return out;
}

std::string report_markdown(const ProxySearchReport& report) {
  const int percent = static_cast<int>(std::lround(100.0 * report.bootstrap.confidence));
  std::string out = fmt::format(
      "# Proxy search\n\n{} architectures x {} seeds (reference); fidelity threshold tau >= "
      "{:.3f}; noise ceiling (reference seed-vs-seed Kendall tau-b) = {} {}.\n\n",
      report.archs, report.seeds, report.tau_threshold, number(report.noise_ceiling, 4),
      interval_text(report.noise_ceiling_ci));
  if (report.selected >= 0) {
    const auto& c = report.candidates[static_cast<std::size_t>(report.selected)];
    out += fmt::format(
        "**Selected: {}** ({}): Kendall tau {:.4f} {}, {} cheaper in FLOPs, {} in measured "
        "seconds (selected by {}).\n\n",
        c.name, settings_text(c.settings), c.kendall_tau, interval_text(c.kendall_tau_ci),
        times(c.flops_ratio), times(c.seconds_ratio), report.cost_basis);
  } else {
    out += "**No candidate reaches the threshold.**\n\n";
  }
  out += fmt::format(
      "| scheme | settings | seeds | mean top-1 % | seed std pp | Kendall tau [{} % CI] | Spearman "
      "| "
      "seed tau [{} % CI] | seed tau range | top-{} overlap | FLOPs ratio | seconds ratio | "
      "meets tau |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
      percent, percent, report.top_k);
  const auto line = [&](const CandidateReport& c, bool selected) {
    out += fmt::format(
        "| {}{} | {} | {} | {} | {} | {} {} | {} | {} {} | {}–{} | {} | {} | {} | {} |\n", c.name,
        selected ? " (selected)" : "", settings_text(c.settings), c.seeds, number(c.mean_top1, 2),
        number(c.seed_std, 3), number(c.kendall_tau, 4), interval_text(c.kendall_tau_ci),
        number(c.spearman, 4), number(c.seed_tau, 4), interval_text(c.seed_tau_ci),
        number(c.seed_tau_min, 3), number(c.seed_tau_max, 3), number(c.top_k_overlap, 2),
        times(c.flops_ratio), times(c.seconds_ratio), c.meets_tau ? "yes" : "no");
  };
  line(report.reference, false);
  for (std::size_t i = 0; i < report.candidates.size(); ++i) {
    line(report.candidates[i], static_cast<int>(i) == report.selected);
  }
  out += fmt::format(
      "\nRatios are reference / candidate (how many times cheaper). FLOPs are analytic "
      "(3 x forward MACs x 2 per image seen; n/a when unknown); seconds are measured training "
      "wall time. Every tau is Kendall's tau-b (ties corrected); Kendall tau compares the "
      "seed-mean top-1 rankings; seed tau is the mean over seed pairs of the seed-vs-seed tau "
      "(a scheme's own noise ceiling), its range the lowest and highest pair; seed std is the "
      "mean over architectures of the standard deviation of top-1 over seeds. Intervals: "
      "percentile bootstrap, {} resamples of the architectures with replacement (seed {}).\n",
      report.bootstrap.resamples, report.bootstrap.seed);
  if (!report.notes.empty()) {
    out += "\nNotes:\n";
    for (const auto& note : report.notes) out += "- " + note + "\n";
  }
  return out;
}

}  // namespace anb::construct
