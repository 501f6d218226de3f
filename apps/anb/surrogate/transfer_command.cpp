// `anb transfer`: the transfer benchmark of few-shot device fits (leave one device out, fit it
// from N measured architectures and the other devices' surrogates, score on the rest).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "../cli_checks.h"
#include "anb/io/atomic_file.h"
#include "anb/io/plot.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/transfer_bench.h"
#include "command.h"
#include "surrogate_cli.h"

namespace anb::cli {
namespace {

struct TransferArgs {
  std::vector<std::string> data;
  std::vector<std::string> train_list;
  std::vector<std::string> val_list;
  std::string prior_models;
  std::string reference_models;
  std::vector<std::size_t> sizes{10, 20, 50, 100, 200};
  std::vector<std::string> methods;
  std::vector<std::string> selections;
  std::vector<std::string> devices;
  surrogate::TransferBenchOptions options;
  bool no_analytic = false;
  std::string plot;
  std::string plot_method = "stack_trees";
  std::string plot_selection = "random";
  std::string json;
  bool markdown = false;
};

nlohmann::json spread_json(const surrogate::DrawSpread& s) {
  return {{"mean", s.mean}, {"std", s.std}, {"min", s.min}};
}

nlohmann::json to_json(const surrogate::TransferBenchResult& r) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : r.cells) {
    cells.push_back({{"device", c.device},
                     {"target", c.target},
                     {"method", c.method},
                     {"selection", c.selection},
                     {"n", c.n},
                     {"draws", c.draws},
                     {"scored", c.scored},
                     {"val_scored", c.val_scored},
                     {"kendall_tau", spread_json(c.tau)},
                     {"spearman", spread_json(c.spearman)},
                     {"r2", spread_json(c.r2)},
                     {"within10", spread_json(c.within10)},
                     {"val_kendall_tau", spread_json(c.val_tau)},
                     {"leading", c.leading}});
  }
  nlohmann::json refs = nlohmann::json::array();
  for (const auto& ref : r.references) {
    refs.push_back({{"target", ref.target}, {"n", ref.n}, {"val_kendall_tau", ref.val_tau}});
  }
  return {{"cells", cells}, {"references", refs}, {"notes", r.notes}, {"seconds", r.seconds}};
}

void print_cells(const surrogate::TransferBenchResult& r, bool markdown) {
  const char* sep = markdown ? " | " : " ";
  if (markdown) {
    std::cout << "| target | method | selection | N | tau (min) | rho | R2 | within 10 % | val tau "
                 "| leading column |\n|---|---|---|---|---|---|---|---|---|---|\n";
  } else {
    std::cout << fmt::format("{:<18} {:<11} {:<9} {:>4} {:>15} {:>6} {:>7} {:>6} {:>7}  {}\n",
                             "target", "method", "selection", "N", "tau (min)", "rho", "R2", "w10",
                             "val tau", "leading");
  }
  for (const auto& c : r.cells) {
    const std::string tau = fmt::format("{:.3f}±{:.3f} ({:.3f})", c.tau.mean, c.tau.std, c.tau.min);
    if (markdown) {
      std::cout << "| " << c.target << sep << c.method << sep << c.selection << sep << c.n << sep
                << tau << sep << fmt::format("{:.3f}", c.spearman.mean) << sep
                << fmt::format("{:.3f}", c.r2.mean) << sep
                << fmt::format("{:.0f} %", 100.0 * c.within10.mean) << sep
                << fmt::format("{:.3f}", c.val_tau.mean) << sep << c.leading << " |\n";
    } else {
      std::cout << fmt::format(
          "{:<18} {:<11} {:<9} {:>4} {:>15} {:>6.3f} {:>7.3f} {:>5.0f}% {:>7.3f}  {}\n", c.target,
          c.method, c.selection, c.n, tau, c.spearman.mean, c.r2.mean, 100.0 * c.within10.mean,
          c.val_tau.mean, c.leading);
    }
  }
}

// Mean tau over the throughput targets per (method, selection, N), with the held-out
// throughputs' count, plus the references.
void print_summary(const surrogate::TransferBenchResult& r) {
  std::map<std::tuple<std::string, std::string, std::size_t>, std::pair<double, int>> sums;
  std::map<std::tuple<std::string, std::string, std::size_t>, std::pair<double, int>> val_sums;
  for (const auto& c : r.cells) {
    if (c.target.rfind("throughput_", 0) != 0) continue;
    auto& s = sums[{c.method, c.selection, c.n}];
    s.first += c.tau.mean;
    ++s.second;
    auto& v = val_sums[{c.method, c.selection, c.n}];
    v.first += c.val_tau.mean;
    ++v.second;
  }
  std::cout << "\nmean over held-out throughputs (tau on all remaining / on val):\n";
  for (const auto& [key, s] : sums) {
    const auto& v = val_sums[key];
    std::cout << fmt::format("  {:<11} {:<8} N={:<4} tau {:.3f}  val tau {:.3f}  ({} targets)\n",
                             std::get<0>(key), std::get<1>(key), std::get<2>(key),
                             s.first / s.second, v.first / v.second, s.second);
  }
  std::cout << "\nreference (surrogate fitted on all training records, val tau):\n";
  for (const auto& ref : r.references) {
    std::cout << fmt::format("  {:<18} n={:<4} tau {:.4f}\n", ref.target, ref.n, ref.val_tau);
  }
  for (const auto& note : r.notes) std::cout << "note: " << note << "\n";
  std::cout << fmt::format("{} cells in {:.1f} s\n", r.cells.size(), r.seconds);
}

