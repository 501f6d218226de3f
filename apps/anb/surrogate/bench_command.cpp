// `anb bench`: in-process speed measurements. `anb bench query` times surrogate queries with
// anb's evaluator and with XGBoost's C API side by side.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "anb/surrogate/query_bench.h"
#include "command.h"
#include "surrogate_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct BenchArgs {
  std::string models;
  std::vector<std::string> targets;
  bool json = false;
  std::size_t singles = 2000;
  std::uint64_t seed = 0;
};

void print(const surrogate::QueryBenchSummary& s) {
  std::cout << fmt::format("{:<18} {:>7} | {:>12} {:>14} | {:>12} {:>14} | {:>8} {:>8}\n", "target",
                           "members", "anb µs/query", "anb archs/s", "xgb µs/query", "xgb archs/s",
                           "single x", "batch x");
  for (const auto& r : s.targets) {
    std::cout << fmt::format("{:<18} {:>7} | {:>12.2f} {:>14.0f} | {:>12.1f} {:>14.0f} | {:>8.1f} {:>8.1f}\n",
                             r.target, r.members, r.anb_single_us, r.anb_batch_per_s,
                             r.xgb_single_us, r.xgb_batch_per_s, r.xgb_single_us / r.anb_single_us,
                             r.anb_batch_per_s / r.xgb_batch_per_s);
  }
  std::cout << fmt::format("all targets, one architecture: anb {:.2f} µs, xgb {:.1f} µs ({:.1f}x)\n",
                           s.anb_all_targets_single_us, s.xgb_all_targets_single_us,
                           s.xgb_all_targets_single_us / s.anb_all_targets_single_us);
  std::cout << fmt::format(
      "all targets with 90 % intervals: anb {:.2f} µs ({:.3f}x the plain query, same run)\n",
      s.anb_all_targets_interval_us, s.anb_all_targets_interval_us / s.anb_all_targets_single_us);
  std::cout << "(single thread; single = median per query, mean+std over members; batch = 1000 "
               "architectures, best of 5)\n";
}

void run(const BenchArgs& args) {
  surrogate::QueryBenchOptions options;
  options.targets = split_names(args.targets);
  options.single_queries = args.singles;
  options.seed = args.seed;
  const auto s = surrogate::bench_query(args.models, options);
  if (!args.json) {
    print(s);
    return;
  }
  nlohmann::json out{{"targets", nlohmann::json::object()},
                     {"all_targets", {{"anb_single_us", s.anb_all_targets_single_us},
                                      {"anb_interval_us", s.anb_all_targets_interval_us},
                                      {"xgb_single_us", s.xgb_all_targets_single_us}}}};
  for (const auto& r : s.targets) {
    out["targets"][r.target] = {{"members", r.members},
                                {"anb_single_us", r.anb_single_us},
                                {"anb_batch_per_s", r.anb_batch_per_s},
                                {"xgb_single_us", r.xgb_single_us},
                                {"xgb_batch_per_s", r.xgb_batch_per_s}};
  }
  std::cout << out.dump(1) << "\n";
}

void setup(CLI::App& app) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* bench = app.add_subcommand("bench", "In-process speed measurements");
  bench->require_subcommand(1);
  CLI::App* query = bench->add_subcommand(
      "query", "Surrogate query speed: anb's evaluator vs XGBoost's C API, one thread");
  add_models_option(query, args->models,
                    "model directory written by `anb fit` (default $ANB_MODELS)");
  query->add_option("--targets", args->targets, "targets, comma separated (default: all)");
  query->add_option("--singles", args->singles, "single queries timed per target")->default_val(2000)
      ->check(cli::count(1, 10000000));
  query->add_option("--seed", args->seed, "seed of the sampled architectures")->default_val(0)
      ->check(cli::seed());
  query->add_flag("--json", args->json, "print JSON");
  query->callback([args] { run(*args); });
}

}  // namespace

void add_bench_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
