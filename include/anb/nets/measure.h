#pragma once
// On-device measurement of an architecture's real network: inference throughput (images/s at
// batch B) and latency (ms at batch 1), in eval mode without autograd, after warm-up forwards,
// as mean and standard deviation over K timed forwards.
//
// Timing: each timed forward is bracketed by a device synchronisation (CUDA) and read from a
// steady clock, so a repeat measures the same interval as CUDA events recorded on the stream
// around the forward call (launch overhead included in both). Throughput mean = batch / mean
// forward time (as in the H200 records); throughput std = sample std of batch / time over the
// repeats; latency mean and std are over the repeats, in ms.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <torch/torch.h>

#include "anb/nets/device.h"
#include "anb/space/architecture.h"

namespace anb::nets {

// How to measure.
struct MeasureOptions {
  std::string device = "cpu";  // "cpu", "cuda" or "cuda:N"
  int batch = 32;              // batch of the throughput measurement
  int resolution = 224;        // input side in pixels
  int threads = 0;             // intra-op CPU threads (0: libtorch's default)
  int warmup = 2;              // untimed forwards before each measurement
  int repeats = 5;             // timed forwards of each measurement
  Precision precision = Precision::kFp32;
  bool channels_last = true;  // weights and inputs in channels-last memory format
  bool latency = true;        // also measure latency at batch 1

  // Throws std::invalid_argument naming the field, the value and the rule (device syntax,
  // batch >= 1, resolution >= the network's total stride 32, threads >= 0, warmup >= 0,
  // repeats >= 1, fp16 only on CUDA).
  void validate() const;
};

// Mean and standard deviation of one metric.
struct Timing {
  double mean = 0.0;
  double std = 0.0;
};

// Result for one architecture.
struct ArchMeasurement {
  Timing throughput;  // images/s at options.batch
  Timing latency;     // ms at batch 1 (zero when options.latency is false)
  double seconds = 0.0;  // wall time spent on this architecture, building included
};

// Throughput from per-forward times in seconds (see the file comment).
Timing throughput_from_times(const std::vector<double>& seconds, int batch);

// Latency in ms from per-forward times in seconds.
Timing latency_from_times(const std::vector<double>& seconds);

// Process-wide settings for measuring: sets the intra-op threads (when threads > 0), sets the
// inter-op threads to 1 once per process (libtorch allows only one call), turns off glibc's
// mmap for large blocks (an mmap/munmap pair per forward otherwise), gives OpenBLAS one thread
// (its own pool fights libtorch's OpenMP threads) and turns on cuDNN benchmark mode on CUDA. Note: OMP_WAIT_POLICY=PASSIVE must be in the environment before the process starts.
void prepare_process(const MeasureOptions& options);

// Builds the dataset's network of `arch` (ReLU + hard-sigmoid, 1000 classes) and measures it.
// Validates `options` and the device first.
ArchMeasurement measure_architecture(const space::Architecture& arch,
                                     const MeasureOptions& options);

// Peak resident set size of this process so far, in MiB.
double peak_rss_mib();

}  // namespace anb::nets
