#include "anb/surrogate/experiment.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <sstream>
#include <stdexcept>

#include "anb/data/targets.h"
#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"
#include "anb/search/algorithm.h"
#include "anb/search/plots.h"
#include "anb/search/report.h"
#include "anb/space/cost.h"
#include "anb/surrogate/search_problem.h"
#include "anb/surrogate/search_setup.h"

namespace anb::surrogate {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

ExperimentBlock run_block(const search::ProblemFactory& make, const search::SearchOptions& options,
                          const ExperimentOptions& o, std::string target) {
  ExperimentBlock b;
  b.target = std::move(target);
  const auto start = std::chrono::steady_clock::now();
  const auto results =
      search::run_seeds(make, options, search::seed_range(o.first_seed, o.seeds), o.threads);
  b.seconds = seconds_since(start);
  for (const auto& r : results) {
    b.finals.push_back(r.final_progress());
    b.evaluations += r.history.size();
  }
  b.summary = search::summarize(results);
  if (o.on_block) o.on_block(b);
  return b;
}

// One-sided Welch test that x has a larger mean than y (normal approximation of t, fine for
// >= 30 seeds): {difference of means, p-value}.
std::pair<double, double> welch_greater(const std::vector<double>& x,
                                        const std::vector<double>& y) {
  const auto mx = search::mean_std(x);
  const auto my = search::mean_std(y);
  const double se = std::sqrt(mx.std * mx.std / static_cast<double>(x.size()) +
                              my.std * my.std / static_cast<double>(y.size()));
  const double diff = mx.mean - my.mean;
  if (se == 0.0) return {diff, diff > 0 ? 0.0 : 1.0};
  return {diff, 0.5 * std::erfc(diff / se / std::sqrt(2.0))};
}

// "arch  MACs M, params M, accuracy …, throughput_a100 …".
std::string describe(const Benchmark& bench, const space::Architecture& arch) {
  const space::Cost c = space::cost(arch);
  std::string s =
      fmt::format("{}  MACs {:.1f} M, params {:.3f} M", arch.to_string(), c.mmacs(), c.mparams());
  for (const auto& t : bench.targets()) {
    s += fmt::format(", {} {:.4g}", t, bench.query(arch, t).mean);
  }
  return s;
}

// The (accuracy, device target) pairs of the reference that the models can search.
std::vector<search::ReferencePair> device_pairs(const Benchmark& bench,
                                                const search::HypervolumeReference& ref,
                                                bool latency) {
  std::vector<search::ReferencePair> out;
  for (const auto& p : ref.pairs) {
    const auto& t = p.objectives[1].name;
    if (p.objectives[0].name != "accuracy" || !bench.has_target(t)) continue;
    if (!latency && data::target_info(t).metric == "latency") continue;
    out.push_back(p);
  }
  return out;
}

// The blocks of one problem ("" for the uni-objective one), in run order.
std::vector<const ExperimentBlock*> blocks_of(const std::vector<ExperimentBlock>& blocks,
                                              const std::string& target) {
  std::vector<const ExperimentBlock*> out;
  for (const auto& b : blocks) {
    if (b.target == target) out.push_back(&b);
  }
  return out;
}

// Every block after the first (RS) against the first.
void compare_with_random(const std::vector<const ExperimentBlock*>& blocks,
                         std::vector<VersusRandom>& out) {
  for (std::size_t i = 1; i < blocks.size(); ++i) {
    const auto [diff, p] = welch_greater(blocks[i]->finals, blocks[0]->finals);
    out.push_back({blocks[i]->target, blocks[i]->summary.algorithm, diff, p});
  }
}

// The front members of all algorithms of one device: the most accurate and the one with the
// highest bi-objective reward.
std::vector<search::Evaluation> picks(const std::vector<const ExperimentBlock*>& blocks,
                                      const search::ReferencePair& pair) {
  const auto reward = search::power_law_reward(pair.reward_target, pair.objectives[1].direction);
  const search::Evaluation* best_acc = nullptr;
  const search::Evaluation* best_reward = nullptr;
  for (const ExperimentBlock* b : blocks) {
    for (const auto& e : b->summary.front) {
      if (!best_acc || e.values[0] > best_acc->values[0]) best_acc = &e;
      if (!best_reward || reward(e.values) > reward(best_reward->values)) best_reward = &e;
    }
  }
  std::vector<search::Evaluation> out;
  if (best_acc) out.push_back(*best_acc);
  if (best_reward && best_reward->arch != best_acc->arch) out.push_back(*best_reward);
  return out;
}

void find_architectures(const Benchmark& bench, ExperimentSummary& s) {
  for (const auto& b : s.uni) {
    s.found.push_back(
        {fmt::format("accuracy / {} (seed {})", b.summary.algorithm, b.summary.best_seed),
         describe(bench, b.summary.best.arch)});
  }
  for (const auto& pair : s.pairs) {
    const auto& t = pair.objectives[1].name;
    for (const auto& e : picks(blocks_of(s.bi, t), pair)) {
      s.found.push_back({"accuracy," + t, describe(bench, e.arch)});
    }
  }
  s.found.push_back({"EfficientNet-B0", describe(bench, space::Architecture::efficientnet_b0())});
}

std::string p_text(double p) {
  return p < 1e-6 ? std::string("< 1e-6") : fmt::format("{:.2g}", p);
}

}  // namespace

