// Greedy planning of table feature sets: absorb subsets, then merge while the union fits.

#include "tree_table_plan.h"

#include <algorithm>
#include <bitset>
#include <utility>

#include "tree_leaf_boxes.h"

namespace anb::surrogate::detail {
namespace {

bool contains(std::uint32_t outer, std::uint32_t inner) { return (outer & inner) == inner; }

int popcount(std::uint32_t s) { return static_cast<int>(std::bitset<32>(s).count()); }

// Distinct non-empty sets, largest first (by feature count, then entries), so that subsets
// meet their supersets already placed.
std::vector<std::uint32_t> distinct_largest_first(std::vector<std::uint32_t> sets) {
  sets.erase(std::remove(sets.begin(), sets.end(), 0u), sets.end());
  std::sort(sets.begin(), sets.end());
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::stable_sort(sets.begin(), sets.end(), [](std::uint32_t a, std::uint32_t b) {
    if (popcount(a) != popcount(b)) return popcount(a) > popcount(b);
    return set_entries(a) > set_entries(b);
  });
  return sets;
}

std::vector<std::uint32_t> absorb_subsets(const std::vector<std::uint32_t>& sets) {
  std::vector<std::uint32_t> tables;
  for (const std::uint32_t s : sets) {
    if (smallest_superset(tables, s) < 0) tables.push_back(s);
  }
  return tables;
}

// One greedy pass: each table, smallest first, joins the partner with the smallest union that
// fits `cap`. Returns whether any merge happened.
bool merge_pass(std::vector<std::uint32_t>& tables, std::size_t cap) {
  std::sort(tables.begin(), tables.end(), [](std::uint32_t a, std::uint32_t b) {
    return set_entries(a) < set_entries(b) || (set_entries(a) == set_entries(b) && a < b);
  });
  std::vector<char> gone(tables.size(), 0);
  bool merged = false;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    std::size_t best = tables.size();
    std::size_t best_entries = cap + 1;
    for (std::size_t j = 0; j < tables.size(); ++j) {
      if (j == i || gone[j]) continue;
      const std::size_t e = set_entries(tables[i] | tables[j]);
      if (e < best_entries) {
        best = j;
        best_entries = e;
      }
    }
    if (best == tables.size()) continue;
    tables[best] |= tables[i];
    gone[i] = 1;
    merged = true;
  }
  std::vector<std::uint32_t> kept;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (!gone[i]) kept.push_back(tables[i]);
  }
  tables = absorb_subsets(distinct_largest_first(kept));
  return merged;
}

}  // namespace

std::ptrdiff_t smallest_superset(const std::vector<std::uint32_t>& tables,
                                 std::uint32_t features) {
  std::ptrdiff_t best = -1;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (!contains(tables[t], features)) continue;
    if (best < 0 || set_entries(tables[t]) < set_entries(tables[static_cast<std::size_t>(best)])) {
      best = static_cast<std::ptrdiff_t>(t);
    }
  }
  return best;
}

std::vector<std::uint32_t> plan_tables(std::vector<std::uint32_t> needed, std::size_t cap,
                                       bool merge) {
  const std::vector<std::uint32_t> sets = distinct_largest_first(std::move(needed));
  std::vector<std::uint32_t> tables = absorb_subsets(sets);
  if (merge) {
    for (int pass = 0; pass < 8 && merge_pass(tables, cap); ++pass) {
    }
  }
  // Keep only the tables that some set uses (the smallest superset of it).
  std::vector<char> used(tables.size(), 0);
  for (const std::uint32_t s : sets) used[static_cast<std::size_t>(smallest_superset(tables, s))] = 1;
  std::vector<std::uint32_t> kept;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    if (used[t]) kept.push_back(tables[t]);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace anb::surrogate::detail
