#include "anb/search/reinforce.h"

#include <gtest/gtest.h>

#include <cmath>

#include "anb/search/random_search.h"
#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(Reinforce, DefaultsFollowTheOriginal) {
  const ReinforceOptions o;
  EXPECT_EQ(o.samples_per_update, 6u);
  EXPECT_EQ(o.baseline_decay, 0.95);
  EXPECT_EQ(o.entropy_weight, 1e-5);
  EXPECT_EQ(o.budget, 600u);
}

TEST(Reinforce, DeterministicAndBeatsRandomSearch) {
  const Problem p = testing::match_problem();
  EXPECT_TRUE(testing::same_history(reinforce(p, {}, 5), reinforce(p, {}, 5)));
  const double pg = testing::mean_final([&](auto s) { return reinforce(p, {}, s); }, 8);
  const double rs = testing::mean_final([&](auto s) { return random_search(p, {600}, s); }, 8);
  EXPECT_GT(pg, rs + 5.0) << "REINFORCE " << pg << " RS " << rs;
}

TEST(Reinforce, MinimisedObjectiveLearnsTheOtherWay) {
  const Problem p = testing::mismatch_problem();
  const double pg = testing::mean_final([&](auto s) { return reinforce(p, {}, s); }, 5);
  const double rs = testing::mean_final([&](auto s) { return random_search(p, {600}, s); }, 5);
  EXPECT_LT(pg, rs - 5.0) << "REINFORCE " << pg << " RS " << rs;
}

TEST(Reinforce, PowerLawRewardRewardsFasterModels) {
  const auto thr = power_law_reward(400.0, Direction::kMaximize);
  EXPECT_DOUBLE_EQ(thr({60.0, 400.0}), 60.0);
  EXPECT_DOUBLE_EQ(thr({60.0, 800.0}), 60.0 * std::pow(2.0, 0.07));
  const auto lat = power_law_reward(5.0, Direction::kMinimize);
  EXPECT_DOUBLE_EQ(lat({60.0, 10.0}), 60.0 * std::pow(0.5, 0.07));  // slower: less reward
  EXPECT_GT(lat({60.0, 2.0}), lat({60.0, 4.0}));
  EXPECT_THROW(power_law_reward(0.0, Direction::kMaximize), std::invalid_argument);
}

TEST(Reinforce, BiObjectiveNeedsARewardAndImprovesHypervolume) {
  const Problem p = testing::tradeoff_problem();
  EXPECT_NE(anb::testing::error_of([&] { reinforce(p, {}, 1); }).find("needs a reward"),
            std::string::npos);
  ReinforceOptions o;
  o.reward = power_law_reward(500.0, Direction::kMaximize);
  const Result r = reinforce(p, o, 1);
  EXPECT_EQ(r.history.size(), 600u);
  EXPECT_GT(r.final_progress(), 0.0);
}

TEST(Reinforce, RejectsBadOptions) {
  ReinforceOptions o;
  o.samples_per_update = 0;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("samples_per_update"),
            std::string::npos);
  o = {};
  o.learning_rate = -1;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("learning_rate: got -1"),
            std::string::npos);
  o = {};
  o.baseline_decay = 1.0;
  EXPECT_THROW(o.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
