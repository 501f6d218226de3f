#pragma once
// Process settings shared by `anb train`, `anb train-speed`, `anb proxy-search` and `anb collect`.

#include <malloc.h>
#include <torch/torch.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <string>

#include "../cli_checks.h"
#include "../flag_names.h"
#include "anb/construct/train_options.h"
#include "anb/construct/work_distribution.h"

namespace anb::cli {

// Sets the intra-op thread count (one per process is best when several trainings run side by
// side: OMP_WAIT_POLICY=PASSIVE should also be set in the environment before start) and keeps
// glibc from returning every large tensor buffer to the kernel (an mmap/munmap per batch).
inline void setup_training_process(int threads) {
  if (threads > 0) torch::set_num_threads(threads);
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
}

// The flags of where training runs (construct/train_options.h), shared by train, collect,
// proxy-search and train-speed.
inline void add_train_options(CLI::App* cmd, construct::TrainOptions& o) {
  cmd->add_option("--device", o.device,
                  "cpu, cuda (each worker takes GPU local-rank mod GPUs) or cuda:N")
      ->default_val("cpu");
  cmd->add_option("--precision", o.precision,
                  "auto (fp16 with loss scaling on CUDA, fp32 on cpu), fp32, fp16 or bf16")
      ->default_val("auto");
  cmd->add_option("--loader-threads", o.loader_threads, "threads rendering each batch")
      ->default_val(1)
      ->check(cli::count(0, cli::kMaxThreads));
  cmd->add_flag("!--no-channels-last", o.channels_last, "keep weights and batches in NCHW");
  cmd->add_flag("!--no-prefetch", o.prefetch, "render each batch only when it is needed");
  cmd->add_flag("!--no-cudnn-benchmark", o.cudnn_benchmark, "no cuDNN algorithm autotuning");
}

// Prints one progress line to stderr (the log of long runs).
inline void log_line(const std::string& line) {
  std::cerr << line << std::endl;
}

// The progress log handed to the library: log_line, or none when `quiet`.
inline std::function<void(const std::string&)> progress_log(bool quiet) {
  return quiet ? std::function<void(const std::string&)>() : std::function(log_line);
}

// The shard of `--shard TEXT` (I/N or auto, construct::resolve_shard) with the flag in its
// messages; logs where an automatic shard came from unless `quiet`.
inline construct::ResolvedShard resolve_shard_flag(const std::string& text, bool split_tasks,
                                                   bool quiet) {
  static const FlagNames flags = {{"shard auto", "--shard auto"}, {"shard", "--shard"}};
  auto resolved = with_flag_names(flags, [&] {
    return construct::resolve_shard(text, construct::slurm_environment(), split_tasks);
  });
  if (!resolved.note.empty() && !quiet) log_line("--shard auto: " + resolved.note);
  return resolved;
}

// The settings of one worker of a run that spreads over MPI ranks and --shard I/N (collect,
// proxy-search).
struct WorkerArgs {
  std::string shard = "0/1";
  int threads = 1;
  bool quiet = false;
  construct::TrainOptions options;
};

// Adds --shard, --threads, where training runs (add_train_options) and --quiet, whose help
// `quiet_help` says which log it silences.
inline void add_worker_options(CLI::App* cmd, WorkerArgs& w, const std::string& quiet_help) {
  cmd->add_option("--shard", w.shard,
                  "this worker's share I/N, or auto (from the Slurm array / srun task variables)")
      ->default_val("0/1");
  cmd->add_option("--threads", w.threads, "intra-op threads per process (0 = default)")
      ->default_val(1)
      ->check(cli::count(0, cli::kMaxThreads));
  add_train_options(cmd, w.options);
  cmd->add_flag("--quiet", w.quiet, quiet_help);
}

// Returns `work(shard, options)` for this process's share of the items: the --shard share (an
// invalid one throws here, on every rank) combined with the MPI rank, and the training options
// of its local GPU. Anything `work` throws ends the whole MPI job (MpiSession::abort).
template <class Work>
auto run_worker(const WorkerArgs& w, const construct::MpiSession& mpi, Work&& work) {
  const auto outer = resolve_shard_flag(w.shard, !mpi.active(), w.quiet);
  try {
    const auto shard = construct::combine(outer.shard, mpi.rank(), mpi.size());
    return work(shard, construct::for_local_worker(w.options, shard.index));
  } catch (const std::exception& e) {
    mpi.abort(e.what());
  }
}

}  // namespace anb::cli
