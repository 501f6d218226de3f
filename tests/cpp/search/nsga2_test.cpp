#include "anb/search/nsga2.h"

#include <gtest/gtest.h>

#include "anb/search/pareto.h"
#include "anb/search/random_search.h"
#include "error_message.h"
#include "search/compare.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

TEST(SelectSurvivors, FillsByFrontThenCrowding) {
  // Front 0: (0,4) (1,3) (3,1) (4,0); front 1: (0,3) (2,0).
  const std::vector<Point> pts = {{0, 4}, {0, 3}, {1, 3}, {3, 1}, {2, 0}, {4, 0}};
  EXPECT_EQ(select_survivors(pts, 4), (std::vector<std::size_t>{0, 2, 3, 5}));
  const auto five = select_survivors(pts, 5);
  EXPECT_EQ(five.size(), 5u);
  EXPECT_EQ(five[4], 1u);  // both of front 1 are boundary points (infinite); lower index wins
  // Cutting front 0 to three keeps both boundaries and one interior point.
  const auto three = select_survivors(pts, 3);
  EXPECT_EQ(three, (std::vector<std::size_t>{0, 5, 2}));
  EXPECT_THROW(select_survivors(pts, 7), std::invalid_argument);
}

TEST(Nsga2, DeterministicAndBeatsRandomSearchOnFrontQuality) {
  const Problem p = testing::tradeoff_problem();
  EXPECT_TRUE(testing::same_history(nsga2(p, {}, 4), nsga2(p, {}, 4)));
  const double ga = testing::mean_final([&](auto s) { return nsga2(p, {}, s); }, 5);
  const double rs = testing::mean_final([&](auto s) { return random_search(p, {600}, s); }, 5);
  EXPECT_GT(ga, rs + 0.02) << "NSGA-II " << ga << " RS " << rs;
  // The front is spread: its extremes (most accurate, fastest) beat random search's.
  double ga_acc = 0, ga_fast = 0, rs_acc = 0, rs_fast = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const Result g = nsga2(p, {}, seed);
    const Result r = random_search(p, {600}, seed);
    EXPECT_GE(g.archive.size(), 10u);
    ga_acc += g.history[g.archive.front()].values[0];
    ga_fast += g.history[g.archive.back()].values[1];
    rs_acc += r.history[r.archive.front()].values[0];
    rs_fast += r.history[r.archive.back()].values[1];
  }
  EXPECT_GT(ga_acc, rs_acc + 5 * 1.0) << ga_acc / 5 << " vs " << rs_acc / 5;
  EXPECT_GT(ga_fast, rs_fast + 5 * 20.0) << ga_fast / 5 << " vs " << rs_fast / 5;
}

TEST(Nsga2, RejectsBadInput) {
  const Problem p = testing::tradeoff_problem();
  Nsga2Options o;
  o.budget = 30;
  EXPECT_NE(anb::testing::error_of([&] { nsga2(p, o, 1); }).find("budget: got 30; must be >= "
                                                                  "population (40)"),
            std::string::npos);
  o = {};
  o.population = 1;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("population"), std::string::npos);
  o = {};
  o.mutation_rate = 2;
  EXPECT_NE(anb::testing::error_of([&] { o.validate(); }).find("mutation_rate"), std::string::npos);
  EXPECT_NE(anb::testing::error_of([] { nsga2(testing::match_problem(), {}, 1); })
                .find("'nsga2' is bi-objective"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::search
