#include "anb/search/regularized_evolution.h"

#include <gtest/gtest.h>

#include "anb/search/random_search.h"
#include "anb/space/search_space.h"
#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(RegularizedEvolution, DefaultsAreTheOriginals) {
  const RegularizedEvolutionOptions o;
  EXPECT_EQ(o.population, 20u);
  EXPECT_EQ(o.sample_size, 10u);
  EXPECT_EQ(o.budget, 600u);
}

TEST(RegularizedEvolution, ChildrenDifferFromAMemberInOneDecision) {
  const Result r = regularized_evolution(testing::match_problem(), {}, 5);
  ASSERT_EQ(r.history.size(), 600u);
  // Every child (after the 20 initial) is one decision away from some earlier evaluation
  // within the last 20 (the population alive when it was made).
  for (std::size_t i = 20; i < r.history.size(); ++i) {
    const auto child = space::choice_indices(r.history[i].arch);
    bool found = false;
    for (std::size_t j = i - 20; j < i && !found; ++j) {
      const auto parent = space::choice_indices(r.history[j].arch);
      int diff = 0;
      for (std::size_t d = 0; d < child.size(); ++d) diff += child[d] != parent[d];
      found = diff == 1;
    }
    ASSERT_TRUE(found) << "evaluation " << i;
  }
}

TEST(RegularizedEvolution, DeterministicAndBeatsRandomSearch) {
  const Problem p = testing::match_problem();
  EXPECT_TRUE(testing::same_history(regularized_evolution(p, {}, 3), regularized_evolution(p, {}, 3)));
  const double re = testing::mean_final([&](auto s) { return regularized_evolution(p, {}, s); }, 8);
  const double rs = testing::mean_final([&](auto s) { return random_search(p, {600}, s); }, 8);
  EXPECT_GT(re, rs + 10.0) << "RE " << re << " RS " << rs;
}

TEST(RegularizedEvolution, RejectsBadOptionsAndTwoObjectives) {
  const Problem p = testing::match_problem();
  RegularizedEvolutionOptions small;
  small.budget = 10;
  const auto msg = anb::testing::error_of([&] { regularized_evolution(p, small, 1); });
  EXPECT_NE(msg.find("budget: got 10; must be >= population (20)"), std::string::npos) << msg;
  RegularizedEvolutionOptions zero;
  zero.sample_size = 0;
  EXPECT_NE(anb::testing::error_of([&] { zero.validate(); }).find("sample_size"), std::string::npos);
  EXPECT_NE(anb::testing::error_of([&] { regularized_evolution(testing::tradeoff_problem(), {}, 1); })
                .find("single-objective"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::search