void ExperimentOptions::validate() const {
  if (seeds == 0) throw std::invalid_argument("seeds: got 0; need at least 1");
  if (budget == 0) throw std::invalid_argument("budget: got 0; need at least 1");
  if (bi_budget == 0) throw std::invalid_argument("bi_budget: got 0; need at least 1");
}

std::vector<std::string> ExperimentSummary::targets() const {
  std::vector<std::string> out;
  for (const auto& p : pairs) out.push_back(p.objectives[1].name);
  return out;
}

double ExperimentSummary::evaluations_per_second() const {
  return static_cast<double>(evaluations) / std::max(seconds, 1e-9);
}

nlohmann::json ExperimentSummary::to_json() const {
  nlohmann::json j;
  j["seeds"] = options.seeds;
  j["seconds"] = seconds;
  j["evaluations"] = evaluations;
  j["evaluations_per_second"] = evaluations_per_second();
  j["cpu_seconds"] = cpu_seconds;
  j["best_measured_accuracy"] = kBestMeasuredAccuracy;
  for (const auto& b : uni) j["uni"][b.summary.algorithm] = search::summary_json(b.summary);
  for (const auto& b : bi) j["bi"][b.target][b.summary.algorithm] = search::summary_json(b.summary);
  return j;
}

ExperimentSummary run_experiment(const Benchmark& bench, const ExperimentOptions& options) {
  options.validate();
  ExperimentSummary s;
  s.options = options;
  const auto ref = options.hv_reference ? search::HypervolumeReference::load(*options.hv_reference)
                                        : search::default_reference();
  const std::vector<search::Objective> acc = {{"accuracy", data::Direction::kMaximize}};
  check_targets(bench, {"accuracy"});
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (auto alg : {search::Algorithm::kRandomSearch, search::Algorithm::kRegularizedEvolution,
                   search::Algorithm::kReinforce, search::Algorithm::kLocalSearch}) {
    search::SearchOptions o;
    o.algorithm = alg;
    o.budget = options.budget;
    s.uni.push_back(run_block(benchmark_problems(bench, acc, {}, false), o, options, ""));
  }
  s.pairs = device_pairs(bench, ref, options.latency);
  for (const auto& pair : s.pairs) {
    for (auto alg : {search::Algorithm::kRandomSearch, search::Algorithm::kReinforce,
                     search::Algorithm::kNsga2}) {
      search::SearchOptions o;
      o.algorithm = alg;
      o.budget = options.bi_budget;
      o.reinforce.reward =
          search::power_law_reward(pair.reward_target, pair.objectives[1].direction);
      s.bi.push_back(run_block(benchmark_problems(bench, pair.objectives, pair.bounds, false), o,
                               options, pair.objectives[1].name));
    }
  }
  s.seconds = seconds_since(start);
  s.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  for (const auto* blocks : {&s.uni, &s.bi}) {
    for (const auto& b : *blocks) s.evaluations += b.evaluations;
  }
  compare_with_random(blocks_of(s.uni, ""), s.versus_random);
  for (const auto& t : s.targets()) compare_with_random(blocks_of(s.bi, t), s.versus_random);
  find_architectures(bench, s);
  return s;
}

