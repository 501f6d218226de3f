// Lookup tables over feature subsets: layout, filling from leaf boxes, and the lookup kernels.

#include "tree_tables.h"

#include <algorithm>
#include <new>
#include <cstdlib>
#include <string>
#include <stdexcept>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// The kernels, compiled for the baseline instruction set (tree_kernels_avx2.cpp has the AVX2 ones).
#define ANB_KERNEL_NAMESPACE baseline
#include "tree_kernels.h"
#undef ANB_KERNEL_NAMESPACE

namespace anb::surrogate::detail {
namespace {

constexpr std::size_t kRow = kNumFeatures + 1;  // choice indices per row (with the pad slot)

bool cpu_has(KernelIsa isa) {
#if defined(ANB_TREE_AVX2) && defined(ANB_TREE_AVX512)
  __builtin_cpu_init();
  if (isa == KernelIsa::kAvx2) return __builtin_cpu_supports("avx2");
  if (isa == KernelIsa::kAvx512) return __builtin_cpu_supports("avx512f");
#endif
  return isa == KernelIsa::kBaseline;
}

// The kernels accumulate() runs: the widest the CPU has, unless $ANB_TREE_KERNEL names one
// ("baseline", "avx2" or "avx512"; one the CPU lacks falls back to the baseline).
KernelIsa default_isa() {
  static const KernelIsa isa = [] {
    const char* env = std::getenv("ANB_TREE_KERNEL");
    const std::string want = env == nullptr ? "" : env;
    if (want == "baseline") return KernelIsa::kBaseline;
    if (want == "avx2") return cpu_has(KernelIsa::kAvx2) ? KernelIsa::kAvx2 : KernelIsa::kBaseline;
    if (want != "avx2" && cpu_has(KernelIsa::kAvx512)) return KernelIsa::kAvx512;
    return cpu_has(KernelIsa::kAvx2) ? KernelIsa::kAvx2 : KernelIsa::kBaseline;
  }();
  return isa;
}

}  // namespace

bool kernel_available(KernelIsa isa) {
  static const bool avx2 = cpu_has(KernelIsa::kAvx2);
  static const bool avx512 = cpu_has(KernelIsa::kAvx512);
  return isa == KernelIsa::kBaseline || (isa == KernelIsa::kAvx2 && avx2) ||
         (isa == KernelIsa::kAvx512 && avx512);
}

TableSet::TableSet(const std::vector<std::uint32_t>& sets, std::size_t members)
    : members_(members), padded_((members + 1) / 2 * 2) {
  std::size_t offset = 0;
  for (const std::uint32_t s : sets) {
    Table t;
    t.offset = offset;
    std::size_t stride = padded_ * set_entries(s);
    for (int f = 0; f < kNumFeatures; ++f) {
      if (!(s >> f & 1u)) continue;
      if (t.n == kMaxTableFeatures) throw std::logic_error("TableSet: too many table features");
      stride /= static_cast<std::size_t>(feature_radix(f));
      t.feature[t.n] = static_cast<std::uint8_t>(f);
      if (stride >= (std::size_t{1} << 27)) throw std::length_error("TableSet: too many members");
      t.stride[t.n] = static_cast<std::uint32_t>(stride);
      ++t.n;
    }
    entries_ += set_entries(s);
    offset += padded_ * set_entries(s);
    tables_.push_back(t);
    std::vector<std::uint32_t>& g = groups_[t.n];
    g.push_back(static_cast<std::uint32_t>(t.offset));
    for (int k = 0; k < t.n; ++k) {
      const std::uint32_t entry_stride = t.stride[k] / static_cast<std::uint32_t>(padded_);
      g.push_back(entry_stride << 5 | t.feature[k]);
    }
  }
  if (offset >= (std::size_t{1} << 32)) throw std::length_error("TableSet: tables too large");
  staging_.assign(offset, 0.0);
}

void TableSet::finish() {
  constexpr std::size_t kHugePage = std::size_t{2} << 20;
  const std::size_t bytes = std::max<std::size_t>(staging_.size() * sizeof(float), 64);
  const std::size_t align = bytes >= kHugePage ? kHugePage : 64;
  const std::size_t rounded = (bytes + align - 1) / align * align;
  auto* p = static_cast<float*>(std::aligned_alloc(align, rounded));
  if (p == nullptr) throw std::bad_alloc();
  values_.reset(p);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (align == kHugePage) madvise(p, rounded, MADV_HUGEPAGE);  // a hint; fine if refused
#endif
  std::copy(staging_.begin(), staging_.end(), p);
  staging_ = std::vector<double>();
}

void TableSet::add_box(const Table& t, int k, std::size_t offset, const LeafBox& leaf) {
  if (k == t.n) {
    staging_[offset] += leaf.value;
    return;
  }
  const int f = t.feature[k];
  for (int v = 0; v < feature_radix(f); ++v) {
    if (leaf.allowed[f] >> v & 1u) add_box(t, k + 1, offset + v * t.stride[k], leaf);
  }
}

void TableSet::add_leaf(std::size_t table, const LeafBox& leaf, std::size_t member) {
  if (staging_.empty()) throw std::logic_error("TableSet: add_leaf after finish()");
  const Table& t = tables_.at(table);
  add_box(t, 0, t.offset + member, leaf);
}

KernelArgs TableSet::args() const {
  KernelArgs a;
  for (int n = 1; n <= kMaxTableFeatures; ++n) {
    a.group[n] = groups_[n].data();
    a.group_tables[n] = groups_[n].size() / static_cast<std::size_t>(n + 1);
  }
  a.values = values_.get();
  a.padded = padded_;
  return a;
}

void TableSet::accumulate(const std::uint8_t* idx, std::size_t rows, double* acc) const {
  accumulate(idx, rows, acc, default_isa());
}

void TableSet::accumulate(const std::uint8_t* idx, std::size_t rows, double* acc,
                          KernelIsa isa) const {
  if (!staging_.empty()) throw std::logic_error("TableSet: query before finish()");
  if (!kernel_available(isa)) throw std::logic_error("TableSet: kernels not available here");
  KernelArgs a = args();
  a.idx = idx;
  a.rows = rows;
  a.acc = acc;
  std::vector<std::uint8_t> columns;
  std::vector<std::uint16_t> entries;
  if (rows > 1) {
    columns.resize(kRow * rows);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t f = 0; f < kRow; ++f) columns[f * rows + i] = idx[i * kRow + f];
    }
    entries.resize(4 * rows);
    a.columns = columns.data();
    a.entries = entries.data();
  }
  switch (isa) {
    case KernelIsa::kAvx512:
      return avx512::accumulate(a);
    case KernelIsa::kAvx2:
      return avx2::accumulate(a);
    case KernelIsa::kBaseline:
      return baseline::accumulate(a);
  }
}

}  // namespace anb::surrogate::detail
