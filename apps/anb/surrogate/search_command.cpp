// `anb search`: run one NAS algorithm on the surrogate benchmark over several seeds.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "anb/surrogate/train_cost.h"
#include "anb/search/output.h"
#include "command.h"
#include "search_cli.h"
#include "surrogate_cli.h"

namespace anb::cli {
namespace {

struct SearchArgs {
  std::string models;
  std::string algorithm;
  std::vector<std::string> objectives{"accuracy"};
  std::int64_t budget = 600;  // signed: -5 gets the same message as in Python
  std::size_t seeds = 10;
  std::uint64_t first_seed = 0;
  std::string out;
  bool noise = false;
  bool json = false;
  bool force = false;
  unsigned threads = 0;
  std::string hv_reference;
  std::size_t population = 0;  // 0: the algorithm's default
  double learning_rate = 0.0;  // 0: the default
  std::string ls_strategy = "first";
  double train_budget = 0.0;  // seconds of simulated training; 0: no such budget
};

// Simulated training cost per seed (sum of predicted train_time over its evaluations); with a
// training-cost budget, each run is cut where that budget is spent.
struct TrainCost {
  bool known = false;
  std::vector<double> per_seed;
  std::size_t exhausted = 0;  // seeds whose evaluation budget ran out within the cost budget
};

TrainCost price_runs(const surrogate::Benchmark& bench, std::vector<search::Result>& results,
                     const SearchArgs& a, const std::vector<search::Objective>& objectives,
                     const std::vector<search::ObjectiveBounds>& bounds) {
  TrainCost cost;
  if (!bench.has_target(surrogate::kTrainCostTarget)) return cost;
  cost.known = true;
  for (auto& r : results) {
    std::vector<double> c = surrogate::cumulative_train_cost(bench, r);
    if (a.train_budget > 0.0) {
      if (c.back() <= a.train_budget) ++cost.exhausted;
      r = surrogate::cut_at_train_cost(r, c, a.train_budget, objectives, bounds);
      c.resize(r.history.size());
    }
    cost.per_seed.push_back(c.empty() ? 0.0 : c.back());
  }
  return cost;
}

void print_cost(const TrainCost& cost, std::size_t evaluations, const SearchArgs& a) {
  if (!cost.known) return;
  double sum = 0.0;
  for (double c : cost.per_seed) sum += c;
  const double mean = sum / static_cast<double>(cost.per_seed.size());
  std::cout << fmt::format(
      "  simulated training cost {:.0f} s = {:.1f} node-hours per seed ({:.1f} evaluations per "
      "seed; sum of predicted train_time){}\n",
      mean, mean / 3600.0,
      static_cast<double>(evaluations) / static_cast<double>(cost.per_seed.size()),
      a.train_budget > 0.0 ? fmt::format(", budget {:.0f} s", a.train_budget) : "");
}

search::SearchOptions make_options(const SearchArgs& a) {
  search::SearchOptions o;
  o.algorithm = search::parse_algorithm(a.algorithm);
  if (a.budget < 1) {
    throw std::invalid_argument(fmt::format("budget: got {}; need at least 1", a.budget));
  }
  o.budget = static_cast<std::size_t>(a.budget);
  if (a.population > 0) {
    o.re.population = a.population;
    o.nsga2.population = a.population;
  }
  if (a.learning_rate > 0.0) o.reinforce.learning_rate = a.learning_rate;
  o.ls.strategy = search::parse_climb_strategy(a.ls_strategy);
  return o;
}

// Front rows printed to the terminal (all of them are in <algorithm>/front.csv).
constexpr std::size_t kFrontRowsShown = 10;

void print_text(const search::Summary& s, double seconds, std::size_t evaluations) {
  const auto& o = s.objectives;
  if (o.size() == 1) {
    std::cout << fmt::format("{}: {} seeds x {} evaluations, {} {}imised\n", s.algorithm, s.seeds,
                             s.budget, o[0].name, search::direction_name(o[0].direction));
    std::cout << fmt::format("  final best  {:.4f} +- {:.4f} (mean +- std over seeds)\n",
                             s.final_progress.mean, s.final_progress.std);
    std::cout << fmt::format("  best found  {:.4f}  {}  (seed {})\n", s.best.values[0],
                             s.best.arch.to_string(), s.best_seed);
  } else {
    std::cout << fmt::format("{}: {} seeds x {} evaluations, {} vs {}\n", s.algorithm, s.seeds,
                             s.budget, o[0].name, o[1].name);
    std::cout << fmt::format("  hypervolume {:.5f} +- {:.5f} (mean +- std over seeds)\n",
                             s.final_progress.mean, s.final_progress.std);
    std::cout << fmt::format("  front over all seeds: {} architectures (all in {})\n",
                             s.front.size(), "front.csv");
    std::cout << search::front_table(s.front, s.objectives, kFrontRowsShown);
  }
  std::cout << fmt::format("  {} evaluations in {:.3f} s ({:.0f} evaluations/s)\n", evaluations,
                           seconds, static_cast<double>(evaluations) / std::max(seconds, 1e-9));
}

// The hypervolume box of a pair: from --hv-reference when given (the pair must be in it), else
// from the shipped file, else (a pair of a new device or dataset) estimated from the models.
search::ReferencePair reference_pair(const std::string& file, const surrogate::Benchmark& bench,
                                     const std::vector<search::Objective>& objectives) {
  const auto path = file.empty() ? search::default_reference_path() : std::filesystem::path(file);
  const auto reference = search::HypervolumeReference::load(path);
  if (!file.empty()) return reference.pair(objectives[0].name, objectives[1].name);
  if (const auto* pair = reference.find(objectives[0].name, objectives[1].name)) return *pair;
  search::ReferencePair pair = surrogate::estimated_reference(bench, objectives);
  std::cerr << fmt::format(
      "note: no hypervolume reference for ({}, {}) in {}; using the range of the models' "
      "predictions over {} random architectures, widened by half its width: reference ({:.6g}, "
      "{:.6g}), ideal ({:.6g}, {:.6g}) (hypervolumes compare runs on these models only)\n",
      objectives[0].name, objectives[1].name, path.string(), surrogate::kEstimatedReferenceSamples,
      pair.bounds[0].reference, pair.bounds[1].reference, pair.bounds[0].ideal,
      pair.bounds[1].ideal);
  return pair;
}

void run(const SearchArgs& a) {
  // Everything that can be checked without the models first.
  if (a.train_budget < 0.0) {
    throw std::invalid_argument(
        fmt::format("--train-budget = {}: must be > 0 (seconds; 0 = none)", a.train_budget));
  }
  const search::SearchOptions options = make_options(a);
  const auto names = split_names(a.objectives);
  if (names.empty() || names.size() > 2) make_objectives(names);  // throws: one or two targets
  options.validate(names.size());
  if (a.seeds == 0) throw std::invalid_argument("--seeds: got 0; need at least 1");
  search::check_output_folder(a.out, a.force);  // before the search, not after it
  search::SearchOptions run_options = options;
  const auto bench = surrogate::Benchmark::load(a.models);
  surrogate::check_targets(bench, names);  // lists the models' targets for a wrong name
  const auto objectives = make_objectives(names);
  std::vector<search::ObjectiveBounds> bounds;
  if (objectives.size() == 2) {
    const search::ReferencePair pair = reference_pair(a.hv_reference, bench, objectives);
    bounds = pair.bounds;
    run_options.reinforce.reward =
        search::power_law_reward(pair.reward_target, objectives[1].direction);
  }

  if (a.train_budget > 0.0 && !bench.has_target(surrogate::kTrainCostTarget)) {
    throw std::invalid_argument("--train-budget: the models in " + a.models +
                                " have no train_time target (refit with `anb fit`)");
  }
  const auto start = std::chrono::steady_clock::now();
  auto results =
      search::run_seeds(surrogate::benchmark_problems(bench, objectives, bounds, a.noise),
                        run_options, search::seed_range(a.first_seed, a.seeds), a.threads);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const TrainCost cost = price_runs(bench, results, a, objectives, bounds);
  if (cost.exhausted > 0) {
    std::cerr << fmt::format(
        "anb: note: {} of {} seeds used all --budget {} evaluations before spending the "
        "training-cost budget; raise --budget to let the cost budget decide\n",
        cost.exhausted, results.size(), a.budget);
  }
  std::size_t evaluations = 0;
  for (const auto& r : results) evaluations += r.history.size();

  const std::filesystem::path out(a.out);
  search::FolderOptions folder;
  folder.force = a.force;
  folder.extra = {
      {"noise", a.noise},
      {"first_seed", a.first_seed},
      {"evaluations", evaluations},
      {"seconds", seconds},
      {"evaluations_per_second", static_cast<double>(evaluations) / std::max(seconds, 1e-9)}};
  if (cost.known) {
    double sum = 0.0;
    for (double c : cost.per_seed) sum += c;
    folder.extra["train_cost_seconds"] = {
        {"mean", sum / static_cast<double>(cost.per_seed.size())}, {"per_seed", cost.per_seed}};
  }
  if (a.train_budget > 0.0) folder.extra["train_budget_seconds"] = a.train_budget;
  if (objectives.size() == 2) folder.marks = {efficientnet_mark(bench, objectives)};
  const search::FolderReport report = search::write_search_folder(out, results, folder);
  for (const auto& w : report.warnings) std::cerr << "anb: warning: " << w << "\n";
  const nlohmann::json& j = report.summary_json;
  if (a.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    print_text(report.summary, seconds, evaluations);
    print_cost(cost, evaluations, a);
    std::cout << "  wrote " << out.string() << "\n";
  }
}

void setup(CLI::App& app) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Run a NAS algorithm on the surrogate benchmark over several seeds");
  cmd->add_option("--models", args->models, "model directory (from anb fit; default $ANB_MODELS)")
      ->envname("ANB_MODELS")
      ->required();
  cmd->add_option("--algorithm", args->algorithm, "rs, re, reinforce, ls or nsga2")->required();
  cmd->add_option("--objectives", args->objectives,
                  "accuracy, any single TARGET, or accuracy,TARGET for a bi-objective search")
      ->default_val("accuracy");
  cmd->add_option("--budget", args->budget, "evaluations per seed")->default_val(600);
  cmd->add_option("--seeds", args->seeds, "number of seeds")->default_val(10);
  cmd->add_option("--first-seed", args->first_seed, "seeds are first..first+seeds-1")
      ->default_val(0);
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_flag("--noise", args->noise,
                "draw each evaluation from N(mean, std^2) of the ensemble (per-seed stream)");
  cmd->add_option("--train-budget", args->train_budget,
                  "stop each seed's search once the simulated training cost (sum of predicted "
                  "train_time, seconds) would exceed this; --budget stays the evaluation cap "
                  "(needs a train_time target)")
      ->default_val(0);
  cmd->add_flag("--json", args->json, "print the summary JSON");
  cmd->add_flag("--force", args->force,
                "replace the run that --out already holds (the folder is cleared first)");
  cmd->add_option("--threads", args->threads, "threads over seeds (0: all cores)")->default_val(0);
  cmd->add_option("--hv-reference", args->hv_reference,
                  "hypervolume reference JSON (default: config/hypervolume_reference.json)");
  cmd->add_option("--population", args->population,
                  "population of re (default 20) and nsga2 (default 40)");
  cmd->add_option("--learning-rate", args->learning_rate, "Adam step of reinforce (default 0.1)");
  cmd->add_option("--ls-strategy", args->ls_strategy, "local search: first or best improvement")
      ->default_val("first");
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(60, setup);

}  // namespace
}  // namespace anb::cli
