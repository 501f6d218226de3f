#pragma once
// Where and how fast a training run executes, as opposed to what it computes (the training
// scheme): the device, the arithmetic precision, the memory format, cuDNN autotuning and the
// data loader's threads. The same scheme on the same seed is the same experiment on any of these
// settings; only fp32 on one CPU thread is repeatable bit for bit (GPU kernels and autotuned
// convolutions may sum in a different order from run to run).
//
// Defaults follow the original recipe on a GPU (reference.md §2.2: fp16 autocast with gradient
// scaling, channels-last, cudnn.benchmark) and plain fp32 on the CPU.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace anb::construct {

struct TrainOptions {
  std::string device = "cpu";      // "cpu", "cuda" or "cuda:N"
  std::string precision = "auto";  // "auto" (fp16 on CUDA, fp32 on the CPU), "fp32", "fp16", "bf16"
  bool channels_last = true;       // weights and batches in channels-last memory format
  bool cudnn_benchmark = true;     // let cuDNN time its convolution algorithms (CUDA only)
  int loader_threads = 1;          // threads rendering (resampling, augmenting) each batch
  bool prefetch = true;            // render the next batch while the current one trains

  // Throws std::invalid_argument naming the field, the value and the rule: device syntax,
  // precision name, fp16 only on CUDA, loader_threads in [1, 256].
  void validate() const;

  // The precision "auto" stands for on this device: "fp16" on CUDA, "fp32" on the CPU.
  std::string resolved_precision() const;

  // {"device", "precision" (resolved), "channels_last", "cudnn_benchmark", "loader_threads",
  //  "prefetch"}: stored beside results so a reader knows where they were trained.
  nlohmann::json to_json() const;
};

// The device a worker uses when the user asked for plain "cuda" and this process is worker
// `local_rank` on its machine: "cuda:<local_rank mod gpus>" when `gpus` > 1, the request
// unchanged otherwise (explicit "cuda:N" and "cpu" are never changed).
std::string device_for_worker(const std::string& requested, int local_rank, int gpus);

// The index of this process among the workers on its machine, from the launcher's environment:
// OMPI_COMM_WORLD_LOCAL_RANK (Open MPI), MPI_LOCALRANKID (MPICH), SLURM_LOCALID (srun), in that
// order; `fallback` when none holds a non-negative number. `getenv` is injectable for tests.
int local_rank_from_environment(int fallback,
                                const std::function<const char*(const char*)>& getenv = {});

// `options` with plain "cuda" mapped to this worker's GPU (device_for_worker with the local rank
// from the environment, `fallback_rank` otherwise, over the GPUs libtorch sees).
TrainOptions for_local_worker(TrainOptions options, int fallback_rank);

}  // namespace anb::construct
