// The table lookup kernels compiled for AVX2 (this file gets -mavx2 on x86-64; see
// CMakeLists.txt). tree_tables.cpp calls them only when the CPU has AVX2.

#if defined(ANB_TREE_AVX2)
#define ANB_KERNEL_NAMESPACE avx2
#include "tree_kernels.h"
#else
#include "tree_kernel_args.h"

namespace anb::surrogate::detail::avx2 {
void accumulate(const KernelArgs&) {}  // never called: kernel_available(kAvx2) is false
}  // namespace anb::surrogate::detail::avx2
#endif
