// Lookup tables over feature subsets: layout, filling from leaf boxes, and the lookup kernels.

#include "tree_tables.h"

#include <stdexcept>
#include <utility>

namespace anb::surrogate::detail {
namespace {

constexpr std::size_t kRow = kNumFeatures + 1;  // choice indices per row (with the pad slot)
// A single-row query prefetches the entry of the table this many tables ahead: the lookups do not
// depend on each other, so their cache misses can overlap.
constexpr std::size_t kPrefetchAhead = 16;

// Value offset of the entry that row `idx` selects in the table described by w[0 .. N].
template <int N>
inline std::size_t entry(const std::uint32_t* w, const std::uint8_t* idx) {
  std::size_t off = w[0];
  for (int k = 1; k <= N; ++k) off += static_cast<std::size_t>(idx[w[k] & 31u]) * (w[k] >> 5);
  return off;
}

// Member count per entry: a compile-time P (2, 4, ..., 16) keeps the accumulators in registers;
// P = 0 means "read it at run time".
template <std::size_t P>
struct Width {
  std::size_t runtime;
  constexpr std::size_t get() const { return P == 0 ? runtime : P; }
};

// One row: four tables per step, summed pairwise before touching the accumulators, so the
// additions into acc do not form one long dependency chain.
template <int N, std::size_t P>
void sum_one_row(const std::uint32_t* w, std::size_t count, const std::uint8_t* idx,
                 const float* values, Width<P> width, double* __restrict acc) {
  constexpr std::size_t kWords = N + 1;
  const std::size_t padded = width.get();
  double local[P == 0 ? 1 : P];
  double* __restrict sum = P == 0 ? acc : local;
  if (P != 0) {
    for (std::size_t m = 0; m < padded; ++m) sum[m] = acc[m];
  }
  std::size_t t = 0;
  for (; t + 4 <= count; t += 4, w += 4 * kWords) {
    if (t + kPrefetchAhead + 4 <= count) {  // independent lookups: start their loads early
      for (std::size_t j = 0; j < 4; ++j) {
        const float* ahead = values + entry<N>(w + (kPrefetchAhead + j) * kWords, idx);
        __builtin_prefetch(ahead);
        __builtin_prefetch(ahead + padded - 1);
      }
    }
    const float* __restrict a = values + entry<N>(w, idx);
    const float* __restrict b = values + entry<N>(w + kWords, idx);
    const float* __restrict c = values + entry<N>(w + 2 * kWords, idx);
    const float* __restrict d = values + entry<N>(w + 3 * kWords, idx);
    for (std::size_t m = 0; m < padded; ++m)
      sum[m] += (static_cast<double>(a[m]) + b[m]) + (static_cast<double>(c[m]) + d[m]);
  }
  for (; t < count; ++t, w += kWords) {
    const float* __restrict a = values + entry<N>(w, idx);
    for (std::size_t m = 0; m < padded; ++m) sum[m] += a[m];
  }
  if (P != 0) {
    for (std::size_t m = 0; m < padded; ++m) acc[m] = sum[m];
  }
}

// Several rows: table-outer, four tables at a time, so each table is brought into cache once per
// block of rows. The four entries are summed pairwise exactly as in sum_one_row, so every row
// gets the same value, bit for bit, as when it is queried alone.
template <int N, std::size_t P>
void sum_rows(const std::uint32_t* w, std::size_t count, const std::uint8_t* idx, std::size_t rows,
              const float* values, Width<P> width, double* __restrict acc) {
  if (rows == 1) return sum_one_row<N, P>(w, count, idx, values, width, acc);
  constexpr std::size_t kWords = N + 1;
  const std::size_t padded = width.get();
  std::size_t t = 0;
  for (; t + 4 <= count; t += 4, w += 4 * kWords) {
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint8_t* x = idx + r * kRow;
      const float* __restrict a = values + entry<N>(w, x);
      const float* __restrict b = values + entry<N>(w + kWords, x);
      const float* __restrict c = values + entry<N>(w + 2 * kWords, x);
      const float* __restrict d = values + entry<N>(w + 3 * kWords, x);
      double* __restrict out = acc + r * padded;
      for (std::size_t m = 0; m < padded; ++m)
        out[m] += (static_cast<double>(a[m]) + b[m]) + (static_cast<double>(c[m]) + d[m]);
    }
  }
  for (; t < count; ++t, w += kWords) {
    for (std::size_t r = 0; r < rows; ++r) {
      const float* __restrict a = values + entry<N>(w, idx + r * kRow);
      double* __restrict out = acc + r * padded;
      for (std::size_t m = 0; m < padded; ++m) out[m] += a[m];
    }
  }
}

template <int N>
void sum_rows_any_width(const std::uint32_t* w, std::size_t count, const std::uint8_t* idx,
                        std::size_t rows, const float* values, std::size_t padded, double* acc) {
  switch (padded) {
    case 2:
      return sum_rows<N, 2>(w, count, idx, rows, values, {0}, acc);
    case 4:
      return sum_rows<N, 4>(w, count, idx, rows, values, {0}, acc);
    case 6:
      return sum_rows<N, 6>(w, count, idx, rows, values, {0}, acc);
    case 8:
      return sum_rows<N, 8>(w, count, idx, rows, values, {0}, acc);
    case 10:
      return sum_rows<N, 10>(w, count, idx, rows, values, {0}, acc);
    case 12:
      return sum_rows<N, 12>(w, count, idx, rows, values, {0}, acc);
    case 16:
      return sum_rows<N, 16>(w, count, idx, rows, values, {0}, acc);
    case 20:
      return sum_rows<N, 20>(w, count, idx, rows, values, {0}, acc);
    default:
      return sum_rows<N, 0>(w, count, idx, rows, values, {padded}, acc);
  }
}

template <int... Ns>
void dispatch(int n, std::integer_sequence<int, Ns...>, const std::uint32_t* w, std::size_t count,
              const std::uint8_t* idx, std::size_t rows, const float* values, std::size_t padded,
              double* acc) {
  ((n == Ns ? sum_rows_any_width<Ns>(w, count, idx, rows, values, padded, acc) : void()), ...);
}

}  // namespace

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
    for (int k = 0; k < t.n; ++k) g.push_back(t.stride[k] << 5 | t.feature[k]);
  }
  if (offset >= (std::size_t{1} << 32)) throw std::length_error("TableSet: tables too large");
  staging_.assign(offset, 0.0);
}

void TableSet::finish() {
  values_.assign(staging_.begin(), staging_.end());
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

void TableSet::accumulate(const std::uint8_t* idx, std::size_t rows, double* acc) const {
  if (!staging_.empty()) throw std::logic_error("TableSet: query before finish()");
  for (int n = 1; n <= kMaxTableFeatures; ++n) {
    const std::vector<std::uint32_t>& g = groups_[n];
    if (g.empty()) continue;
    dispatch(n, std::make_integer_sequence<int, kMaxTableFeatures + 1>{}, g.data(),
             g.size() / static_cast<std::size_t>(n + 1), idx, rows, values_.data(), padded_, acc);
  }
}

}  // namespace anb::surrogate::detail
