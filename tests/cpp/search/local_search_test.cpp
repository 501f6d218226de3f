#include "anb/search/local_search.h"

#include <gtest/gtest.h>

#include <unordered_set>

#include "anb/search/random_search.h"
#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(LocalSearch, FindsTheOptimumOfASeparableObjective) {
  // match_score is separable: hill climbing reaches the target from any start (best-improvement
  // pays up to 43 evaluations per step, hence the larger budget).
  for (auto strategy : {ClimbStrategy::kFirstImprovement, ClimbStrategy::kBestImprovement}) {
    LocalSearchOptions o;
    o.budget = 2000;
    o.strategy = strategy;
    const Result r = local_search(testing::match_problem(), o, 2);
    EXPECT_EQ(r.final_progress(), 81.0) << climb_strategy_name(strategy);
    EXPECT_EQ(r.best_evaluation().arch, testing::hidden_target());
  }
}

TEST(LocalSearch, NeverEvaluatesAnArchitectureTwice) {
  const Result r = local_search(testing::match_problem(), {}, 4);
  ASSERT_EQ(r.history.size(), 600u);
  std::unordered_set<space::Architecture, space::ArchitectureHash> seen;
  for (const auto& e : r.history) EXPECT_TRUE(seen.insert(e.arch).second);
}

TEST(LocalSearch, DeterministicAndBeatsRandomSearch) {
  const Problem p = testing::mismatch_problem();  // minimised
  EXPECT_TRUE(testing::same_history(local_search(p, {}, 8), local_search(p, {}, 8)));
  const double ls = testing::mean_final([&](auto s) { return local_search(p, {}, s); }, 5);
  const double rs = testing::mean_final([&](auto s) { return random_search(p, {600}, s); }, 5);
  EXPECT_LT(ls, rs - 10.0) << "LS " << ls << " RS " << rs;
}

TEST(LocalSearch, BadInput) {
  EXPECT_THROW(local_search(testing::match_problem(), {0}, 1), std::invalid_argument);
  EXPECT_NE(anb::testing::error_of([] { local_search(testing::tradeoff_problem(), {}, 1); })
                .find("'ls' is single-objective"),
            std::string::npos);
  EXPECT_EQ(parse_climb_strategy("best"), ClimbStrategy::kBestImprovement);
  EXPECT_NE(anb::testing::error_of([] { parse_climb_strategy("steepest"); }).find("'steepest'"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::search
