#include "anb/search/algorithm.h"

#include <gtest/gtest.h>

#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(Algorithm, NamesRoundTrip) {
  for (const char* name : {"rs", "re", "reinforce", "ls", "nsga2"}) {
    EXPECT_STREQ(algorithm_name(parse_algorithm(name)), name);
  }
  const auto msg = anb::testing::error_of([] { parse_algorithm("bohb"); });
  EXPECT_NE(msg.find("unknown algorithm 'bohb'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nsga2"), std::string::npos) << msg;
}

TEST(Algorithm, ObjectiveCounts) {
  EXPECT_TRUE(supports_objectives(Algorithm::kRandomSearch, 2));
  EXPECT_TRUE(supports_objectives(Algorithm::kReinforce, 1));
  EXPECT_FALSE(supports_objectives(Algorithm::kRegularizedEvolution, 2));
  EXPECT_FALSE(supports_objectives(Algorithm::kLocalSearch, 2));
  EXPECT_FALSE(supports_objectives(Algorithm::kNsga2, 1));
}

TEST(SearchOptions, ValidatesWithTheCommonBudget) {
  SearchOptions o;
  o.algorithm = Algorithm::kRegularizedEvolution;
  o.budget = 5;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(1); }).find("must be >= population (20)"),
            std::string::npos);
  o.algorithm = Algorithm::kNsga2;
  o.budget = 600;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(1); }).find("'nsga2' is bi-objective"),
            std::string::npos);
  o.algorithm = Algorithm::kLocalSearch;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(2); }).find("'ls' is single-objective"),
            std::string::npos);
  o.algorithm = Algorithm::kRandomSearch;
  o.budget = 0;
  EXPECT_THROW(o.validate(1), std::invalid_argument);
}

TEST(RunSearch, DispatchesWithTheBudget) {
  SearchOptions o;
  o.budget = 50;
  for (auto a : {Algorithm::kRandomSearch, Algorithm::kRegularizedEvolution,
                 Algorithm::kReinforce, Algorithm::kLocalSearch}) {
    o.algorithm = a;
    const Result r = run_search(testing::match_problem(), o, 1);
    EXPECT_EQ(r.history.size(), 50u);
    EXPECT_EQ(r.algorithm, algorithm_name(a));
  }
  o.algorithm = Algorithm::kNsga2;
  EXPECT_EQ(run_search(testing::tradeoff_problem(), o, 1).history.size(), 50u);
}

}  // namespace
}  // namespace anb::search
