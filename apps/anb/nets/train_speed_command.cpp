// `anb train-speed`: times the trainer's training step (forward, loss, backward, SGD update) on
// a fixed random batch, to compare with Python PyTorch on the same network, batch and precision
// (bench/train_speed.sh, bench/bench_train_python.py).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "../command.h"
#include "anb/construct/train_speed.h"
#include "anb/nets/device.h"
#include "construct_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct TrainSpeedArgs {
  std::string arch = "efficientnet-b0";
  std::string scheme;
  int threads = 0;
  bool json = false;
  construct::TrainOptions options;
  construct::TrainSpeedOptions speed;
};

void run(const TrainSpeedArgs& args) {
  const auto arch = space::Architecture::parse(args.arch);
  construct::TrainingScheme scheme;
  if (!args.scheme.empty()) {
    scheme = construct::TrainingScheme::load(args.scheme);
  } else {  // the Python twin's network: dropout 0.2, no stochastic depth, full width
    scheme.stochastic_depth = 0.0;
  }
  args.options.validate();
  args.speed.validate();
  setup_training_process(args.threads);
  const auto speed = construct::time_training_steps(arch, scheme, args.options, args.speed);
  nlohmann::json out = speed.to_json();
  out["arch"] = arch.to_string();
  out["batch"] = args.speed.batch;
  out["resolution"] = args.speed.resolution;
  out["steps"] = args.speed.steps;
  out["warmup"] = args.speed.warmup;
  out["options"] = args.options.to_json();
  out["device_description"] = nets::describe_device(nets::parse_device(args.options.device));
  if (args.json) {
    std::cout << out.dump() << "\n";
    return;
  }
  std::cout << fmt::format(
      "{}: {:.1f} images/s ({} steps of batch {} at {} px in {:.3f} s, {}, {})\n", arch.to_string(),
      speed.images_per_second, args.speed.steps, args.speed.batch, args.speed.resolution,
      speed.seconds, args.options.device, args.options.resolved_precision());
}

void setup(CLI::App& app) {
  auto args = std::make_shared<TrainSpeedArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train-speed", "Time training steps of one architecture on a fixed random batch");
  cmd->add_option("--arch", args->arch, "architecture (canonical string or efficientnet-b0)")
      ->default_val("efficientnet-b0");
  cmd->add_option("--scheme", args->scheme,
                  "training scheme JSON (default: SGD as the Python twin, dropout 0.2, no "
                  "stochastic depth)");
  cmd->add_option("--batch", args->speed.batch, "images per step")->default_val(64)
      ->check(cli::count(1, 65536));
  cmd->add_option("--resolution", args->speed.resolution, "input side in px")->default_val(32)
      ->check(cli::count(1, 8192));
  cmd->add_option("--channels", args->speed.channels, "input channels")->default_val(3)
      ->check(cli::count(1, 4096));
  cmd->add_option("--classes", args->speed.classes, "classifier outputs")->default_val(1000)
      ->check(cli::count(1, 1000000));
  cmd->add_option("--warmup", args->speed.warmup, "untimed steps first")->default_val(3)
      ->check(cli::count(0, 1000000));
  cmd->add_option("--steps", args->speed.steps, "timed steps")->default_val(20)
      ->check(cli::count(1, 1000000));
  cmd->add_option("--threads", args->threads, "intra-op CPU threads (0 = libtorch default)")
      ->default_val(0)
      ->check(cli::count(0, cli::kMaxThreads));
  add_train_options(cmd, args->options);
  cmd->add_flag("--json", args->json, "print the result as one JSON line");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_train_speed_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
