// Lookup tables over feature subsets: layout, filling from leaf boxes, and the lookup kernels.

#include "tree_tables.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

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

// The rows of a lookup: row-major choice indices, and for several rows also the same indices
// column by column (feature-major) and room for four tables' entry offsets per row.
struct Rows {
  const std::uint8_t* idx = nullptr;  // rows x kRow, row-major
  std::size_t rows = 0;
  const std::uint8_t* columns = nullptr;  // kRow x rows, feature-major (rows > 1)
  std::uint32_t* offsets = nullptr;       // 4 x rows (rows > 1)
};

// Value offsets of the entries the rows select in the table described by w[0 .. N], computed
// feature by feature over all rows (vectorizable); the same values as entry<N> row by row.
template <int N>
void entries(const std::uint32_t* w, const Rows& r, std::uint32_t* out) {
  std::fill(out, out + r.rows, w[0]);
  for (int k = 1; k <= N; ++k) {
    const std::uint8_t* __restrict col = r.columns + (w[k] & 31u) * r.rows;
    const std::uint32_t stride = w[k] >> 5;
    for (std::size_t i = 0; i < r.rows; ++i) out[i] += col[i] * stride;
  }
}

// Several rows: table-outer, four tables at a time, so each table is brought into cache once per
// block of rows. The four entries are summed pairwise exactly as in sum_one_row, so every row
// gets the same value, bit for bit, as when it is queried alone.
template <int N, std::size_t P>
void sum_rows(const std::uint32_t* w, std::size_t count, const Rows& r, const float* values,
              Width<P> width, double* __restrict acc) {
  if (r.rows == 1) return sum_one_row<N, P>(w, count, r.idx, values, width, acc);
  constexpr std::size_t kWords = N + 1;
  const std::size_t padded = width.get();
  const std::size_t rows = r.rows;
  std::uint32_t* const oa = r.offsets;
  std::uint32_t* const ob = oa + rows;
  std::uint32_t* const oc = ob + rows;
  std::uint32_t* const od = oc + rows;
  std::size_t t = 0;
  for (; t + 4 <= count; t += 4, w += 4 * kWords) {
    entries<N>(w, r, oa);
    entries<N>(w + kWords, r, ob);
    entries<N>(w + 2 * kWords, r, oc);
    entries<N>(w + 3 * kWords, r, od);
    for (std::size_t i = 0; i < rows; ++i) {
      const float* __restrict a = values + oa[i];
      const float* __restrict b = values + ob[i];
      const float* __restrict c = values + oc[i];
      const float* __restrict d = values + od[i];
      double* __restrict out = acc + i * padded;
      for (std::size_t m = 0; m < padded; ++m)
        out[m] += (static_cast<double>(a[m]) + b[m]) + (static_cast<double>(c[m]) + d[m]);
    }
  }
  for (; t < count; ++t, w += kWords) {
    entries<N>(w, r, oa);
    for (std::size_t i = 0; i < rows; ++i) {
      const float* __restrict a = values + oa[i];
      double* __restrict out = acc + i * padded;
      for (std::size_t m = 0; m < padded; ++m) out[m] += a[m];
    }
  }
}

template <int N>
void sum_rows_any_width(const std::uint32_t* w, std::size_t count, const Rows& idx,
                        const float* values, std::size_t padded, double* acc) {
  switch (padded) {
    case 2:
      return sum_rows<N, 2>(w, count, idx, values, {0}, acc);
    case 4:
      return sum_rows<N, 4>(w, count, idx, values, {0}, acc);
    case 6:
      return sum_rows<N, 6>(w, count, idx, values, {0}, acc);
    case 8:
      return sum_rows<N, 8>(w, count, idx, values, {0}, acc);
    case 10:
      return sum_rows<N, 10>(w, count, idx, values, {0}, acc);
    case 12:
      return sum_rows<N, 12>(w, count, idx, values, {0}, acc);
    case 16:
      return sum_rows<N, 16>(w, count, idx, values, {0}, acc);
    case 20:
      return sum_rows<N, 20>(w, count, idx, values, {0}, acc);
    default:
      return sum_rows<N, 0>(w, count, idx, values, {padded}, acc);
  }
}

template <int... Ns>
void dispatch(int n, std::integer_sequence<int, Ns...>, const std::uint32_t* w, std::size_t count,
              const Rows& idx, const float* values, std::size_t padded, double* acc) {
  ((n == Ns ? sum_rows_any_width<Ns>(w, count, idx, values, padded, acc) : void()), ...);
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
  Rows r{idx, rows};
  std::vector<std::uint8_t> columns;
  std::vector<std::uint32_t> offsets;
  if (rows > 1) {
    columns.resize(kRow * rows);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t f = 0; f < kRow; ++f) columns[f * rows + i] = idx[i * kRow + f];
    }
    offsets.resize(4 * rows);
    r.columns = columns.data();
    r.offsets = offsets.data();
  }
  for (int n = 1; n <= kMaxTableFeatures; ++n) {
    const std::vector<std::uint32_t>& g = groups_[n];
    if (g.empty()) continue;
    dispatch(n, std::make_integer_sequence<int, kMaxTableFeatures + 1>{}, g.data(),
             g.size() / static_cast<std::size_t>(n + 1), r, values_.data(), padded_, acc);
  }
}

}  // namespace anb::surrogate::detail
