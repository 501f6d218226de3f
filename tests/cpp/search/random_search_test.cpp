#include "anb/search/random_search.h"

#include <gtest/gtest.h>

#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(RandomSearch, SpendsTheBudgetAndIsDeterministic) {
  const Problem p = testing::match_problem();
  const Result a = random_search(p, {600}, 11);
  const Result b = random_search(p, {600}, 11);
  const Result c = random_search(p, {600}, 12);
  ASSERT_EQ(a.history.size(), 600u);
  EXPECT_EQ(a.algorithm, "rs");
  EXPECT_TRUE(testing::same_history(a, b));
  EXPECT_FALSE(testing::same_history(a, c));
  // Best so far never decreases and ends at the best value.
  for (std::size_t i = 1; i < a.history.size(); ++i) {
    EXPECT_GE(a.history[i].progress, a.history[i - 1].progress);
  }
  EXPECT_EQ(a.final_progress(), a.best_evaluation().values[0]);
}

TEST(RandomSearch, MinimisedObjectiveTracksTheSmallestValue) {
  const Result r = random_search(testing::mismatch_problem(), {200}, 3);
  double smallest = 1e9;
  for (const auto& e : r.history) smallest = std::min(smallest, e.values[0]);
  EXPECT_EQ(r.final_progress(), smallest);
}

TEST(RandomSearch, BiObjectiveHypervolumeGrows) {
  const Result r = random_search(testing::tradeoff_problem(), {300}, 4);
  for (std::size_t i = 1; i < r.history.size(); ++i) {
    EXPECT_GE(r.history[i].progress, r.history[i - 1].progress);
  }
  EXPECT_GT(r.final_progress(), 0.0);
  EXPECT_LE(r.final_progress(), 1.0);
  EXPECT_GE(r.archive.size(), 2u);
}

TEST(RandomSearch, RejectsZeroBudget) {
  EXPECT_THROW(random_search(testing::match_problem(), {0}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
