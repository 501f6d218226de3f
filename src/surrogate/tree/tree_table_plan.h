#pragma once
// Private to the tree-ensemble evaluator: choosing the feature sets of the lookup tables.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace anb::surrogate::detail {

// Feature sets (bit masks) of lookup tables such that every non-empty set in `needed` is a
// subset of one of them and every table has at most `cap` entries (each needed set must fit).
// Sets contained in a larger needed set share its table; with `merge`, tables are further
// merged greedily (smallest first, into the partner giving the smallest union) while the union
// fits `cap`, to cut the number of lookups per query.
std::vector<std::uint32_t> plan_tables(std::vector<std::uint32_t> needed, std::size_t cap,
                                       bool merge);

// Index of the table with the fewest entries whose set contains `features`, or -1 if none.
std::ptrdiff_t smallest_superset(const std::vector<std::uint32_t>& tables,
                                 std::uint32_t features);

}  // namespace anb::surrogate::detail
