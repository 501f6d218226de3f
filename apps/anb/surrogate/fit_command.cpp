// `anb fit`: fit one XGBoost ensemble per target and write a model directory.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "../cli_checks.h"
#include "anb/data/dataset.h"
#include "anb/surrogate/few_shot_fit.h"
#include "anb/surrogate/fit.h"
#include "anb/surrogate/model_dir.h"
#include "anb/surrogate/prior.h"
#include "command.h"
#include "surrogate_cli.h"

namespace anb::cli {
namespace {

struct FitArgs {
  std::vector<std::string> data;
  std::vector<std::string> train_list;
  std::vector<std::string> val_list;
  double val_fraction = 0.2;
  std::vector<std::string> targets;
  int members = 0;
  std::uint64_t seed = 1;
  int threads = 2;
  std::string config;
  std::string out;
  std::string prior_models;
  std::string prior_target = "throughput_a100";
  std::string seed_runs;
  std::string calibration_folds = "measured";
  int factor_folds = 3;
  std::string spread_model = "stumps";
  bool json = false;
  bool no_progress = false;
  bool few_shot = false;
  std::string few_shot_method = "shrunk_trees";
  std::size_t distill_archs = 4000;
};

void print_summary(const surrogate::FitSummary& s, const std::string& out) {
  std::cout << fmt::format(
      "{:<18} {:>7} {:>7} {:>7} | {:>4} {:>7} {:>7} {:>7} {:>9} {:>9} | {:>7}\n", "target",
      "members", "rounds", "fit s", "n", "R2", "tau", "rho", "MAE", "RMSE", "1-tau");
  for (const auto& t : s.manifest.targets) {
    double rounds = 0;
    for (const auto& m : t.members) rounds += m.rounds;
    rounds /= static_cast<double>(t.members.size());
    std::cout << fmt::format("{:<18} {:>7} {:>7.0f} {:>7.1f} | ", t.name, t.members.size(), rounds,
                             t.fit_seconds);
    if (t.validation.contains("ensemble")) {
      const auto& e = t.validation["ensemble"];
      std::cout << fmt::format("{:>4} {:>7.4f} {:>7.4f} {:>7.4f} {:>9.4g} {:>9.4g} | {:>7.4f}\n",
                               e["n"].get<int>(), e["r2"].get<double>(),
                               e["kendall_tau"].get<double>(), e["spearman"].get<double>(),
                               e["mae"].get<double>(), e["rmse"].get<double>(),
                               t.validation["single_mean"]["kendall_tau"].get<double>());
    } else {
      std::cout << "(no validation records)\n";
    }
  }
  std::cout << fmt::format("wrote {} ({:.1f} MB of models) in {:.1f} s\n", out,
                           static_cast<double>(s.bytes) / 1e6, s.seconds);
}

// The records to fit on and to report quality on: the lists given or found beside the data;
// without any list, a seeded random --val-fraction of the records is held out.
std::pair<data::Dataset, data::Dataset> train_and_val(const LoadedData& loaded,
                                                      const FitArgs& args) {
  if (!(args.val_fraction >= 0.0 && args.val_fraction <= 0.9)) {
    throw std::invalid_argument(
        fmt::format("--val-fraction = {}: must be in [0, 0.9]", args.val_fraction));
  }
  const bool lists = !args.train_list.empty() || !args.val_list.empty() ||
                     data::default_split_list(loaded.paths.front(), "train") ||
                     data::default_split_list(loaded.paths.front(), "val");
  if (lists || args.val_fraction == 0.0) {
    return {split_or_all(loaded, args.train_list, "train", true),
            split_or_all(loaded, args.val_list, "val", false)};
  }
  std::cerr << fmt::format(
      "no split lists: holding out a random {:.0f} % of the records (seed {}) for validation\n",
      100.0 * args.val_fraction, args.seed);
  return loaded.records.random_split(1.0 - args.val_fraction, args.seed);
}

// Every record of every --data source that has one of `targets`, unmerged (so that an
// architecture measured twice shows up twice).
data::Dataset measurement_records(const LoadedData& loaded,
                                  const std::vector<std::string>& targets) {
  std::vector<data::Record> out;
  for (const auto& path : loaded.paths) {
    const data::Dataset d = loaded.paths.size() == 1 ? loaded.records : data::Dataset::load(path);
    for (const auto& r : d.records()) {
      for (const auto& t : targets) {
        if (r.target(t)) {
          out.push_back(r);
          break;
        }
      }
    }
  }
  return data::Dataset(std::move(out));
}

void run_few_shot(const FitArgs& args, const LoadedData& loaded, const surrogate::FitOptions& fit) {
  if (args.prior_models.empty()) {
    throw std::invalid_argument("--few-shot needs --prior-models (the known devices' surrogates)");
  }
  surrogate::FewShotFitOptions options;
  options.targets = fit.targets;
  options.prior_models = args.prior_models;
  options.few_shot.method = args.few_shot_method;
  options.few_shot.seed = args.seed;
  options.distill_archs = args.distill_archs;
  options.fit = fit;
  std::vector<space::Architecture> archs;
  for (const auto& r : loaded.records.records()) archs.push_back(r.arch);
  const surrogate::FewShotFitSummary s = surrogate::fit_few_shot_models(
      measurement_records(loaded, options.targets), archs, options, args.out);
  if (args.json) {
    std::cout << s.fit.manifest.to_json().dump(1) << "\n";
    return;
  }
  std::cout << fmt::format("{:<18} {:>4} {:<13} {:>14} {:>7} {:>6} | {:<18} {:>8}  {}\n", "target",
                           "N", "method", "held-out tau", "R2", "w10", "ensemble prior", "distill",
                           "leading column");
  for (const auto& t : s.targets) {
    std::cout << fmt::format(
        "{:<18} {:>4} {:<13} {:>7.3f} ±{:.2f} {:>7.3f} {:>5.0f}% | {:<18} {:>8.4f}  {}\n", t.target,
        t.records, t.method, t.cv.kendall_tau, t.tau_standard_error, t.cv.r2, 100.0 * t.cv_within10,
        t.prior.empty() ? "(plain)" : t.prior, t.distill_tau, t.leading);
  }
  for (const auto& t : s.targets) {
    for (const auto& n : t.notes) std::cerr << "anb: note: " << n << "\n";
  }
  std::cout << fmt::format(
      "held-out: {}-fold cross-validation over the measured architectures; distill: tau of the "
      "written ensemble against the few-shot model on {} held-back architectures\nwrote {} in "
      "{:.1f} s\n",
      s.targets.empty() ? 0 : s.targets.front().folds,
      s.fit.validation.empty() ? 0 : s.fit.validation.front().ensemble.n, args.out, s.fit.seconds);
}

void run(const FitArgs& args) {
  surrogate::check_model_dir_target(args.out);  // before loading and fitting, not after
  const LoadedData loaded = load_data(args.data);
  surrogate::FitOptions options;
  options.targets = split_names(args.targets);
  options.members = args.members;
  options.seed = args.seed;
  options.threads = args.threads;
  options.progress = !args.no_progress;
  options.calibration = surrogate::FitOptions::calibration_from_name(args.calibration_folds);
  options.factor_folds = args.factor_folds;
  options.spread_model = surrogate::FitOptions::spread_model_from_name(args.spread_model);
  if (!args.config.empty())
    options.hyperparameters = surrogate::HyperparameterSet::load(args.config);
  for (const auto& p : loaded.paths) options.data_sources.push_back(p.string());
  options.seed_runs = args.seed_runs;
  const auto beside = loaded.paths.front().parent_path() / "proxy_ablation";
  if (args.seed_runs.empty() && std::filesystem::exists(beside / "proxified-seed1.csv")) {
    options.seed_runs = beside;
  }
  if (args.seed_runs == "none") options.seed_runs.clear();
  if (args.few_shot) {
    run_few_shot(args, loaded, options);
    return;
  }
  const auto [train, val] = train_and_val(loaded, args);
  std::cerr << fmt::format("fitting on {} training records, validating on {}\n", train.size(),
                           val.size());
  const surrogate::FitSummary summary =
      args.prior_models.empty()
          ? surrogate::fit_models(train, val, options, args.out)
          : surrogate::fit_models_with_prior(train, val, options,
                                             {args.prior_models, args.prior_target}, args.out);
  if (args.json) {
    nlohmann::json out = summary.manifest.to_json();
    out["bytes"] = summary.bytes;
    out["seconds"] = summary.seconds;
    std::cout << out.dump(1) << "\n";
  } else {
    print_summary(summary, args.out);
  }
  if (summary.validation_also_fitted > 0) {
    std::cerr << fmt::format(
        "anb: note: {} of the {} validation records are also training records: the quality "
        "figures are not held out\n",
        summary.validation_also_fitted, val.size());
  }
}

void setup(CLI::App& app) {
  auto args = std::make_shared<FitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fit", "Fit one XGBoost ensemble per target on dataset records and write a model directory");
  cmd->add_option("--data", args->data,
                  "dataset (folder or .tar.gz); repeat to join records of the same architecture "
                  "(default: $ANB_DATA)");
  cmd->add_option(
      "--train-list", args->train_list,
      "records to fit on; repeat to join lists, e.g. train.txt and val.txt for a final fit "
      "(default: splits/train.txt beside the first --data, else all)");
  cmd->add_option(
      "--val-list", args->val_list,
      "records to report quality on; repeat to join lists (default: splits/val.txt beside "
      "the first --data)");
  cmd->add_option("--val-fraction", args->val_fraction,
                  "without any split list: hold out this seeded random fraction for validation "
                  "(0 = fit on everything)")
      ->default_val(0.2)
      ->check(cli::finite());
  cmd->add_option("--targets", args->targets,
                  "targets to fit, comma separated (default: every target in the data)");
  cmd->add_option("--members", args->members, "members per ensemble (default: per target config)")
      ->check(cli::count(0, 1000));
  cmd->add_option("--seed", args->seed, "seed of the first member")
      ->default_val(1)
      ->check(cli::seed());
  cmd->add_option("--threads", args->threads, "XGBoost threads")
      ->default_val(2)
      ->check(cli::count(0, cli::kMaxThreads));
  cmd->add_option("--config", args->config,
                  "hyperparameter JSON (default: config/surrogate_defaults.json, built in)");
  cmd->add_option("--prior-models", args->prior_models,
                  "few-shot transfer: fit --targets as corrections over --prior-target of this "
                  "model directory, whose targets are copied in (docs/add-a-device.md)");
  cmd->add_option("--prior-target", args->prior_target, "target of --prior-models to build on")
      ->default_val("throughput_a100");
  cmd->add_flag("--few-shot", args->few_shot,
                "few-shot fit of a new device from tens of measurements over every device target "
                "of --prior-models; reports cross-validated quality (docs/add-a-device.md)");
  cmd->add_option("--few-shot-method", args->few_shot_method,
                  "best_prior, stack, stack_trees, shrunk or shrunk_trees")
      ->default_val("shrunk_trees");
  cmd->add_option("--distill-archs", args->distill_archs,
                  "--few-shot: architectures labelled by the few-shot model for the ensemble")
      ->default_val(4000)
      ->check(cli::count(0, 1000000));
  cmd->add_option("--seed-runs", args->seed_runs,
                  "folder of repeated training runs (proxified-seed<k>.csv) to learn the noise "
                  "model of accuracy, val_top5 and train_time from (default: proxy_ablation "
                  "beside the first --data when present; 'none': no such noise model)");
  cmd->add_option("--calibration-folds", args->calibration_folds,
                  "out-of-fold predictions that calibrate the intervals (docs/surrogates.md): "
                  "'measured' (every fold, models fitted only for the calibration predict "
                  "the folds no member holds back; the ensemble factor measured on per-fold "
                  "ensembles), 'all' (every fold; factor from the members' variance), "
                  "'members' (only the folds the members hold back) or 'ensembles' (per-fold "
                  "ensembles' means)")
      ->default_val("measured")
      ->check(CLI::IsMember(surrogate::FitOptions::calibration_names()));
  cmd->add_option("--factor-folds", args->factor_folds,
                  "--calibration-folds measured: folds whose ensembles measure the factor")
      ->default_val(3)
      ->check(cli::count(1, 100));
  cmd->add_option("--spread-model", args->spread_model,
                  "the intervals' spread model (docs/surrogates.md): 'stumps' (the binned "
                  "function of the predicted value times a per-architecture factor, boosted "
                  "stumps over the 28 choices, stored as <target>/spread.json) or 'binned' (the "
                  "predicted value's bins only)")
      ->default_val("stumps")
      ->check(CLI::IsMember(surrogate::FitOptions::spread_model_names()));
  cli::add_output(cmd, "--out", args->out, "model directory to write")->required();
  cmd->add_flag("--json", args->json, "print the manifest as JSON");
  cmd->add_flag("--no-progress", args->no_progress, "no progress bar");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_fit_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
