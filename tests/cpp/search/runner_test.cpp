#include "anb/search/runner.h"

#include <gtest/gtest.h>

#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(RunSeeds, SameResultsForAnyThreadCount) {
  SearchOptions o;
  o.algorithm = Algorithm::kRegularizedEvolution;
  o.budget = 100;
  const auto make = [](std::uint64_t) { return testing::match_problem(); };
  const auto seeds = seed_range(3, 6);
  EXPECT_EQ(seeds, (std::vector<std::uint64_t>{3, 4, 5, 6, 7, 8}));
  const auto one = run_seeds(make, o, seeds, 1);
  const auto three = run_seeds(make, o, seeds, 3);
  ASSERT_EQ(one.size(), 6u);
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].seed, seeds[i]);
    EXPECT_TRUE(testing::same_history(one[i], three[i])) << i;
    EXPECT_TRUE(testing::same_history(one[i], run_search(make(seeds[i]), o, seeds[i])));
  }
}

TEST(RunSeeds, RethrowsAnErrorOfAnySeed) {
  SearchOptions o;
  o.budget = 10;
  const auto make = [](std::uint64_t seed) {
    Problem p = testing::match_problem();
    if (seed == 2) p.evaluate = [](const space::Architecture&) -> std::vector<double> {
      throw std::runtime_error("broken objective");
    };
    return p;
  };
  EXPECT_NE(anb::testing::error_of([&] { run_seeds(make, o, seed_range(0, 4), 2); })
                .find("broken objective"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::search
