// `anb proxy-search`: train a set of architectures under a reference scheme and a grid of
// candidate schemes, then report which cheap candidate ranks the architectures like the
// reference (see anb/construct/proxy_search.h). Work spreads over MPI ranks and --shard I/N
// (or --shard auto under Slurm). `--analyze DIR` analyses runs that already exist instead
// (anb/construct/collected_results.h).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "../command.h"
#include "anb/construct/collected_results.h"
#include "anb/construct/proxy_search.h"
#include "construct_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct ProxySearchArgs {
  std::string config;
  std::string analyze;
  construct::AnalysisOptions analysis;
  std::string out;
  WorkerArgs worker;
};

std::string interval(const stats::Interval& i) {
  return std::isfinite(i.lo) ? fmt::format("[{:.4f}, {:.4f}]", i.lo, i.hi) : std::string("[n/a]");
}

std::string number(double v, const char* format = "{:.2f}") {
  return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : std::string("n/a");
}

void print_report(const construct::ProxySearchReport& r, const std::string& out) {
  std::cout << fmt::format(
      "noise ceiling (reference '{}' seed-vs-seed Kendall tau-b): {} {} ({} % bootstrap CI, {} "
      "resamples)\n",
      r.reference.name, number(r.noise_ceiling, "{:.4f}"), interval(r.noise_ceiling_ci),
      std::lround(100 * r.bootstrap.confidence), r.bootstrap.resamples);
  for (const auto& c : r.candidates) {
    std::cout << fmt::format(
        "{}: Kendall tau-b {} {}, Spearman {}, seed tau {} {}, FLOPs ratio {}, seconds ratio {}\n",
        c.name, number(c.kendall_tau, "{:.4f}"), interval(c.kendall_tau_ci),
        number(c.spearman, "{:.4f}"), number(c.seed_tau, "{:.4f}"), interval(c.seed_tau_ci),
        number(c.flops_ratio), number(c.seconds_ratio));
  }
  if (r.selected >= 0) {
    const auto& c = r.candidates[static_cast<std::size_t>(r.selected)];
    std::cout << fmt::format("selected {} {} (cheapest in {} with tau >= {:.3f})\n", c.name,
                             c.settings.dump(), r.cost_basis, r.tau_threshold);
  } else {
    std::cout << fmt::format("no candidate reaches tau >= {:.3f}\n", r.tau_threshold);
  }
  for (const auto& note : r.notes) std::cout << "note: " << note << "\n";
  std::cout << "report: " << out << "/proxy_search.{md,csv,json}, " << out
            << "/cost_vs_tau.png\n";
}

void print_summary(const construct::ProxySearchSummary& s, const std::string& out) {
  std::cout << fmt::format(
      "items: {} in total, {} owned here, {} trained now, {} already done, {} failed now\n",
      s.work.total, s.work.owned, s.work.completed, s.work.skipped, s.work.failed);
  for (const auto& failure : s.work.failures) std::cout << "failed: " << failure << "\n";
  if (!s.reported) {
    if (s.missing > 0) {
      std::cout << fmt::format(
          "{} items still lack a result (other shards running, or a worker died): rerun to "
          "finish them; the report is written once all are done\n",
          s.missing);
    }
    return;
  }
  print_report(s.report, out);
}

void analyze(const ProxySearchArgs& args) {
  static const FlagNames flags = {
      {"reference", "--reference"}, {"tau", "--tau"}, {"top_k", "--top-k"}};
  const auto report = with_flag_names(flags, [&] {
    return construct::analyse_folder(
        args.analyze, args.out, args.analysis, progress_log(args.worker.quiet));
  });
  print_report(report, args.out);
}

void run(const ProxySearchArgs& args) {
  if (args.config.empty() == args.analyze.empty()) {
    throw std::invalid_argument(
        "anb proxy-search: give exactly one of --config FILE (train and analyse) or --analyze "
        "DIR (analyse runs that exist)");
  }
  if (!args.analyze.empty()) return analyze(args);
  const auto config = construct::ProxySearchConfig::load(args.config);
  args.worker.options.validate();
  setup_training_process(args.worker.threads);
  construct::MpiSession mpi;
  const construct::ProxySearchSummary summary = run_worker(
      args.worker, mpi, [&](const construct::Shard& shard, const construct::TrainOptions& options) {
        return construct::run_proxy_search(config, args.out, shard, mpi, options,
                                           progress_log(args.worker.quiet));
      });
  if (mpi.rank() == 0) print_summary(summary, args.out);
  // A failed item does not stop the others, but the exit status tells the batch system.
  if (summary.work.failed > 0) throw CLI::RuntimeError(2);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<ProxySearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "proxy-search", "Find a cheap training scheme that ranks architectures like a reference");
  cmd->add_option("--config", args->config, "proxy-search config JSON file (train and analyse)");
  cmd->add_option("--analyze", args->analyze,
                  "analyse runs that exist: a folder of SCHEME-seedN.csv files (ablation layout) "
                  "or a finished proxy-search --out folder");
  cli::add_output(cmd, "--out", args->out, "output folder (results per item, reports)")->required();
  cmd->add_option("--reference", args->analysis.reference,
                  "--analyze: the reference scheme (file name prefix)")
      ->default_val("reference");
  auto* tau = cmd->add_option("--tau", args->analysis.tau,
                              "--analyze: fidelity threshold (default 0.9, or the folder's config)")
      ->check(cli::finite());
  auto* top_k = cmd->add_option("--top-k", args->analysis.top_k,
                                "--analyze: top-k overlap size (default 3, or the folder's config)")
      ->check(cli::count(1, 1000000));
  cmd->add_option("--bootstrap", args->analysis.bootstrap.resamples,
                  "--analyze: bootstrap resamples of the architectures")
      ->default_val(1000)
      ->check(cli::count(0, 10000000));
  cmd->add_option("--bootstrap-seed", args->analysis.bootstrap.seed, "--analyze: bootstrap seed")
      ->default_val(0)
      ->check(cli::seed());
  cmd->add_option("--confidence", args->analysis.bootstrap.confidence,
                  "--analyze: confidence level of the intervals")
      ->default_val(0.95)
      ->check(cli::finite());
  add_worker_options(cmd, args->worker, "no per-item log on stderr");
  cmd->callback([args, tau, top_k] {
    args->analysis.tau_given = tau->count() > 0;
    args->analysis.top_k_given = top_k->count() > 0;
    run(*args);
  });
}

}  // namespace

void add_proxy_search_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
