#include "anb/search/summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anb/search/random_search.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(MeanStd, SampleStandardDeviation) {
  const MeanStd m = mean_std({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  EXPECT_DOUBLE_EQ(m.std, std::sqrt(5.0 / 3.0));
  EXPECT_EQ(mean_std({7}).std, 0.0);
  EXPECT_EQ(mean_std({}).mean, 0.0);
}

TEST(Summarize, AggregatesSeeds) {
  std::vector<Result> results;
  for (std::uint64_t s = 1; s <= 4; ++s) results.push_back(random_search(testing::match_problem(), {100}, s));
  const Summary sum = summarize(results);
  EXPECT_EQ(sum.algorithm, "rs");
  EXPECT_EQ(sum.seeds, 4u);
  EXPECT_EQ(sum.budget, 100u);
  ASSERT_EQ(sum.curve.size(), 100u);
  std::vector<double> finals;
  double best = -1;
  for (const auto& r : results) {
    finals.push_back(r.final_progress());
    best = std::max(best, r.final_progress());
  }
  EXPECT_DOUBLE_EQ(sum.final_progress.mean, mean_std(finals).mean);
  EXPECT_DOUBLE_EQ(sum.curve.back().mean, sum.final_progress.mean);
  EXPECT_EQ(sum.best.values[0], best);
}

TEST(Summarize, MergesFrontsOfAllSeeds) {
  std::vector<Result> results;
  for (std::uint64_t s = 1; s <= 3; ++s) results.push_back(random_search(testing::tradeoff_problem(), {100}, s));
  const Summary sum = summarize(results);
  ASSERT_FALSE(sum.front.empty());
  for (std::size_t i = 1; i < sum.front.size(); ++i) {
    EXPECT_GT(sum.front[i - 1].scores[0], sum.front[i].scores[0]);
    EXPECT_LT(sum.front[i - 1].scores[1], sum.front[i].scores[1]);
  }
}

TEST(Summarize, RejectsMixedOrEmptyInput) {
  EXPECT_THROW(summarize({}), std::invalid_argument);
  std::vector<Result> mixed = {random_search(testing::match_problem(), {10}, 1),
                               random_search(testing::mismatch_problem(), {10}, 1)};
  EXPECT_THROW(summarize(mixed), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
