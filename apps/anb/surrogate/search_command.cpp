// `anb search`: run one NAS algorithm on the surrogate benchmark over several seeds.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "anb/search/output.h"
#include "anb/search/report.h"
#include "anb/surrogate/search_setup.h"
#include "command.h"
#include "flag_names.h"
#include "surrogate_cli.h"
#include "../cli_checks.h"

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
  std::optional<std::size_t> population;  // none: the algorithm's default
  std::optional<double> learning_rate;    // none: the default
  std::string ls_strategy = "first";
  double train_budget = 0.0;  // seconds of simulated training; 0: no such budget
};

void print_cost(const surrogate::SearchRuns& runs, const SearchArgs& a) {
  if (!runs.train_cost_known) return;
  double sum = 0.0;
  for (double c : runs.train_cost) sum += c;
  const double mean = sum / static_cast<double>(runs.train_cost.size());
  std::cout << fmt::format(
      "  simulated training cost {:.0f} s = {:.1f} node-hours per seed ({:.1f} evaluations per "
      "seed; sum of predicted train_time){}\n",
      mean, mean / 3600.0,
      static_cast<double>(runs.evaluations) / static_cast<double>(runs.train_cost.size()),
      a.train_budget > 0.0 ? fmt::format(", budget {:.0f} s", a.train_budget) : "");
}

// Library field -> flag, for messages.
const FlagNames kFlags = {{"budget", "--budget"},
                          {"objectives", "--objectives"},
                          {"population", "--population"},
                          {"learning_rate", "--learning-rate"},
                          {"train_budget", "--train-budget"}};

surrogate::SearchSpec spec_of(const SearchArgs& a) {
  surrogate::SearchSpec s;
  s.algorithm = a.algorithm;
  s.objectives = split_names(a.objectives);
  s.budget = a.budget;
  s.population = a.population;
  s.learning_rate = a.learning_rate;
  s.ls_strategy = a.ls_strategy;
  if (!a.hv_reference.empty()) s.hv_reference = a.hv_reference;
  s.noise = a.noise;
  s.train_budget = a.train_budget;
  if (a.seeds == 0) throw std::invalid_argument("--seeds: got 0; need at least 1");
  s.seeds = search::seed_range(a.first_seed, a.seeds);
  s.threads = a.threads;
  return s;
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

void run(const SearchArgs& a) {
  const surrogate::SearchSpec spec = spec_of(a);
  with_flag_names(kFlags, [&] { spec.validate(); });  // what can be checked without the models
  search::check_output_folder(a.out, a.force);        // before the search, not after it
  const auto bench = surrogate::Benchmark::load(a.models);
  const surrogate::SearchSetup setup =
      with_flag_names(kFlags, [&] { return surrogate::make_search_setup(spec, &bench); });
  if (!setup.box_note.empty()) std::cerr << "anb: note: " << setup.box_note << "\n";
  const surrogate::SearchRuns runs =
      with_flag_names(kFlags, [&] { return surrogate::run_search_setup(setup, bench); });
  if (runs.budget_exhausted > 0) {
    std::cerr << fmt::format(
        "anb: note: {} of {} seeds used all --budget {} evaluations before spending the "
        "training-cost budget; raise --budget to let the cost budget decide\n",
        runs.budget_exhausted, runs.results.size(), a.budget);
  }

  const std::filesystem::path out(a.out);
  search::FolderOptions folder;
  folder.force = a.force;
  folder.extra = {{"noise", a.noise},
                  {"first_seed", a.first_seed},
                  {"evaluations", runs.evaluations},
                  {"seconds", runs.seconds},
                  {"evaluations_per_second",
                   static_cast<double>(runs.evaluations) / std::max(runs.seconds, 1e-9)}};
  if (runs.train_cost_known) {
    double sum = 0.0;
    for (double c : runs.train_cost) sum += c;
    folder.extra["train_cost_seconds"] = {
        {"mean", sum / static_cast<double>(runs.train_cost.size())}, {"per_seed", runs.train_cost}};
  }
  if (a.train_budget > 0.0) folder.extra["train_budget_seconds"] = a.train_budget;
  if (setup.objectives.size() == 2)
    folder.marks = {surrogate::efficientnet_mark(bench, setup.objectives)};
  const search::FolderReport report = search::write_search_folder(out, runs.results, folder);
  for (const auto& w : report.warnings) std::cerr << "anb: warning: " << w << "\n";
  if (a.json) {
    std::cout << report.summary_json.dump(2) << "\n";
  } else {
    print_text(report.summary, runs.seconds, runs.evaluations);
    print_cost(runs, a);
    std::cout << "  wrote " << out.string() << "\n";
  }
}

void setup(CLI::App& app) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Run a NAS algorithm on the surrogate benchmark over several seeds");
  add_models_option(cmd, args->models, "model directory (from anb fit; default $ANB_MODELS)");
  cmd->add_option("--algorithm", args->algorithm, "rs, re, reinforce, ls or nsga2")->required();
  cmd->add_option("--objectives", args->objectives,
                  "accuracy, any single TARGET, or accuracy,TARGET for a bi-objective search")
      ->default_val("accuracy");
  // Signed and checked by the library (1..10^7): -5 gets the same message as in Python.
  cmd->add_option("--budget", args->budget, "evaluations per seed")->default_val(600);
  cmd->add_option("--seeds", args->seeds, "number of seeds")->default_val(10)
      ->check(cli::count(1, 100000));
  cmd->add_option("--first-seed", args->first_seed, "seeds are first..first+seeds-1")
      ->default_val(0)
      ->check(cli::seed());
  cli::add_output(cmd, "--out", args->out, "output folder")->required();
  cmd->add_flag("--noise", args->noise,
                "draw each evaluation from N(mean, std^2) of the ensemble (per-seed stream)");
  cmd->add_option("--train-budget", args->train_budget,
                  "stop each seed's search once the simulated training cost (sum of predicted "
                  "train_time, seconds) would exceed this; --budget stays the evaluation cap "
                  "(needs a train_time target)")
      ->default_val(0)
      ->check(cli::finite());
  cmd->add_flag("--json", args->json, "print the summary JSON");
  cmd->add_flag("--force", args->force,
                "replace the run that --out already holds (the folder is cleared first)");
  cmd->add_option("--threads", args->threads, "threads over seeds (0: all cores)")->default_val(0)
      ->check(cli::count(0, cli::kMaxThreads));
  cmd->add_option("--hv-reference", args->hv_reference,
                  "hypervolume reference JSON that holds the pair (default: the built-in "
                  "config/hypervolume_reference.json or $ANB_HV_REFERENCE, else a box estimated "
                  "from the models)");
  cmd->add_option("--population", args->population,
                  "population of re (default 20) and nsga2 (default 40)")
      ->check(cli::count(0, 100000));
  cmd->add_option("--learning-rate", args->learning_rate, "Adam step of reinforce (default 0.1)")
      ->check(cli::finite());
  cmd->add_option("--ls-strategy", args->ls_strategy, "local search: first or best improvement")
      ->default_val("first");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_search_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
