// Seeded shuffles: permutations, and exactly the documented draws (the same order as the loops
// they replaced in random_split, the trainer, local search, few-shot folds and early stopping).
#include "anb/stats/shuffle.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace anb::stats {
namespace {

TEST(Shuffle, IsAPermutation) {
  std::vector<std::size_t> v{0, 1, 2, 3, 4, 5, 6, 7};
  Rng rng(3);
  shuffle(v, rng);
  EXPECT_EQ(std::set<std::size_t>(v.begin(), v.end()).size(), 8u);
  EXPECT_NE(v, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(Shuffle, SwapsEachItemFromTheLastDownWithOneDrawEach) {
  std::vector<std::string> items{"a", "b", "c", "d", "e", "f"};
  std::vector<std::string> expected = items;
  Rng rng(11), check(11);
  shuffle(items, rng);
  for (std::size_t i = expected.size(); i > 1; --i) {
    std::swap(expected[i - 1], expected[check.uniform_int(i)]);
  }
  EXPECT_EQ(items, expected);
  EXPECT_EQ(rng.next(), check.next());  // no other draws
  std::vector<int> none, one{7};
  shuffle(none, rng);
  shuffle(one, rng);
  EXPECT_EQ(one, std::vector<int>{7});
  EXPECT_EQ(rng.next(), check.next());  // nothing drawn for fewer than two items
}

TEST(Shuffle, ShuffledIndicesAreTheShuffleOfZeroToNMinusOne) {
  Rng a(5), b(5);
  std::vector<std::size_t> expected{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  shuffle(expected, b);
  EXPECT_EQ(shuffled_indices(10, a), expected);
  EXPECT_TRUE(shuffled_indices(0, a).empty());
  EXPECT_EQ(shuffled_indices(1, a), std::vector<std::size_t>{0});
  Rng c(5);
  EXPECT_EQ(shuffled_indices(10, c), expected);  // same seed, same order
}

TEST(Shuffle, DrawDistinctIsAPartialShuffleFromTheFront) {
  std::vector<int> pool{10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  Rng rng(9), check(9);
  const std::vector<int> drawn = draw_distinct(pool, 4, rng);
  std::vector<int> expected = pool;
  for (std::size_t i = 0; i < 4; ++i) {
    std::swap(expected[i], expected[i + check.uniform_int(expected.size() - i)]);
  }
  expected.resize(4);
  EXPECT_EQ(drawn, expected);
  EXPECT_EQ(std::set<int>(drawn.begin(), drawn.end()).size(), 4u);
  EXPECT_TRUE(draw_distinct(pool, 0, rng).empty());
  const std::vector<int> all = draw_distinct(pool, pool.size(), rng);
  EXPECT_EQ(std::set<int>(all.begin(), all.end()), std::set<int>(pool.begin(), pool.end()));
}

}  // namespace
}  // namespace anb::stats
