// Private to the tree-ensemble evaluator: the table lookup kernels, written once and compiled
// twice: in tree_tables.cpp for the baseline instruction set (SSE2 on x86-64, plain C++ where
// there is no SSE2) and in tree_kernels_avx2.cpp with -mavx2 (chosen at run time by
// tree_tables.cpp when the CPU has AVX2). Every member value is computed by the same operations
// in the same order on every path (the SIMD lanes are members; no FMA, no reassociation), so all
// paths give the same values, bit for bit.
//
// Include once per translation unit, after defining ANB_KERNEL_NAMESPACE (the namespace the
// kernels get; an unnamed namespace inside it keeps every function local to the unit, so no
// AVX2 code can be shared with baseline code through the linker). The kernels use no standard
// library templates for the same reason.

#include <cstddef>
#include <cstdint>
#include <utility>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "tree_kernel_args.h"

#ifndef ANB_KERNEL_NAMESPACE
#error "define ANB_KERNEL_NAMESPACE before including tree_kernels.h"
#endif

namespace anb::surrogate::detail::ANB_KERNEL_NAMESPACE {
namespace {

// out[m] += (a[m] + b[m]) + (c[m] + d[m]) for members [m, m + width), in double.
#if defined(__AVX512F__)
// (The zero-masked form: GCC 12 warns about _mm512_cvtps_pd's undefined source register.)
inline __m512d load8(const float* p) { return _mm512_maskz_cvtps_pd(0xFF, _mm256_loadu_ps(p)); }
#endif
#if defined(__AVX2__)
inline __m256d load4(const float* p) { return _mm256_cvtps_pd(_mm_loadu_ps(p)); }
#endif
#if defined(__SSE2__)
inline __m128d load2(const float* p) {
  return _mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}
#endif

// Adds four tables' member values (summed pairwise) to out[0 .. padded); padded is even.
template <std::size_t P>
inline void add_four(std::size_t padded, const float* __restrict a, const float* __restrict b,
                     const float* __restrict c, const float* __restrict d,
                     double* __restrict out) {
  const std::size_t n = P == 0 ? padded : P;
  std::size_t m = 0;
#if defined(__AVX512F__)
  for (; m + 8 <= n; m += 8) {
    const __m512d ab = _mm512_add_pd(load8(a + m), load8(b + m));
    const __m512d cd = _mm512_add_pd(load8(c + m), load8(d + m));
    _mm512_storeu_pd(out + m, _mm512_add_pd(_mm512_loadu_pd(out + m), _mm512_add_pd(ab, cd)));
  }
#endif
#if defined(__AVX2__)
  for (; m + 4 <= n; m += 4) {
    const __m256d ab = _mm256_add_pd(load4(a + m), load4(b + m));
    const __m256d cd = _mm256_add_pd(load4(c + m), load4(d + m));
    _mm256_storeu_pd(out + m, _mm256_add_pd(_mm256_loadu_pd(out + m), _mm256_add_pd(ab, cd)));
  }
#endif
#if defined(__SSE2__)
  for (; m < n; m += 2) {
    const __m128d ab = _mm_add_pd(load2(a + m), load2(b + m));
    const __m128d cd = _mm_add_pd(load2(c + m), load2(d + m));
    _mm_storeu_pd(out + m, _mm_add_pd(_mm_loadu_pd(out + m), _mm_add_pd(ab, cd)));
  }
#else
  for (; m < n; ++m) {
    out[m] += (static_cast<double>(a[m]) + b[m]) + (static_cast<double>(c[m]) + d[m]);
  }
#endif
}

// Adds one table's member values to out[0 .. padded).
template <std::size_t P>
inline void add_one(std::size_t padded, const float* __restrict a, double* __restrict out) {
  const std::size_t n = P == 0 ? padded : P;
  std::size_t m = 0;
#if defined(__AVX512F__)
  for (; m + 8 <= n; m += 8) {
    _mm512_storeu_pd(out + m, _mm512_add_pd(_mm512_loadu_pd(out + m), load8(a + m)));
  }
#endif
#if defined(__AVX2__)
  for (; m + 4 <= n; m += 4) {
    _mm256_storeu_pd(out + m, _mm256_add_pd(_mm256_loadu_pd(out + m), load4(a + m)));
  }
#endif
#if defined(__SSE2__)
  for (; m < n; m += 2) _mm_storeu_pd(out + m, _mm_add_pd(_mm_loadu_pd(out + m), load2(a + m)));
#else
  for (; m < n; ++m) out[m] += a[m];
#endif
}

// Entry (combination) index that row `idx` selects in the table described by w[0 .. N]: the sum
// of choice index times entry stride over the table's features (below 4096).
template <int N>
inline std::size_t entry(const std::uint32_t* w, const std::uint8_t* idx) {
  std::size_t e = 0;
  for (int k = 1; k <= N; ++k) e += static_cast<std::size_t>(idx[w[k] & 31u]) * (w[k] >> 5);
  return e;
}

// First value of the entry that row `idx` selects.
template <int N>
inline const float* entry_values(const std::uint32_t* w, const std::uint8_t* idx,
                                 const float* values, std::size_t padded) {
  return values + w[0] + entry<N>(w, idx) * padded;
}

// One row: the entries of a chunk of tables are located (and their loads started) before they
// are summed, four tables per step, summed pairwise before touching the accumulators, so the
// additions into acc do not form one long dependency chain. Chunks are multiples of four, so
// the grouping of tables into fours is that of sum_rows.
template <int N, std::size_t P>
void sum_one_row(const std::uint32_t* w, std::size_t count, const std::uint8_t* idx,
                 const float* values, std::size_t padded, double* __restrict acc) {
  constexpr std::size_t kWords = N + 1;
  constexpr std::size_t kChunk = 32;
  if (P != 0) padded = P;
  const float* at[kChunk];
  for (std::size_t begin = 0; begin < count; begin += kChunk) {
    const std::size_t n = count - begin < kChunk ? count - begin : kChunk;
    for (std::size_t j = 0; j < n; ++j, w += kWords) {
      at[j] = entry_values<N>(w, idx, values, padded);
      __builtin_prefetch(at[j]);
      __builtin_prefetch(at[j] + padded - 1);
    }
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) add_four<P>(padded, at[j], at[j + 1], at[j + 2], at[j + 3], acc);
    for (; j < n; ++j) add_one<P>(padded, at[j], acc);
  }
}

// Entry indices of the table described by w[0 .. N] for every row, from the rows' columns
// (16-bit lanes: vectorized); the same values as entry<N> row by row.
template <int N>
void entries(const std::uint32_t* w, const KernelArgs& a, std::uint16_t* __restrict out) {
  const std::size_t rows = a.rows;
  const std::uint8_t* col[N > 0 ? N : 1];
  std::uint16_t stride[N > 0 ? N : 1];
  for (int k = 0; k < N; ++k) {
    col[k] = a.columns + (w[k + 1] & 31u) * rows;
    stride[k] = static_cast<std::uint16_t>(w[k + 1] >> 5);
  }
#pragma GCC ivdep
  for (std::size_t i = 0; i < rows; ++i) {
    std::uint16_t e = 0;
    for (int k = 0; k < N; ++k) e = static_cast<std::uint16_t>(e + col[k][i] * stride[k]);
    out[i] = e;
  }
}

// Several rows: table-outer, four tables at a time, so each table is brought into cache once per
// block of rows. The four entries are summed pairwise exactly as in sum_one_row, so every row
// gets the same value, bit for bit, as when it is queried alone.
template <int N, std::size_t P>
void sum_rows(const std::uint32_t* w, std::size_t count, const KernelArgs& a) {
  if (a.rows == 1) return sum_one_row<N, P>(w, count, a.idx, a.values, a.padded, a.acc);
  constexpr std::size_t kWords = N + 1;
  const std::size_t padded = P == 0 ? a.padded : P;
  const std::size_t rows = a.rows;
  const float* values = a.values;
  double* __restrict acc = a.acc;
  std::uint16_t* const ea = a.entries;
  std::uint16_t* const eb = ea + rows;
  std::uint16_t* const ec = eb + rows;
  std::uint16_t* const ed = ec + rows;
  std::size_t t = 0;
  for (; t + 4 <= count; t += 4, w += 4 * kWords) {
    entries<N>(w, a, ea);
    entries<N>(w + kWords, a, eb);
    entries<N>(w + 2 * kWords, a, ec);
    entries<N>(w + 3 * kWords, a, ed);
    const float* const va = values + w[0];
    const float* const vb = values + w[kWords];
    const float* const vc = values + w[2 * kWords];
    const float* const vd = values + w[3 * kWords];
    for (std::size_t i = 0; i < rows; ++i) {
      add_four<P>(padded, va + ea[i] * padded, vb + eb[i] * padded, vc + ec[i] * padded,
                  vd + ed[i] * padded, acc + i * padded);
    }
  }
  for (; t < count; ++t, w += kWords) {
    entries<N>(w, a, ea);
    const float* const va = values + w[0];
    for (std::size_t i = 0; i < rows; ++i) add_one<P>(padded, va + ea[i] * padded, acc + i * padded);
  }
}

template <int N>
void sum_rows_any_width(const std::uint32_t* w, std::size_t count, const KernelArgs& a) {
  switch (a.padded) {
    case 2:
      return sum_rows<N, 2>(w, count, a);
    case 4:
      return sum_rows<N, 4>(w, count, a);
    case 6:
      return sum_rows<N, 6>(w, count, a);
    case 8:
      return sum_rows<N, 8>(w, count, a);
    case 10:
      return sum_rows<N, 10>(w, count, a);
    case 12:
      return sum_rows<N, 12>(w, count, a);
    case 16:
      return sum_rows<N, 16>(w, count, a);
    case 20:
      return sum_rows<N, 20>(w, count, a);
    default:
      return sum_rows<N, 0>(w, count, a);
  }
}

template <int... Ns>
void dispatch(int n, std::integer_sequence<int, Ns...>, const std::uint32_t* w, std::size_t count,
              const KernelArgs& a) {
  ((n == Ns ? sum_rows_any_width<Ns>(w, count, a) : void()), ...);
}

}  // namespace

// Adds every table's entry for each row to that row's member values (see KernelArgs).
void accumulate(const KernelArgs& a) {
  for (int n = 1; n <= kMaxTableFeatures; ++n) {
    if (a.group_tables[n] == 0) continue;
    dispatch(n, std::make_integer_sequence<int, kMaxTableFeatures + 1>{}, a.group[n],
             a.group_tables[n], a);
  }
}

}  // namespace anb::surrogate::detail::ANB_KERNEL_NAMESPACE
