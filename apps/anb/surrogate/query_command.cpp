// `anb query`: predicted accuracy and device performance of architectures.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/calibration.h"
#include "anb/surrogate/choice_rows.h"
#include "anb/surrogate/query_json.h"
#include "command.h"
#include "surrogate_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct QueryArgs {
  std::string models;
  std::vector<std::string> targets;
  std::vector<std::string> archs;
  bool json = false;
  std::optional<std::string> noise;  // set by --noise; "" = the default source (measurement)
  std::uint64_t seed = 0;
  std::optional<double> interval;
};

// Which targets get noisy draws; notes on stderr for targets without an interval or a noise
// model (intervals themselves come from prediction_json, for the targets that have one).
struct Plan {
  std::vector<bool> noise;
};

Plan plan(const surrogate::Benchmark& bench, const std::vector<std::string>& targets,
          const QueryArgs& args, bool targets_given, std::optional<surrogate::NoiseSource> source) {
  Plan p;
  for (const auto& t : targets) {
    if (args.interval && !bench.has_interval(t)) {
      std::cerr << fmt::format(
          "anb: note: target {} of {} has no calibrated interval (fitted before intervals "
          "existed, or over a prior): answering mean and std; refit with `anb fit` for "
          "intervals\n",
          t, args.models);
    }
    bool noise = source.has_value();
    if (source == surrogate::NoiseSource::kMeasurement && !bench.has_noise_model(t)) {
      if (targets_given) {
        throw std::invalid_argument(
            "--noise: target " + t +
            " has no noise model (no measurement std in its records, or fitted without "
            "--seed-runs); use `--noise ensemble` for the ensemble spread");
      }
      std::cerr << fmt::format(
          "anb: note: target {} has no noise model (no measurement std in its records): no "
          "sample drawn; `--noise ensemble` draws from the ensemble spread\n",
          t);
      noise = false;
    }
    p.noise.push_back(noise);
  }
  return p;
}

void run(const QueryArgs& args) {
  if (args.interval) surrogate::check_interval_level(*args.interval);
  std::optional<surrogate::NoiseSource> source;
  if (args.noise)
    source = surrogate::parse_noise_source(args.noise->empty() ? "measurement" : *args.noise);
  const auto bench = surrogate::Benchmark::load(args.models);
  const bool targets_given = !split_names(args.targets).empty();
  const std::vector<std::string> targets =
      surrogate::resolve_targets(bench, split_names(args.targets));
  const Plan p = plan(bench, targets, args, targets_given, source);
  std::vector<space::Architecture> archs;
  for (const auto& text : args.archs) archs.push_back(space::Architecture::parse(text));
  // Every architecture and target in one batch query (the same values as one at a time).
  nlohmann::json out =
      surrogate::predictions_json(bench, archs, targets, args.interval.value_or(0.0));
  // Noisy draws, also in one call: one stream for the whole call, drawn architecture by
  // architecture, target by target, in the order given, so the same seed and arguments give the
  // same values.
  std::vector<std::size_t> noisy;  // positions in `targets`
  std::vector<std::size_t> noisy_index;
  for (std::size_t j = 0; j < targets.size(); ++j) {
    if (!p.noise[j]) continue;
    noisy.push_back(j);
    noisy_index.push_back(bench.require_target(targets[j]));
  }
  std::vector<double> draws(archs.size() * noisy.size());
  if (!noisy.empty()) {
    const std::vector<std::uint8_t> rows = surrogate::choice_rows(archs);
    stats::Rng rng(args.seed);
    bench.query_noisy_choices(rows.data(), archs.size(), noisy_index, rng, *source, draws.data());
  }
  for (std::size_t a = 0; a < archs.size(); ++a) {
    nlohmann::json& item = out[a];
    if (!args.json) std::cout << archs[a].to_string() << "\n";
    std::size_t next = 0;  // next position in `noisy`
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const std::string& t = targets[i];
      nlohmann::json& v = item["targets"][t];
      const double mean = v["mean"].get<double>();
      const double std = v["std"].get<double>();
      std::string line = fmt::format("  {:<18} {:>10.4f} ± {:<9.4f} {}", t, mean, std,
                                     v["unit"].get<std::string>());
      if (v.contains("lower")) {
        line += fmt::format("   {:g} % interval [{:.4f}, {:.4f}]", 100.0 * *args.interval,
                            v["lower"].get<double>(), v["upper"].get<double>());
      }
      if (next < noisy.size() && noisy[next] == i) {
        const double draw = draws[a * noisy.size() + next];
        ++next;
        v["sample"] = draw;
        line += fmt::format("   sample {:.4f}", draw);
      }
      if (!args.json) std::cout << line << "\n";
    }
  }
  if (args.json) std::cout << out.dump(1) << "\n";
}

void setup(CLI::App& app) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "query", "Predicted accuracy / throughput / latency (mean ± std over ensemble members)");
  add_models_option(cmd, args->models,
                    "model directory written by `anb fit` (default $ANB_MODELS)");
  cmd->add_option("--targets", args->targets, "targets, comma separated (default: all)");
  cmd->add_flag("--json", args->json, "print JSON");
  cmd->add_option("--interval", args->interval,
                  "also print the calibrated prediction interval at this level, in (0, 1), e.g. "
                  "0.9 (\"lower\"/\"upper\" in --json)")
      ->check(cli::finite());
  cmd->add_option("--noise", args->noise,
                  "also draw one value per architecture and target: 'measurement' (default: one "
                  "new training run / measurement, the target's noise model) or 'ensemble' "
                  "(N(mean, std^2) of the members)")
      ->expected(0, 1);
  cmd->add_option("--seed", args->seed, "seed of the --noise draws")->default_val(0)
      ->check(cli::seed());
  cmd->add_option("ARCH", args->archs,
                  "architectures: canonical string, JSON record form or 'efficientnet-b0'")
      ->required();
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_query_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