std::string experiment_report(const ExperimentSummary& s, const std::string& models) {
  const ExperimentOptions& o = s.options;
  std::ostringstream md;
  md << "# NAS on the surrogate benchmark\n\n";
  md << fmt::format(
      "Models: `{}`. Seeds {}..{} ({} per algorithm); uni-objective budget {} "
      "evaluations, bi-objective budget {}. Surrogate ensemble means (no noise).\n\n",
      models, o.first_seed, o.first_seed + o.seeds - 1, o.seeds, o.budget, o.bi_budget);
  md << fmt::format(
      "Whole suite (after loading the models): {} evaluations in {:.2f} s wall = "
      "**{:.0f} evaluations/s** (threads: {}); {:.2f} CPU-s over all threads = "
      "{:.0f} evaluations per CPU-second.\n\n",
      s.evaluations, s.seconds, s.evaluations_per_second(),
      o.threads == 0 ? std::string("all cores") : std::to_string(o.threads), s.cpu_seconds,
      static_cast<double>(s.evaluations) / std::max(s.cpu_seconds, 1e-9));
  md << "## Uni-objective: best predicted accuracy\n\n";
  md << fmt::format(
      "| algorithm | best predicted accuracy (%), mean ± std over {} seeds | best "
      "found (%) | best measured in the data (%) | s |\n|---|---|---|---|---|\n",
      o.seeds);
  for (const auto& b : s.uni) {
    md << fmt::format("| {} | {:.3f} ± {:.3f} | {:.3f} | {:.2f} | {:.2f} |\n", b.summary.algorithm,
                      b.summary.final_progress.mean, b.summary.final_progress.std,
                      b.summary.best.values[0], kBestMeasuredAccuracy, b.seconds);
  }
  md << "\nDo they beat random search at equal budget? (one-sided Welch test on the final best "
        "values, normal approximation)\n\n| algorithm | mean − RS (pp) | p | beats RS (p < 0.05) "
        "|\n|---|---|---|---|\n";
  for (const auto& v : s.versus_random) {
    if (!v.target.empty()) continue;
    md << fmt::format("| {} | {:+.3f} | {} | {} |\n", v.algorithm, v.difference, p_text(v.p),
                      v.beats() ? "yes" : "no");
  }
  md << "\n![best predicted accuracy so far](accuracy_progress.png)\n\n";
  md << "## Bi-objective: hypervolume (normalised, config/hypervolume_reference.json)\n\n";
  md << "| device target | rs | reinforce | nsga2 |\n|---|---|---|---|\n";
  const auto targets = s.targets();
  for (const auto& t : targets) {
    md << "| " << t;
    for (const auto* b : blocks_of(s.bi, t)) {
      md << fmt::format(" | {:.4f} ± {:.4f}", b->summary.final_progress.mean,
                        b->summary.final_progress.std);
    }
    md << " |\n";
  }
  md << "\nHypervolume gain over RS at equal budget (one-sided Welch test, p < 0.05 = beats RS). "
        "REINFORCE maximises the scalar reward acc·(T/T0)^0.07 (latency: (T0/T)), so it "
        "concentrates on one region of the front rather than covering all of it.\n\n"
        "| device target | reinforce − rs | beats RS | nsga2 − rs | beats RS |\n"
        "|---|---|---|---|---|\n";
  for (const auto& t : targets) {
    md << "| " << t;
    for (const auto& v : s.versus_random) {
      if (v.target == t)
        md << fmt::format(" | {:+.4f} | {}", v.difference, v.beats() ? "yes" : "no");
    }
    md << " |\n";
  }
  md << "\n";
  for (const auto& t : targets) {
    md << fmt::format("![{0} front]({0}_front.png) ![{0} hypervolume]({0}_hypervolume.png)\n\n", t);
  }
  md << "## Found architectures (all predicted metrics)\n\n```\n";
  for (const auto& f : s.found) md << f.label << ": " << f.description << "\n";
  md << "```\n";
  return md.str();
}

std::vector<std::string> write_experiment_folder(const std::filesystem::path& out,
                                                 const ExperimentSummary& s, const Benchmark& bench,
                                                 const std::string& models) {
  std::vector<std::string> warnings;
  std::vector<search::Summary> uni;
  for (const auto& b : s.uni) uni.push_back(b.summary);
  io::try_plot(out / "accuracy_progress.png", warnings, [&] {
    search::write_progress_plot(out / "accuracy_progress.png", uni,
                                fmt::format("best predicted accuracy ({} seeds)", s.options.seeds));
  });
  for (const auto& pair : s.pairs) {
    const auto& t = pair.objectives[1].name;
    std::vector<search::Summary> bi;
    for (const auto* b : blocks_of(s.bi, t)) bi.push_back(b->summary);
    io::try_plot(out / (t + "_front.png"), warnings, [&] {
      search::write_front_plot(
          out / (t + "_front.png"), bi, {efficientnet_mark(bench, pair.objectives)},
          fmt::format("accuracy vs {}: fronts over {} seeds", t, s.options.seeds));
    });
    io::try_plot(out / (t + "_hypervolume.png"), warnings, [&] {
      search::write_progress_plot(out / (t + "_hypervolume.png"), bi,
                                  fmt::format("hypervolume, accuracy vs {}", t));
    });
  }
  io::write_file_atomic(out / "report.md", experiment_report(s, models));
  io::write_file_atomic(out / "summary.json", s.to_json().dump(1) + "\n");
  return warnings;
}

}  // namespace anb::surrogate
