#include "anb/search/variation.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/space/search_space.h"

namespace anb::search {
namespace {

TEST(UniformCrossover, EveryDecisionFromAParent) {
  stats::Rng rng(5);
  const auto a = space::sample(rng);
  const auto b = space::sample(rng);
  const auto ca = space::choice_indices(a);
  const auto cb = space::choice_indices(b);
  int from_a = 0;
  for (int i = 0; i < 100; ++i) {
    const auto c = space::choice_indices(uniform_crossover(a, b, rng));
    for (std::size_t d = 0; d < c.size(); ++d) {
      ASSERT_TRUE(c[d] == ca[d] || c[d] == cb[d]);
      from_a += c[d] == ca[d] && ca[d] != cb[d];
    }
  }
  EXPECT_EQ(uniform_crossover(a, a, rng), a);
  EXPECT_GT(from_a, 0);
}

TEST(MutateDecisions, RateZeroKeepsRateOneChangesAll) {
  stats::Rng rng(6);
  const auto a = space::sample(rng);
  EXPECT_EQ(mutate_decisions(a, 0.0, rng), a);
  const auto ca = space::choice_indices(a);
  const auto cm = space::choice_indices(mutate_decisions(a, 1.0, rng));
  for (std::size_t d = 0; d < ca.size(); ++d) EXPECT_NE(ca[d], cm[d]) << "decision " << d;
  EXPECT_THROW(mutate_decisions(a, 1.5, rng), std::invalid_argument);
  EXPECT_THROW(mutate_decisions(a, -0.1, rng), std::invalid_argument);
}

TEST(MutateDecisions, ExpectedNumberOfChanges) {
  stats::Rng rng(7);
  const auto a = space::sample(rng);
  const auto ca = space::choice_indices(a);
  int changed = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto cm = space::choice_indices(mutate_decisions(a, 0.25, rng));
    for (std::size_t d = 0; d < ca.size(); ++d) changed += ca[d] != cm[d];
  }
  EXPECT_NEAR(changed / 1000.0, 7.0, 0.4);
}

}  // namespace
}  // namespace anb::search
