// Unit tests of the evaluator's private building blocks: split thresholds, leaf boxes, table
// planning and table lookups.

#include "../../../src/surrogate/tree/tree_tables.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "../../../src/surrogate/tree/tree_leaf_boxes.h"
#include "../../../src/surrogate/tree/tree_model.h"
#include "../../../src/surrogate/tree/tree_table_plan.h"
#include "anb/space/search_space.h"

namespace anb::surrogate::detail {
namespace {

TEST(SplitThreshold, MatchesFloatComparisonOfChoiceIndices) {
  EXPECT_EQ(split_threshold(1.0f, 3), 1);  // hist cut: 0 left; 1, 2 right
  EXPECT_EQ(split_threshold(0.5f, 3), 1);  // exact midpoint
  EXPECT_EQ(split_threshold(1.5f, 3), 2);
  EXPECT_EQ(split_threshold(2.0000002f, 3), 3);  // every value left
  EXPECT_EQ(split_threshold(-1.0f, 4), 0);       // every value right
  EXPECT_EQ(split_threshold(0.0f, 2), 0);
  EXPECT_EQ(split_threshold(std::nanf(""), 2), 0);  // NaN condition: right, as in XGBoost
}

TEST(FeatureRadix, IsTheNumberOfChoicesOfEachDecision) {
  static_assert(kNumFeatures == space::kNumDecisions);
  for (int f = 0; f < kNumFeatures; ++f) {
    EXPECT_EQ(static_cast<std::size_t>(feature_radix(f)),
              space::decisions()[static_cast<std::size_t>(f)].choices.size())
        << space::decisions()[static_cast<std::size_t>(f)].name;
  }
}

TEST(SetEntries, IsTheProductOfRadices) {
  EXPECT_EQ(set_entries(0), 1u);
  EXPECT_EQ(set_entries(1u << 0), 3u);                        // block0_e
  EXPECT_EQ(set_entries(1u << 1 | 1u << 3), 4u);              // block0_k, block0_se
  EXPECT_EQ(set_entries(1u << 22 | 1u << 2 | 1u << 0), 36u);  // block5_l (4), block0_l, e
  EXPECT_EQ(set_entries((1u << 28) - 1), 104485552128u);      // the whole space
}

// A depth-2 tree: root splits feature 0 (3 choices) at 1; left child is a leaf; right child
// splits feature 0 again at 1 (never left there: contradiction) and its left leaf is dead.
RawTree contradicting_tree() {
  RawTree t;
  t.left = {1, -1, 3, -1, -1};
  t.right = {2, -1, 4, -1, -1};
  t.feature = {0, 0, 0, 0, 0};
  t.threshold = {1, 0, 1, 0, 0};
  t.value = {0.0f, 1.0f, 0.0f, 5.0f, 2.0f};
  return t;
}

TEST(LeafBoxes, PrunesContradictionsAndRecordsRestrictedFeatures) {
  const std::vector<LeafBox> boxes = leaf_boxes(contradicting_tree());
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0].value, 1.0);
  EXPECT_EQ(boxes[0].features, 1u);
  EXPECT_EQ(boxes[0].allowed[0], 0b001);
  EXPECT_EQ(boxes[1].value, 2.0);
  EXPECT_EQ(boxes[1].allowed[0], 0b110);
  EXPECT_EQ(boxes[1].allowed[5], all_choices(5));
}

TEST(PlanTables, AbsorbsSubsetsAndRespectsTheCap) {
  const std::uint32_t a = 1u << 0, b = 1u << 4, c = 1u << 8, d = 1u << 12;  // 3 choices each
  const std::vector<std::uint32_t> plain = plan_tables({a | b, a, b, a | b | c, d, 0}, 27, false);
  EXPECT_EQ(plain, (std::vector<std::uint32_t>{a | b | c, d}));
  const std::vector<std::uint32_t> merged = plan_tables({a | b | c, d}, 81, true);
  EXPECT_EQ(merged, (std::vector<std::uint32_t>{a | b | c | d}));
  EXPECT_EQ(plan_tables({a | b | c, d}, 80, true).size(), 2u);
  const std::vector<std::uint32_t> sets = {a | b, b | c};
  EXPECT_EQ(smallest_superset(sets, b), 0);
  EXPECT_EQ(smallest_superset(sets, c), 1);
  EXPECT_EQ(smallest_superset(sets, d), -1);
}

TEST(TableSet, LookupsAddTheBoxValuesOfEveryMember) {
  const std::uint32_t set = 1u << 0 | 1u << 1;  // block0_e (3) x block0_k (2)
  TableSet tables({set}, 3);
  EXPECT_EQ(tables.num_tables(), 1u);
  EXPECT_EQ(tables.num_entries(), 6u);
  EXPECT_EQ(tables.padded_members(), 4u);
  LeafBox box;
  for (int f = 0; f < kNumFeatures; ++f) box.allowed[f] = all_choices(f);
  box.allowed[0] = 0b110;  // e index 1 or 2
  box.features = 1u;
  box.value = 0.25;
  tables.add_leaf(0, box, 2);
  std::vector<std::uint8_t> idx(2 * (kNumFeatures + 1), 0);
  std::vector<double> early(4, 0.0);
  EXPECT_THROW(tables.accumulate(idx.data(), 1, early.data()), std::logic_error);
  tables.finish();
  EXPECT_THROW(tables.add_leaf(0, box, 2), std::logic_error);  // the staging values are gone
  idx[kNumFeatures + 1 + 0] = 2;                               // second row: e = 2
  std::vector<double> acc(2 * 4, 1.0);
  tables.accumulate(idx.data(), 2, acc.data());
  EXPECT_EQ(acc, (std::vector<double>{1, 1, 1, 1, 1, 1, 1.25, 1}));
  std::vector<double> one(4, 0.0);
  tables.accumulate(idx.data() + kNumFeatures + 1, 1, one.data());
  EXPECT_EQ(one, (std::vector<double>{0, 0, 0.25, 0}));
}


