#pragma once
// Private to the tree-ensemble evaluator: what the table lookup kernels (tree_kernels.h) read,
// as plain pointers and counts, and the kernels compiled for each instruction set.

#include <cstddef>
#include <cstdint>

namespace anb::surrogate::detail {

// Largest number of features of one table (4096 entries of radix >= 2).
inline constexpr int kMaxTableFeatures = 12;

struct KernelArgs {
  // Tables grouped by feature count n: group_tables[n] tables, each n + 1 words at group[n]: the
  // table's first value, then (entry stride << 5 | feature) per feature.
  const std::uint32_t* group[kMaxTableFeatures + 1] = {};
  std::size_t group_tables[kMaxTableFeatures + 1] = {};
  const float* values = nullptr;  // entry-major, member-minor
  std::size_t padded = 0;         // values per entry (even)
  const std::uint8_t* idx = nullptr;  // rows x (kNumFeatures + 1) choice indices, row-major
  std::size_t rows = 0;
  // For rows > 1: the same indices feature-major ((kNumFeatures + 1) x rows), and room for four
  // tables' entry indices per row (4 x rows).
  const std::uint8_t* columns = nullptr;
  std::uint16_t* entries = nullptr;
  double* acc = nullptr;  // rows x padded member sums, added to
};

// Instruction sets the kernels are compiled for.
enum class KernelIsa {
  kBaseline,  // what the whole build targets (SSE2 on x86-64)
  kAvx2,      // AVX2 (x86-64 only)
  kAvx512,    // AVX-512F (x86-64 only)
};

// True when this build has `isa`'s kernels and the CPU runs them.
bool kernel_available(KernelIsa isa);

// The kernels: every table's entry for each row added to that row's member values. All give the
// same values, bit for bit.
namespace baseline {
void accumulate(const KernelArgs& args);
}
namespace avx2 {
void accumulate(const KernelArgs& args);
}
namespace avx512 {
void accumulate(const KernelArgs& args);
}

}  // namespace anb::surrogate::detail
