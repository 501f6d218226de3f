// `anb collect`: train architectures under one scheme and write accuracy records in the
// original dataset format (see anb/construct/collect.h). Work spreads over MPI ranks and
// --shard I/N; a rerun trains only what is missing.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "../command.h"
#include "anb/construct/collect.h"
#include "anb/space/search_space.h"
#include "construct_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct CollectArgs {
  std::string scheme;
  std::string dataset;
  std::size_t sample = 0;
  std::uint64_t seed = 0;
  std::string archs;
  std::string out;
  WorkerArgs worker;
};

void run(const CollectArgs& args) {
  if ((args.sample > 0) == !args.archs.empty()) {
    throw std::invalid_argument("anb collect: give exactly one of --sample N or --archs FILE");
  }
  const auto scheme = construct::TrainingScheme::load(args.scheme);
  args.worker.options.validate();
  const auto archs = args.sample > 0 ? space::sample(args.sample, args.seed)
                                     : construct::read_architecture_list(args.archs);
  setup_training_process(args.worker.threads);
  construct::MpiSession mpi;
  const construct::WorkSummary work = run_worker(
      args.worker, mpi, [&](const construct::Shard& shard, const construct::TrainOptions& options) {
        return construct::run_collect(archs, scheme, args.dataset, args.out, shard, options,
                                      progress_log(args.worker.quiet));
      });
  std::cout << fmt::format(
      "rank {}: {} architectures, {} owned, {} trained now, {} already done, {} failed now\n",
      mpi.rank(), work.total, work.owned, work.completed, work.skipped, work.failed);
  for (const auto& failure : work.failures) std::cout << "failed: " << failure << "\n";
  // A failed item does not stop the others (its reason is in result_<i>.failed.json; a rerun
  // retries it), but the exit status tells the batch system.
  if (work.failed > 0) throw CLI::RuntimeError(2);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<CollectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "collect", "Train architectures and write accuracy records (input of anb fit)");
  cmd->add_option("--scheme", args->scheme, "training scheme JSON file")->required();
  cmd->add_option("--dataset", args->dataset,
                  "dataset SPEC: idx:DIR or folder:DIR, optionally ?train=N&eval=M")
      ->required();
  cmd->add_option("--sample", args->sample, "train N architectures drawn uniformly")
      ->check(cli::count(1, 1000000));
  cmd->add_option("--seed", args->seed, "seed of --sample")->default_val(0)->check(cli::seed());
  cmd->add_option("--archs", args->archs, "file of architectures (one per line or JSON list)");
  cli::add_output(cmd, "--out", args->out, "output folder of result_<i>.json records")->required();
  add_worker_options(cmd, args->worker, "no per-architecture log on stderr");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_collect_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
