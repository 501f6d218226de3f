// `anb proxy-search`: train a set of architectures under a reference scheme and a grid of
// candidate schemes, then report which cheap candidate ranks the architectures like the
// reference (see anb/construct/proxy_search.h). Work spreads over MPI ranks and --shard I/N.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "../command.h"
#include "anb/construct/proxy_search.h"
#include "construct_cli.h"

namespace anb::cli {
namespace {

struct ProxySearchArgs {
  std::string config;
  std::string out;
  std::string shard = "0/1";
  int threads = 1;
  bool quiet = false;
  construct::TrainOptions options;
};

void print_summary(const construct::ProxySearchSummary& s, const std::string& out) {
  std::cout << fmt::format("items: {} in total, {} owned here, {} trained now, {} already done\n",
                           s.work.total, s.work.owned, s.work.completed, s.work.skipped);
  if (!s.reported) {
    if (s.missing > 0) {
      std::cout << fmt::format(
          "{} items still lack a result (other shards running, or a worker died): rerun to "
          "finish them; the report is written once all are done\n",
          s.missing);
    }
    return;
  }
  const auto& r = s.report;
  std::cout << fmt::format("noise ceiling (reference seed-vs-seed Kendall tau): {:.4f}\n",
                           r.noise_ceiling);
  if (r.selected >= 0) {
    const auto& c = r.candidates[static_cast<std::size_t>(r.selected)];
    std::cout << fmt::format(
        "selected {} {}: Kendall tau {:.4f}, Spearman {:.4f}, {:.2f}x fewer FLOPs, {:.2f}x "
        "less time\n",
        c.name, c.settings.dump(), c.kendall_tau, c.spearman, c.flops_ratio, c.seconds_ratio);
  } else {
    std::cout << fmt::format("no candidate reaches tau >= {:.3f}\n", r.tau_threshold);
  }
  std::cout << "report: " << out << "/proxy_search.{md,csv,json}, " << out
            << "/cost_vs_tau.png\n";
}

void run(const ProxySearchArgs& args) {
  const auto config = construct::ProxySearchConfig::load(args.config);
  args.options.validate();
  const auto outer = construct::Shard::parse(args.shard);
  setup_training_process(args.threads);
  construct::MpiSession mpi;
  construct::ProxySearchSummary summary;
  try {
    const auto shard = construct::combine(outer, mpi.rank(), mpi.size());
    const auto options = construct::for_local_worker(args.options, shard.index);
    summary = construct::run_proxy_search(
        config, args.out, shard, mpi, options,
        args.quiet ? std::function<void(const std::string&)>() : std::function(log_line));
  } catch (const std::exception& e) {
    mpi.abort(e.what());
  }
  if (mpi.rank() == 0) print_summary(summary, args.out);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<ProxySearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "proxy-search", "Find a cheap training scheme that ranks architectures like a reference");
  cmd->add_option("--config", args->config, "proxy-search config JSON file")->required();
  cmd->add_option("--out", args->out, "output folder (results per item, reports)")->required();
  cmd->add_option("--shard", args->shard, "this worker's share I/N (e.g. a Slurm array index)")
      ->default_val("0/1");
  cmd->add_option("--threads", args->threads, "intra-op threads per process (0 = default)")
      ->default_val(1);
  add_train_options(cmd, args->options);
  cmd->add_flag("--quiet", args->quiet, "no per-item log on stderr");
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(91, setup);

}  // namespace
}  // namespace anb::cli
