// `anb measure`: build the real network of architectures and measure inference throughput and
// latency on this machine's CPU or GPU, one record per architecture (see measure_run.h).
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "../command.h"
#include "../data_path.h"
#include "anb/data/dataset.h"
#include "anb/io/progress.h"
#include "anb/nets/measure_run.h"
#include "anb/space/architecture_list.h"
#include "anb/space/search_space.h"
#include "anb/stats/shuffle.h"
#include "../cli_checks.h"

namespace anb::cli {
namespace {

struct MeasureArgs {
  nets::MeasureRunOptions run;
  std::string precision = "fp32";
  std::size_t sample = 0;
  std::uint64_t seed = 0;
  std::string archs_file;
  std::string data;
  bool contiguous = false;
  bool no_latency = false;
  bool quiet = false;
};

std::vector<space::Architecture> read_arch_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read architecture list " + path);
  std::ostringstream text;
  text << in.rdbuf();
  const auto out = space::parse_architecture_lines(text.str(), path);
  if (out.empty()) throw std::invalid_argument("architecture list " + path + " is empty");
  return out;
}

// A seeded random subset of `n` of `archs` (all of them when n == 0 or n >= size).
std::vector<space::Architecture> subset(std::vector<space::Architecture> archs, std::size_t n,
                                        std::uint64_t seed) {
  if (n == 0 || n >= archs.size()) return archs;
  stats::Rng rng(seed);
  return stats::draw_distinct(std::move(archs), n, rng);
}

std::vector<space::Architecture> choose_architectures(const MeasureArgs& args) {
  if (!args.archs_file.empty() && !args.data.empty()) {
    throw std::invalid_argument("give either --archs FILE or --data PATH, not both");
  }
  if (!args.archs_file.empty()) return read_arch_file(args.archs_file);
  if (!args.data.empty()) {
    std::vector<space::Architecture> archs;
    const data::Dataset records = data::Dataset::load(resolve_data_path(args.data));
    for (const auto& r : records.records()) {
      archs.push_back(r.arch);
    }
    return subset(nets::unique_architectures(archs), args.sample, args.seed);
  }
  if (args.sample == 0) {
    throw std::invalid_argument(
        "no architectures: choose them with --sample N [--seed S], --archs FILE or --data PATH");
  }
  return space::sample(args.sample, args.seed);
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

void run(MeasureArgs& args) {
  args.run.measure.precision = nets::parse_precision(args.precision);
  args.run.measure.channels_last = !args.contiguous;
  args.run.measure.latency = !args.no_latency;
  args.run.validate();
  if (!std::getenv("OMP_WAIT_POLICY")) {
    std::cerr << "anb: note: OMP_WAIT_POLICY is not set; export OMP_WAIT_POLICY=PASSIVE before "
                 "running anb measure, or CPU timings suffer on a busy machine\n";
  }
  const auto archs = nets::unique_architectures(choose_architectures(args));
  io::ProgressOptions progress_options;
  progress_options.quiet = args.quiet;
  io::ProgressBar bar("measure", archs.size(), progress_options);
  double measured_seconds = 0.0;
  std::size_t measured = 0;
  const auto on_arch = [&](std::size_t index, const space::Architecture& arch,
                           const nets::ArchMeasurement& m, bool skipped) {
    if (!skipped) {
      measured_seconds += m.seconds;
      ++measured;
    }
    const double eta =
        measured ? measured_seconds / static_cast<double>(measured) *
                       static_cast<double>(archs.size() - index - 1)
                 : 0.0;
    bar.advance(1, skipped ? "skipped " + arch.to_string()
                           : fmt::format("{:.1f} img/s, eta {}", m.throughput.mean,
                                         clock_text(eta)));
  };
  const nets::MeasureRunSummary summary = nets::run_measurements(archs, args.run, on_arch);
  bar.finish();
  std::cout << fmt::format(
      "measured {} architecture(s), skipped {} already in {}, {:.1f} s, peak memory {:.0f} MiB\n",
      summary.measured, summary.skipped, args.run.out_dir.string(), summary.seconds,
      summary.peak_rss_mib);
}

void setup(CLI::App& app) {
  auto args = std::make_shared<MeasureArgs>();
  CLI::App* cmd = app.add_subcommand(
      "measure",
      "Measure the inference throughput (batch B) and latency (batch 1) of architectures' "
      "real networks on this machine; one record per architecture, resumable");
  nets::MeasureOptions& m = args->run.measure;
  cmd->add_option("--device", m.device, "cpu, cuda or cuda:N")->default_val("cpu");
  cmd->add_option("--name", args->run.name,
                  "device name: the records get throughput_NAME and latency_NAME")
      ->required();
  cmd->add_option("--sample", args->sample,
                  "measure N architectures drawn uniformly from the space (with --data: a "
                  "seeded random subset of N of the dataset's architectures)")
      ->check(cli::count(1, 1000000));
  cmd->add_option("--seed", args->seed, "seed of --sample")->default_val(0)->check(cli::seed());
  cmd->add_option("--archs", args->archs_file,
                  "file with one architecture per line (canonical string, JSON record form or "
                  "'efficientnet-b0'; '#' starts a comment)");
  cmd->add_option("--data", args->data, "measure the architectures of these records");
  cmd->add_option("--batch", m.batch, "batch of the throughput measurement")->default_val(32)
      ->check(cli::count(1, 65536));
  cmd->add_option("--resolution", m.resolution, "input side in pixels")->default_val(224)
      ->check(cli::count(1, 8192));
  cmd->add_option("--threads", m.threads, "intra-op CPU threads (0: libtorch's default)")
      ->default_val(0)
      ->check(cli::count(0, cli::kMaxThreads));
  cmd->add_option("--warmup", m.warmup, "untimed forwards before each measurement")
      ->default_val(2)
      ->check(cli::count(0, 1000000));
  cmd->add_option("--repeats", m.repeats, "timed forwards per measurement")->default_val(5)
      ->check(cli::count(1, 1000000));
  cmd->add_option("--precision", args->precision, "fp32, fp16 (CUDA only) or bf16 (autocast)")
      ->default_val("fp32");
  cmd->add_flag("--contiguous", args->contiguous,
                "keep the default (NCHW) memory format instead of channels-last");
  cmd->add_flag("--no-latency", args->no_latency, "measure throughput only");
  cmd->add_option("--description", args->run.description,
                  "free text about the device, stored in every record's metadata");
  cli::add_output(cmd, "--out", args->run.out_dir, "output directory of the records")->required();
  cmd->add_flag("--quiet", args->quiet, "no progress bar");
  cmd->callback([args] { run(*args); });
}

}  // namespace

void add_measure_command(CLI::App& app) {
  setup(app);
}

}  // namespace anb::cli