// Random tables of every feature count (1 .. 12) and member count: every kernel (baseline, and
// AVX2 and AVX-512 where the CPU has them) gives the same values bit for bit, for one row and for a block,
// and the values are the sums of the leaves whose boxes hold the row.
TEST(TableSet, EveryKernelGivesTheSameValuesBitForBit) {
  std::mt19937 rng(11);
  constexpr std::size_t kRowLen = kNumFeatures + 1;
  for (const std::size_t members : {1u, 3u, 5u, 10u, 11u, 13u, 19u}) {
    // Feature sets: features added at random while the entries fit 4096 (up to 12 features).
    std::vector<std::uint32_t> sets;
    for (int t = 0; t < 23; ++t) {
      std::uint32_t set = 0;
      for (int tries = 0; tries < 60 && __builtin_popcount(set) < kMaxTableFeatures; ++tries) {
        const std::uint32_t f = 1u << (rng() % kNumFeatures);
        if (set_entries(set | f) <= 4096) set |= f;
      }
      sets.push_back(set);
    }
    TableSet tables(sets, members);
    struct Leaf {
      LeafBox box;
      std::size_t table, member;
    };
    std::vector<Leaf> leaves;
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    for (std::size_t t = 0; t < sets.size(); ++t) {
      for (std::size_t m = 0; m < members; ++m) {
        for (int l = 0; l < 3; ++l) {
          LeafBox box;
          for (int f = 0; f < kNumFeatures; ++f) {
            box.allowed[f] = all_choices(f);
            if (sets[t] >> f & 1u) {
              box.allowed[f] = static_cast<std::uint8_t>(1u + rng() % all_choices(f));
              box.features |= 1u << f;
            }
          }
          box.value = value(rng);
          tables.add_leaf(t, box, m);
          leaves.push_back({box, t, m});
        }
      }
    }
    tables.finish();
    const std::size_t padded = tables.padded_members();
    const std::size_t rows = 1027;  // not a multiple of the kernels' vector widths
    std::vector<std::uint8_t> idx(rows * kRowLen, 0);
    for (std::size_t r = 0; r < rows; ++r) {
      for (int f = 0; f < kNumFeatures; ++f) {
        idx[r * kRowLen + f] = static_cast<std::uint8_t>(rng() % feature_radix(f));
      }
    }
    std::vector<double> block(rows * padded, 0.5);
    tables.accumulate(idx.data(), rows, block.data(), KernelIsa::kBaseline);
    for (const KernelIsa isa : {KernelIsa::kBaseline, KernelIsa::kAvx2, KernelIsa::kAvx512}) {
      if (!kernel_available(isa)) continue;
      std::vector<double> many(rows * padded, 0.5);
      tables.accumulate(idx.data(), rows, many.data(), isa);
      for (std::size_t i = 0; i < many.size(); ++i) {
        ASSERT_EQ(std::memcmp(&many[i], &block[i], sizeof(double)), 0) << "members " << members;
      }
      for (std::size_t r = 0; r < rows; r += 97) {
        std::vector<double> one(padded, 0.5);
        tables.accumulate(&idx[r * kRowLen], 1, one.data(), isa);
        for (std::size_t m = 0; m < padded; ++m) {
          ASSERT_EQ(std::memcmp(&one[m], &block[r * padded + m], sizeof(double)), 0)
              << "members " << members << " row " << r << " member " << m;
        }
      }
    }
    for (std::size_t r = 0; r < rows; r += 97) {
      std::vector<double> expected(members, 0.5);
      for (const Leaf& l : leaves) {
        bool inside = true;
        for (int f = 0; f < kNumFeatures; ++f) {
          inside = inside && (l.box.allowed[f] >> idx[r * kRowLen + f] & 1u);
        }
        if (inside) expected[l.member] += l.box.value;
      }
      for (std::size_t m = 0; m < members; ++m) {
        EXPECT_NEAR(block[r * padded + m], expected[m], 1e-5) << "row " << r << " member " << m;
      }
    }
  }
}

TEST(TableSet, AKernelTheCpuLacksIsALogicErrorTheOthersRun) {
  TableSet tables({1u}, 2);
  tables.finish();
  std::vector<std::uint8_t> idx(kNumFeatures + 1, 0);
  std::vector<double> acc(2, 0.0);
  EXPECT_NO_THROW(tables.accumulate(idx.data(), 1, acc.data(), KernelIsa::kBaseline));
  for (const KernelIsa isa : {KernelIsa::kAvx2, KernelIsa::kAvx512}) {
    if (kernel_available(isa)) {
      EXPECT_NO_THROW(tables.accumulate(idx.data(), 1, acc.data(), isa));
    } else {
      EXPECT_THROW(tables.accumulate(idx.data(), 1, acc.data(), isa), std::logic_error);
    }
  }
}

}  // namespace
}  // namespace anb::surrogate::detail
