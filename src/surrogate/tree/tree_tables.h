#pragma once
// Private to the tree-ensemble evaluator: lookup tables over feature subsets. A table over the
// features S holds, for every combination of their choice indices, the summed leaf values of
// every member (entry-major, member-minor), so one lookup adds a vector of member values.
// Entries are summed in double while the tables are filled and stored as float afterwards.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "tree_kernel_args.h"
#include "tree_leaf_boxes.h"

namespace anb::surrogate::detail {

class TableSet {
 public:
  TableSet() = default;
  TableSet(TableSet&&) noexcept = default;
  TableSet& operator=(TableSet&&) noexcept = default;

  // Zero tables over the given feature sets (each at most 4096 entries) for `members` members.
  TableSet(const std::vector<std::uint32_t>& sets, std::size_t members);

  // Adds leaf.value to member `member` of every entry of table `table` inside the leaf's box.
  // The table's features must include every feature the leaf restricts.
  void add_leaf(std::size_t table, const LeafBox& leaf, std::size_t member);

  // Rounds the filled tables to float (halving their memory, so more of them stay in cache)
  // and frees the double-precision staging values. Call once, after the last add_leaf.
  void finish();

  // Adds every table's entry for each row to that row's member values: idx holds `rows` rows
  // of kNumFeatures + 1 choice indices (the last one 0), acc holds rows x members values. Each
  // row gets the same values, bit for bit, whatever the number of rows. Runs the widest kernel
  // the CPU has (tree_kernels.h), unless $ANB_TREE_KERNEL=baseline asks for the baseline one.
  void accumulate(const std::uint8_t* idx, std::size_t rows, double* acc) const;

  // As above with the kernels of `isa` (the same values, bit for bit); throws std::logic_error
  // when kernel_available(isa) is false.
  void accumulate(const std::uint8_t* idx, std::size_t rows, double* acc, KernelIsa isa) const;

  // Values per entry: the member count rounded up to even (the accumulator row stride).
  std::size_t padded_members() const { return padded_; }
  std::size_t num_tables() const { return tables_.size(); }
  // Entries over all tables, counted once per combination (not per member).
  std::size_t num_entries() const { return entries_; }

 private:
  struct Table {
    std::size_t offset = 0;  // first value
    int n = 0;               // number of features
    std::uint8_t feature[kMaxTableFeatures] = {};
    std::uint32_t stride[kMaxTableFeatures] = {};  // values per step of the choice index
  };

  KernelArgs args() const;  // the tables, without rows
  void add_box(const Table& t, int k, std::size_t offset, const LeafBox& leaf);

  std::size_t members_ = 0;
  std::size_t padded_ = 0;  // members rounded up to a multiple of 2 (values per entry)
  std::size_t entries_ = 0;
  std::vector<Table> tables_;
  std::vector<double> staging_;  // filled by add_leaf, summed in double
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  // What queries read, after finish(): cache-line aligned, and in 2 MiB huge pages where the
  // system grants them (Linux transparent huge pages on madvise) once the tables reach 2 MiB, so
  // the random lookups of a query over tens of MiB of tables need few TLB entries.
  std::unique_ptr<float[], Free> values_;
  // Tables grouped by feature count n (groups_[n]): per table n + 1 words, the offset then
  // (entry stride << 5 | feature) per feature (KernelArgs).
  std::vector<std::uint32_t> groups_[kMaxTableFeatures + 1];
};

}  // namespace anb::surrogate::detail
