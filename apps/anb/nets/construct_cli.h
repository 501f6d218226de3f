#pragma once
// Process settings shared by `anb train`, `anb proxy-search` and `anb collect`.

#include <malloc.h>
#include <torch/torch.h>

#include <iostream>
#include <string>

namespace anb::cli {

// Sets the intra-op thread count (one per process is best when several trainings run side by
// side: OMP_WAIT_POLICY=PASSIVE should also be set in the environment before start) and keeps
// glibc from returning every large tensor buffer to the kernel (an mmap/munmap per batch).
inline void setup_training_process(int threads) {
  if (threads > 0) torch::set_num_threads(threads);
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
}

// Prints one progress line to stderr (the log of long runs).
inline void log_line(const std::string& line) { std::cerr << line << std::endl; }

}  // namespace anb::cli
