// `anb query`: predicted accuracy and device performance of architectures.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/query_json.h"
#include "command.h"
#include "surrogate_cli.h"

namespace anb::cli {
namespace {

struct QueryArgs {
  std::string models;
  std::vector<std::string> targets;
  std::vector<std::string> archs;
  bool json = false;
  bool noise = false;
  std::uint64_t seed = 0;
};

void run(const QueryArgs& args) {
  const auto bench = surrogate::Benchmark::load(args.models);
  const std::vector<std::string> targets =
      surrogate::resolve_targets(bench, split_names(args.targets));
  std::vector<space::Architecture> archs;
  for (const auto& text : args.archs) archs.push_back(space::Architecture::parse(text));
  // One stream for the whole call: draws are taken architecture by architecture, target by
  // target, in the order given, so the same seed and arguments give the same values.
  stats::Rng rng(args.seed);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& arch : archs) {
    nlohmann::json item = surrogate::prediction_json(bench, arch, targets);
    if (!args.json) std::cout << arch.to_string() << "\n";
    for (const auto& t : targets) {
      nlohmann::json& v = item["targets"][t];
      const double mean = v["mean"].get<double>();
      const double std = v["std"].get<double>();
      std::string line = fmt::format("  {:<18} {:>10.4f} ± {:<9.4f} {}", t, mean, std,
                                     v["unit"].get<std::string>());
      if (args.noise) {
        const double draw = rng.normal(mean, std);
        v["sample"] = draw;
        line += fmt::format("   sample {:.4f}", draw);
      }
      if (!args.json) std::cout << line << "\n";
    }
    out.push_back(item);
  }
  if (args.json) std::cout << out.dump(1) << "\n";
}

void setup(CLI::App& app) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "query", "Predicted accuracy / throughput / latency (mean ± std over ensemble members)");
  cmd->add_option("--models", args->models, "model directory written by `anb fit`")->required();
  cmd->add_option("--targets", args->targets, "targets, comma separated (default: all)");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->add_flag("--noise", args->noise,
                "also draw one value per architecture and target from N(mean, std^2)");
  cmd->add_option("--seed", args->seed, "seed of the --noise draws")->default_val(0);
  cmd->add_option("ARCH", args->archs,
                  "architectures: canonical string, JSON record form or 'efficientnet-b0'")
      ->required();
  cmd->callback([args] { run(*args); });
}

const CommandRegistration registration(32, setup);

}  // namespace
}  // namespace anb::cli
