// The table lookup kernels compiled for AVX-512 (this file gets -mavx512f on x86-64; see
// CMakeLists.txt). tree_tables.cpp calls them only when the CPU has AVX-512F.

#if defined(ANB_TREE_AVX512)
#define ANB_KERNEL_NAMESPACE avx512
#include "tree_kernels.h"
#else
#include "tree_kernel_args.h"

namespace anb::surrogate::detail::avx512 {
void accumulate(const KernelArgs&) {}  // never called: kernel_available(kAvx512) is false
}  // namespace anb::surrogate::detail::avx512
#endif
