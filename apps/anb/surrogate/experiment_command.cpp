// `anb experiment`: rerun the original paper's NAS suite on the surrogate benchmark (uni-objective
// RS/RE/REINFORCE/LS at 600 evaluations; bi-objective RS/REINFORCE/NSGA-II per device) over many
// seeds, and write a Markdown report with tables and plots.
#include <fmt/format.h>

#include <iostream>

#include "anb/surrogate/experiment.h"
#include "command.h"
#include "flag_names.h"
#include "surrogate_cli.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct ExperimentArgs {
  std::string models;
  std::string out;
  surrogate::ExperimentOptions options;
  bool no_latency = false;
  bool json = false;
  std::string hv_reference;
};

// One progress line per block on stderr.
void print_block(const surrogate::ExperimentBlock& b) {
  const auto& s = b.summary;
  if (b.target.empty()) {
    std::cerr << fmt::format("accuracy / {}: {:.3f} +- {:.3f} ({:.2f} s)\n", s.algorithm,
                             s.final_progress.mean, s.final_progress.std, b.seconds);
  } else {
    std::cerr << fmt::format("accuracy,{} / {}: HV {:.4f} +- {:.4f} ({:.2f} s)\n", b.target,
                             s.algorithm, s.final_progress.mean, s.final_progress.std, b.seconds);
  }
}

const FlagNames kFlags = {
    {"seeds", "--seeds"}, {"budget", "--budget"}, {"bi_budget", "--bi-budget"}};

void run(const ExperimentArgs& a) {
  surrogate::ExperimentOptions options = a.options;
  options.latency = !a.no_latency;
  if (!a.hv_reference.empty()) options.hv_reference = a.hv_reference;
  options.on_block = print_block;
  with_flag_names(kFlags, [&] { options.validate(); });
  const auto bench = surrogate::Benchmark::load(a.models);
  const surrogate::ExperimentSummary summary = surrogate::run_experiment(bench, options);
  const std::filesystem::path out(a.out);
  for (const auto& w : surrogate::write_experiment_folder(out, summary, bench, a.models)) {
    std::cerr << "anb: warning: " << w << "\n";
  }
  if (a.json) {
    std::cout << summary.to_json().dump(1) << "\n";
    return;
  }
  for (const auto& f : summary.found) std::cout << f.label << ": " << f.description << "\n";
  std::cout << fmt::format(
      "{} evaluations in {:.2f} s ({:.0f} evaluations/s; {:.2f} CPU-s); report: {}\n",
      summary.evaluations, summary.seconds, summary.evaluations_per_second(), summary.cpu_seconds,
      (out / "report.md").string());
}

void setup(CLI::App& app) {
  auto args = std::make_shared<ExperimentArgs>();
  CLI::App* cmd = app.add_subcommand(
      "experiment", "Rerun the paper's NAS experiment suite on the surrogates; write a report");
  add_models_option(cmd, args->models, "model directory (from anb fit) (default $ANB_MODELS)");
  cli::add_output(cmd, "--out", args->out, "output folder (report.md, summary.json, plots)")
      ->required();
  cmd->add_option("--seeds", args->options.seeds, "seeds per algorithm")->default_val(30)
      ->check(cli::count(1, 100000));
  cmd->add_option("--first-seed", args->options.first_seed, "seeds are first..first+seeds-1")
      ->default_val(0)
      ->check(cli::seed());
  cmd->add_option("--budget", args->options.budget, "uni-objective evaluations per seed")
      ->default_val(600)
      ->check(cli::count(1, 10000000));
  cmd->add_option("--bi-budget", args->options.bi_budget, "bi-objective evaluations per seed")
      ->default_val(600)
      ->check(cli::count(1, 10000000));
  cmd->add_option("--threads", args->options.threads, "threads over seeds (0: all cores)")
      ->default_val(0)
      ->check(cli::count(0, cli::kMaxThreads));
  cmd->add_flag("--no-latency", args->no_latency, "skip the FPGA latency pairs");
  cmd->add_flag("--json", args->json, "print the summary JSON instead of the architectures");
  cmd->add_option("--hv-reference", args->hv_reference,
                  "hypervolume reference JSON (default: the built-in "
                  "config/hypervolume_reference.json or $ANB_HV_REFERENCE)");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_experiment_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
