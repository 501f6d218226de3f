#include "anb/search/pareto.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace anb::search {
namespace {

TEST(Dominates, NeedsBetterSomewhereAndWorseNowhere) {
  EXPECT_TRUE(dominates({2, 2}, {1, 2}));
  EXPECT_FALSE(dominates({1, 2}, {2, 2}));
  EXPECT_FALSE(dominates({2, 2}, {2, 2}));
  EXPECT_FALSE(dominates({3, 1}, {1, 3}));
  EXPECT_THROW(dominates({1}, {1, 2}), std::invalid_argument);
}

TEST(NonDominatedSort, SplitsIntoFronts) {
  // 0:(1,5) 1:(2,4) 2:(1,1) 3:(3,3) 4:(2,2) 5:(5,1)
  const std::vector<Point> pts = {{1, 5}, {2, 4}, {1, 1}, {3, 3}, {2, 2}, {5, 1}};
  const auto fronts = non_dominated_sort(pts);
  ASSERT_EQ(fronts.size(), 3u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{0, 1, 3, 5}));
  EXPECT_EQ(fronts[1], (std::vector<std::size_t>{4}));
  EXPECT_EQ(fronts[2], (std::vector<std::size_t>{2}));
  EXPECT_TRUE(non_dominated_sort({}).empty());
}

TEST(NonDominatedSort, EqualPointsShareAFront) {
  const auto fronts = non_dominated_sort({{1, 1}, {1, 1}, {0, 0}});
  ASSERT_EQ(fronts.size(), 2u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{0, 1}));
}

TEST(CrowdingDistance, BoundariesInfiniteInteriorNormalisedGaps) {
  // Front along x + y = 4: (0,4) (1,3) (3,1) (4,0); ranges 4 in both coordinates.
  const std::vector<Point> pts = {{0, 4}, {1, 3}, {3, 1}, {4, 0}};
  const auto d = crowding_distance(pts, {0, 1, 2, 3});
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(d[0], inf);
  EXPECT_EQ(d[3], inf);
  EXPECT_DOUBLE_EQ(d[1], (3.0 - 0.0) / 4 + (4.0 - 1.0) / 4);  // 1.5
  EXPECT_DOUBLE_EQ(d[2], (4.0 - 1.0) / 4 + (3.0 - 0.0) / 4);  // 1.5
  EXPECT_EQ(crowding_distance(pts, {1, 2}), (std::vector<double>{inf, inf}));
}

TEST(UpdateArchive, KeepsOnlyNonDominated) {
  std::vector<std::size_t> ids;
  std::vector<Point> pts;
  EXPECT_TRUE(update_archive(ids, pts, 0, {1, 1}));
  EXPECT_TRUE(update_archive(ids, pts, 1, {0, 3}));
  EXPECT_FALSE(update_archive(ids, pts, 2, {0, 2}));  // dominated by (0,3)
  EXPECT_FALSE(update_archive(ids, pts, 3, {1, 1}));  // equal to a member
  EXPECT_TRUE(update_archive(ids, pts, 4, {2, 2}));   // removes (1,1)
  EXPECT_EQ(ids, (std::vector<std::size_t>{1, 4}));
}

TEST(Hypervolume2d, HandComputedValues) {
  // Single point: rectangle to the reference.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{2, 3}}, {0, 0}), 6.0);
  // Staircase (1,3) (2,2) (3,1) over (0,0): 3*1 + 2*1 + 1*1 = 6.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{1, 3}, {2, 2}, {3, 1}}, {0, 0}), 6.0);
  // Dominated and duplicate points add nothing.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{1, 3}, {2, 2}, {3, 1}, {1, 1}, {2, 2}}, {0, 0}), 6.0);
  // Shifted reference (0.5, 0.5): strips 2.5*0.5 + 1.5*1 + 0.5*1 = 3.25.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{1, 3}, {2, 2}, {3, 1}}, {0.5, 0.5}), 3.25);
  // Points not strictly better than the reference in both coordinates count zero.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{0, 5}, {5, -1}}, {0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(hypervolume_2d({}, {0, 0}), 0.0);
  // Unit square corner: the ideal point has hypervolume 1.
  EXPECT_DOUBLE_EQ(hypervolume_2d({{1, 1}}, {0, 0}), 1.0);
  EXPECT_THROW(hypervolume_2d({{1, 2, 3}}, {0, 0}), std::invalid_argument);
  EXPECT_THROW(hypervolume_2d({{1, 2}}, {0}), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
