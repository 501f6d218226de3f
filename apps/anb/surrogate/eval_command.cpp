// `anb eval`: quality of fitted surrogates on dataset records.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "../cli_checks.h"
#include "anb/io/plot.h"
#include "anb/surrogate/fit.h"
#include "command.h"
#include "surrogate_cli.h"

namespace anb::cli {
namespace {

struct EvalArgs {
  std::string models;
  std::vector<std::string> data;
  std::vector<std::string> records;
  std::vector<std::string> targets;
  bool json = false;
  std::string plots;
};

nlohmann::json metrics_json(const stats::RegressionMetrics& m) {
  return {{"n", m.n},     {"r2", m.r2},    {"kendall_tau", m.kendall_tau}, {"spearman", m.spearman},
          {"mae", m.mae}, {"rmse", m.rmse}};
}

void print_table(const std::vector<surrogate::TargetValidation>& results) {
  std::cout << fmt::format("{:<18} {:>5} | {:>7} {:>7} {:>7} {:>9} {:>9} | {:>7} {:>7}\n", "target",
                           "n", "R2", "tau", "rho", "MAE", "RMSE", "1-R2", "1-tau");
  for (const auto& v : results) {
    const auto& e = v.ensemble;
    std::cout << fmt::format(
        "{:<18} {:>5} | {:>7.4f} {:>7.4f} {:>7.4f} {:>9.4g} {:>9.4g} | {:>7.4f} {:>7.4f}\n",
        v.target, e.n, e.r2, e.kendall_tau, e.spearman, e.mae, e.rmse, v.single_mean.r2,
        v.single_mean.kendall_tau);
  }
  std::cout << "(ensemble mean; 1-R2 / 1-tau: mean over single members)\n";
}

void print_intervals(const std::vector<surrogate::TargetValidation>& results) {
  bool header = false;
  for (const auto& v : results) {
    if (v.intervals.empty()) {
      std::cout << fmt::format("{:<18} no calibrated intervals (refit with `anb fit`)\n", v.target);
      continue;
    }
    if (!header) {
      std::cout << fmt::format("\n{:<18} {:>5} | {:>8} {:>11} {:>11} {:>6}\n", "target", "level",
                               "coverage", "mean width", "const width", "ratio");
      header = true;
    }
    for (const auto& q : v.intervals) {
      std::cout << fmt::format("{:<18} {:>5g} | {:>8.3f} {:>11.4g} {:>11.4g} {:>6.3f}\n", v.target,
                               q.level, q.coverage, q.mean_width, q.constant_width,
                               q.constant_width > 0 ? q.mean_width / q.constant_width : 0.0);
    }
  }
  if (header) {
    std::cout << "(calibrated intervals; const width: the constant-width interval with the same "
                 "coverage on these records; ratio < 1: narrower)\n";
  }
}

void print_noise_floor(const std::vector<surrogate::TargetValidation>& results) {
  bool header = false;
  for (const auto& v : results) {
    if (!v.noise_floor) continue;
    if (!header) {
      std::cout << fmt::format("\n{:<18} | {:>9} {:>9} {:>9} {:>6} | {:>7} {:>11}\n", "target",
                               "RMSE", "noise", "excess", "share", "tau", "tau ceiling");
      header = true;
    }
    const auto& f = *v.noise_floor;
    std::cout << fmt::format("{:<18} | {:>9.4g} {:>9.4g} {:>9.4g} {:>6.2f} | {:>7.4f} {:>11.4f}\n",
                             v.target, v.ensemble.rmse, f.noise_rms, f.excess_rmse, f.noise_share,
                             v.ensemble.kendall_tau, f.tau_ceiling);
  }
  if (header) {
    std::cout << "(noise: the noise model's spread of one run / measurement at these records; "
                 "excess: the error left beside it; tau ceiling: a perfect predictor's tau "
                 "against one run)\n";
  }
}

void write_plots(const std::vector<surrogate::TargetValidation>& results, const std::string& dir) {
  for (const auto& v : results) {
    io::PlotOptions options;
    options.title = fmt::format("{}: n = {}, R2 = {:.4f}, Kendall tau = {:.4f}", v.target,
                                v.ensemble.n, v.ensemble.r2, v.ensemble.kendall_tau);
    options.xlabel = "measured";
    options.ylabel = "predicted (ensemble mean)";
    options.identity_line = true;
    options.width = 800;
    options.height = 800;
    io::PlotSeries points{v.target, v.measured, v.predicted, {}, {}, io::PlotStyle::kPoints, 0.6};
    const std::string png = (std::filesystem::path(dir) / (v.target + ".png")).string();
    io::write_plot_png(png, {points}, options);
    std::cerr << "wrote " << png << "\n";
  }
}

void run(const EvalArgs& args) {
  const LoadedData loaded = load_data(args.data);
  const data::Dataset records = split_or_all(loaded, args.records, "val", true);
  const auto results = surrogate::evaluate_models(args.models, records, split_names(args.targets));
  if (args.json) {
    nlohmann::json out{{"records", records.size()}, {"targets", nlohmann::json::object()}};
    for (const auto& v : results) {
      nlohmann::json t = metrics_json(v.ensemble);
      t["members"] = metrics_json(v.single_mean);
      if (!v.intervals.empty()) {
        nlohmann::json coverage = nlohmann::json::object(), width = nlohmann::json::object(),
                       constant = nlohmann::json::object();
        for (const auto& q : v.intervals) {
          const std::string key = fmt::format("{:g}", q.level);
          coverage[key] = q.coverage;
          width[key] = q.mean_width;
          constant[key] = q.constant_width;
        }
        t["coverage"] = coverage;
        t["interval_width"] = width;
        t["constant_width"] = constant;
      }
      if (v.noise_floor) t["noise_floor"] = v.noise_floor->to_json();
      out["targets"][v.target] = t;
    }
    std::cout << out.dump(1) << "\n";
  } else {
    std::cout << fmt::format("{} records\n", records.size());
    print_table(results);
    print_intervals(results);
    print_noise_floor(results);
  }
  if (!args.plots.empty()) write_plots(results, args.plots);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd =
      app.add_subcommand("eval", "Measure fitted surrogates on dataset records (R2, tau, ...)");
  add_models_option(cmd, args->models,
                    "model directory written by `anb fit` (default $ANB_MODELS)");
  cmd->add_option("--data", args->data, "dataset(s), joined by architecture (default: $ANB_DATA)");
  cmd->add_option("--records", args->records,
                  "list of record ids to use; repeat to join lists (default: splits/val.txt beside "
                  "the data, else all)");
  cmd->add_option("--targets", args->targets, "targets, comma separated (default: all)");
  cmd->add_flag("--json", args->json, "print JSON");
  cli::add_output(cmd, "--plots", args->plots, "write a predicted-vs-measured PNG per target here");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_eval_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
