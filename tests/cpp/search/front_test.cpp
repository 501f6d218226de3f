#include "anb/search/front.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/stats/random.h"
#include "error_message.h"

namespace anb::search {
namespace {

using anb::testing::error_of;

const std::vector<Objective> kAccLat{{"accuracy", Direction::kMaximize},
                                     {"latency_zcu102", Direction::kMinimize}};
const std::vector<ObjectiveBounds> kBox{{30.0, 75.0}, {40.0, 0.0}};

TEST(ParetoFront, RespectsMinimisedObjectives) {
  // (accuracy, latency): the low-latency points are the good ones.
  const Values v{{60, 10}, {65, 20}, {62, 25}, {55, 5}, {60, 11}};
  const std::vector<Direction> d{Direction::kMaximize, Direction::kMinimize};
  EXPECT_EQ(pareto_front(v, d), (std::vector<std::size_t>{0, 1, 3}));
  const auto fronts = sort_fronts(v, d);
  ASSERT_EQ(fronts.size(), 2u);
  EXPECT_EQ(fronts[1], (std::vector<std::size_t>{2, 4}));
  // Treating latency as maximised gives a different (wrong) front.
  EXPECT_NE(pareto_front(v, {Direction::kMaximize, Direction::kMaximize}), pareto_front(v, d));
  EXPECT_NE(error_of([&] {
              pareto_front({{1, 2, 3}}, d);
            }).find("row 0 has 3 values for 2"),
            std::string::npos);
}

TEST(NormalizedHypervolume, MatchesHandComputedBoxAreas) {
  // (52.5, 20) -> (0.5, 0.5): a quarter of the box.
  EXPECT_DOUBLE_EQ(normalized_hypervolume({{52.5, 20.0}}, kAccLat, kBox), 0.25);
  // Two points (0.5, 0.5) and (1.0, 0.25): 0.25 + 0.5 * 0.25.
  EXPECT_DOUBLE_EQ(normalized_hypervolume({{52.5, 20.0}, {75.0, 30.0}}, kAccLat, kBox), 0.375);
  const auto msg = error_of<std::domain_error>([&] {
    normalized_hypervolume({{52.5, 20.0}, {60.0, 45.0}}, kAccLat, kBox);
  });
  EXPECT_NE(msg.find("values row 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("latency_zcu102 = 45"), std::string::npos) << msg;
}

TEST(Hypervolume, ThreeDimensionsHandComputed) {
  // Unit cube corner boxes: (1,1,1) alone is 1; adding (2,1,1) and (1,2,1) and (1,1,2) adds
  // three unit boxes; (2,2,2) dominates all: 8.
  const Point ref{0, 0, 0};
  EXPECT_DOUBLE_EQ(hypervolume({{1, 1, 1}}, ref), 1.0);
  EXPECT_DOUBLE_EQ(hypervolume({{2, 1, 1}, {1, 2, 1}, {1, 1, 2}}, ref), 4.0);
  EXPECT_DOUBLE_EQ(hypervolume({{2, 1, 1}, {1, 2, 1}, {1, 1, 2}, {2, 2, 2}}, ref), 8.0);
  EXPECT_DOUBLE_EQ(hypervolume({{3.0}}, {1.0}), 2.0);
  EXPECT_DOUBLE_EQ(hypervolume({{1, 2}, {2, 1}}, {0, 0}), 3.0);  // = hypervolume_2d
  EXPECT_NE(error_of([] {
              hypervolume({{1, 2}}, {0, 0, 0});
            }).find("2 coordinates"),
            std::string::npos);
}

TEST(Hypervolume, FourDimensionsAgreesWithMonteCarlo) {
  stats::Rng rng(3);
  std::vector<Point> pts;
  for (int i = 0; i < 12; ++i) {
    pts.push_back({rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()});
  }
  const double exact = hypervolume(pts, Point(4, 0.0));
  std::size_t inside = 0;
  const std::size_t n = 200000;
  for (std::size_t s = 0; s < n; ++s) {
    const Point x{rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()};
    for (const Point& p : pts) {
      if (x[0] <= p[0] && x[1] <= p[1] && x[2] <= p[2] && x[3] <= p[3]) {
        ++inside;
        break;
      }
    }
  }
  EXPECT_NEAR(exact, static_cast<double>(inside) / static_cast<double>(n), 0.005);
}

TEST(IncrementalHypervolume2d, EqualsTheSweepAfterEveryPoint) {
  stats::Rng rng(11);
  IncrementalHypervolume2d inc;
  std::vector<std::size_t> ids;
  std::vector<Point> archive;
  for (std::size_t i = 0; i < 500; ++i) {
    const Point p{rng.uniform(), rng.uniform()};
    if (!update_archive(ids, archive, i, p)) continue;
    EXPECT_NEAR(inc.add(p[0], p[1]), hypervolume_2d(archive, {0.0, 0.0}), 1e-12) << i;
  }
  EXPECT_GT(inc.value(), 0.5);
}

TEST(IgdPlus, ZeroWhenTheReferenceIsCoveredAndPositiveOtherwise) {
  const Values front{{52.5, 20.0}, {75.0, 30.0}};
  EXPECT_DOUBLE_EQ(igd_plus(front, front, kAccLat, kBox), 0.0);
  // Approximation (52.5, 20) = (0.5, 0.5) against reference (1.0, 0.25): only the accuracy
  // shortfall counts (0.5); against (0.5, 0.5): 0. Mean 0.25.
  EXPECT_DOUBLE_EQ(igd_plus({{52.5, 20.0}}, front, kAccLat, kBox), 0.25);
  EXPECT_THROW(igd_plus({}, front, kAccLat, kBox), std::invalid_argument);
}

}  // namespace
}  // namespace anb::search
