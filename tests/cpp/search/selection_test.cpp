#include "anb/search/selection.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace anb::search {
namespace {

TEST(SampleWithReplacement, InRangeAndCoversAll) {
  stats::Rng rng(1);
  const auto s = sample_with_replacement(5, 500, rng);
  ASSERT_EQ(s.size(), 500u);
  std::vector<int> seen(5, 0);
  for (auto i : s) {
    ASSERT_LT(i, 5u);
    ++seen[i];
  }
  for (int c : seen) EXPECT_GT(c, 50);
  EXPECT_THROW(sample_with_replacement(0, 1, rng), std::invalid_argument);
}

TEST(BestOf, LargestScoreEarliestOnTies) {
  const std::vector<double> scores = {1, 5, 3, 5};
  EXPECT_EQ(best_of(scores, {0, 2}), 2u);
  EXPECT_EQ(best_of(scores, {3, 1, 0}), 3u);
  EXPECT_EQ(best_of(scores, {1, 3}), 1u);
  EXPECT_THROW(best_of(scores, {}), std::invalid_argument);
}

TEST(CrowdedTournament, PrefersLowerRankThenLargerCrowding) {
  EXPECT_TRUE(crowded_less(0, 0.1, 1, 9.0));
  EXPECT_TRUE(crowded_less(1, 2.0, 1, 1.0));
  EXPECT_FALSE(crowded_less(1, 1.0, 1, 1.0));
  // Member 0 beats everyone; it wins every tournament it enters (about 1 - (2/3)^2 of them).
  stats::Rng rng(3);
  const std::vector<std::size_t> ranks = {0, 1, 1};
  const std::vector<double> crowd = {0.0, 1.0, 2.0};
  int wins0 = 0;
  int wins1 = 0;
  for (int i = 0; i < 9000; ++i) {
    const auto w = crowded_tournament(ranks, crowd, rng);
    wins0 += w == 0;
    wins1 += w == 1;
  }
  EXPECT_NEAR(wins0 / 9000.0, 5.0 / 9.0, 0.03);
  EXPECT_NEAR(wins1 / 9000.0, 1.0 / 9.0, 0.02);  // only 1-vs-1 draws
  EXPECT_THROW(crowded_tournament({}, {}, rng), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
