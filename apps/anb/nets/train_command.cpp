// `anb train`: train one architecture under a training scheme on an image dataset and report
// top-1/top-5 on the evaluation split, training wall time and the analytic training FLOPs.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "../command.h"
#include "anb/construct/collect.h"
#include "anb/construct/trainer.h"
#include "anb/io/atomic_file.h"
#include "construct_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct TrainArgs {
  std::string arch;
  std::string scheme;
  std::string dataset;
  std::string out;
  int threads = 1;
  bool quiet = false;
  bool json = false;
  construct::TrainOptions options;
};

void run(const TrainArgs& args) {
  const auto arch = space::Architecture::parse(args.arch);
  const auto scheme = construct::TrainingScheme::load(args.scheme);
  args.options.validate();
  const auto spec = construct::DatasetSpec::parse(args.dataset);
  setup_training_process(args.threads);
  const auto splits = construct::load_dataset(spec);
  const auto result = construct::train_and_evaluate(
      arch, scheme, splits, args.options, progress_log(args.quiet));
  nlohmann::json out = result.to_json();
  out["arch"] = arch.to_string();
  out["dataset"] = spec.to_string();
  out["train_images"] = splits.train.size();
  out["eval_images"] = splits.eval.size();
  if (!args.out.empty()) {
    io::write_file_atomic(std::filesystem::path(args.out) / "result.json", out.dump(1) + "\n");
    io::write_file_atomic(std::filesystem::path(args.out) / "record.json",
                          construct::accuracy_record(arch, result, scheme, spec.to_string())
                                  .dump(1) + "\n");
  }
  if (args.json) {
    std::cout << out.dump(1) << "\n";
    return;
  }
  std::cout << fmt::format(
      "{}\n  top-1        {:.2f} %\n  top-5        {:.2f} %\n  train time   {:.2f} s\n"
      "  train FLOPs  {:.4e} ({} images seen)\n"
      "  speed        {:.0f} images/s training, loader {:.0f} images/s alone, waited {:.2f} s "
      "for data: bound by {}\n"
      "  device       {} ({})\n",
      arch.to_string(), result.top1, result.top5, result.train_seconds, result.train_flops,
      result.images_seen, result.images_per_second, result.loader_images_per_second,
      result.loader_wait_seconds, result.bound_by(), args.options.device,
      args.options.resolved_precision());
}

void setup(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train one architecture under a training scheme on an image dataset");
  cmd->add_option("--arch", args->arch, "architecture (canonical string or efficientnet-b0)")
      ->required();
  cmd->add_option("--scheme", args->scheme, "training scheme JSON file")->required();
  cmd->add_option("--dataset", args->dataset,
                  "dataset SPEC: idx:DIR or folder:DIR, optionally ?train=N&eval=M")
      ->required();
  cli::add_output(cmd, "--out", args->out, "folder for result.json and record.json");
  cmd->add_option("--threads", args->threads, "intra-op threads (0 = libtorch default)")
      ->default_val(1)
      ->check(cli::count(0, cli::kMaxThreads));
  add_train_options(cmd, args->options);
  cmd->add_flag("--json", args->json, "print the result as JSON");
  cmd->add_flag("--quiet", args->quiet, "no per-epoch log on stderr");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_train_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