void write_plot(const surrogate::TransferBenchResult& r, const TransferArgs& args) {
  std::map<std::string, io::PlotSeries> by_target;
  for (const auto& c : r.cells) {
    if (c.method != args.plot_method || c.selection != args.plot_selection) continue;
    io::PlotSeries& s = by_target[c.target];
    s.title = c.target;
    s.style = io::PlotStyle::kLinesPoints;
    s.x.push_back(static_cast<double>(c.n));
    s.y.push_back(c.tau.mean);
    s.lower.push_back(c.tau.mean - c.tau.std);
    s.upper.push_back(c.tau.mean + c.tau.std);
  }
  if (by_target.empty()) {
    throw std::invalid_argument("--plot-method " + args.plot_method + " / --plot-selection " +
                                args.plot_selection + " was not run");
  }
  std::vector<io::PlotSeries> series;
  for (auto& [t, s] : by_target) series.push_back(std::move(s));
  io::PlotOptions o;
  o.title = "few-shot transfer (" + args.plot_method + ", " + args.plot_selection +
            " draws): Kendall tau on the held-out device";
  o.xlabel = "N measured architectures";
  o.ylabel = "Kendall tau (mean ± std over draws)";
  o.log_x = true;
  o.legend = "bottom right";
  io::write_plot_png(args.plot, series, o);
}

void run(TransferArgs& args) {
  const LoadedData loaded = load_data(args.data);
  const data::Dataset train = split_or_all(loaded, args.train_list, "train", true);
  const data::Dataset val = split_or_all(loaded, args.val_list, "val", false);
  const surrogate::Benchmark priors = surrogate::Benchmark::load(args.prior_models);
  std::unique_ptr<surrogate::Benchmark> reference;
  if (!args.reference_models.empty()) {
    reference =
        std::make_unique<surrogate::Benchmark>(surrogate::Benchmark::load(args.reference_models));
  }
  surrogate::TransferBenchOptions& o = args.options;
  o.sizes = args.sizes;
  if (!args.methods.empty()) o.methods = split_names(args.methods);
  if (!args.selections.empty()) o.selections = split_names(args.selections);
  o.devices = split_names(args.devices);
  o.analytic = !args.no_analytic;
  std::cerr << fmt::format("{} training and {} validation records\n", train.size(), val.size());
  const surrogate::TransferBenchResult result =
      surrogate::run_transfer_bench(train, val, priors, reference.get(), o);
  print_cells(result, args.markdown);
  print_summary(result);
  if (!args.json.empty()) io::write_file_atomic(args.json, to_json(result).dump(1) + "\n");
  if (!args.plot.empty()) write_plot(result, args);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<TransferArgs>();
  CLI::App* cmd = app.add_subcommand(
      "transfer",
      "Transfer benchmark of few-shot device fits: hold out each device, fit it from N measured "
      "architectures and the other devices' surrogates, score on the rest (docs/add-a-device.md)");
  cmd->add_option("--data", args->data, "dataset(s), joined by architecture (default: $ANB_DATA)");
  cmd->add_option("--train-list", args->train_list,
                  "records N is drawn from; repeat to join lists (default: splits/train.txt beside "
                  "the first --data)");
  cmd->add_option("--val-list", args->val_list,
                  "validation records; repeat to join lists (default: splits/val.txt beside the "
                  "first --data)");
  cmd->add_option("--prior-models", args->prior_models,
                  "model directory of the known devices' surrogates (fitted without the val split)")
      ->required();
  cmd->add_option("--reference-models", args->reference_models,
                  "model directory with full-data surrogates of targets --prior-models lacks");
  cmd->add_option("--sizes", args->sizes, "N values")->delimiter(',');
  cmd->add_option("--draws", args->options.draws, "seeded draws per N")
      ->default_val(10)
      ->check(cli::count(1, 10000));
  cmd->add_option("--seed", args->options.seed, "seed")->default_val(1)->check(cli::seed());
  cmd->add_option(
      "--methods", args->methods,
      "few-shot methods: best_prior, stack, stack_trees, shrunk, shrunk_trees (default: all)");
  cmd->add_option("--selections", args->selections,
                  "how the N are chosen: random, diverse (default: random)");
  cmd->add_option("--devices", args->devices, "devices to hold out (default: every device)");
  cmd->add_flag("--no-analytic", args->no_analytic, "no log MACs / log params columns");
  cmd->add_flag("--stage-costs", args->options.stage_costs, "log MMACs per stage as columns too");
  cmd->add_option("--tree-rounds", args->options.few_shot.tree_round_grid,
                  "residual tree rounds to choose from by cross-validation")
      ->delimiter(',');
  cmd->add_option("--tree-depth", args->options.few_shot.tree_max_depth, "residual tree depth")
      ->default_val(2)
      ->check(cli::count(1, 32));
  cmd->add_option("--correction-scale", args->options.few_shot.correction_scale,
                  "shrunk*: share of the ridge correction applied")
      ->default_val(0.7)
      ->check(cli::finite());
  cmd->add_option("--min-tree-records", args->options.few_shot.min_tree_records,
                  "records from which the *_trees methods may add trees")
      ->default_val(20)
      ->check(cli::count(0, 1000000));
  cli::add_output(cmd, "--plot", args->plot, "PNG of tau vs N per held-out target");
  cmd->add_option("--plot-method", args->plot_method, "method of the plot")
      ->default_val("shrunk_trees");
  cmd->add_option("--plot-selection", args->plot_selection, "selection of the plot")
      ->default_val("random");
  cli::add_output(cmd, "--json", args->json, "write every cell as JSON to this file");
  cmd->add_flag("--markdown", args->markdown, "print the table as Markdown");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_transfer_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
