#include "anb/search/problem.h"

#include <gtest/gtest.h>

#include <cmath>

#include <stdexcept>

#include "error_message.h"
#include "search/synthetic.h"

namespace anb::search {
namespace {

using anb::testing::error_of;

TEST(Problem, ValidatesObjectivesCallbackAndBounds) {
  Problem p = testing::match_problem();
  EXPECT_NO_THROW(p.validate());
  Problem none = p;
  none.objectives.clear();
  EXPECT_NE(error_of([&] { none.validate(); }).find("objectives: got 0 objectives"),
            std::string::npos);
  Problem nocb = p;
  nocb.evaluate = nullptr;
  EXPECT_NE(error_of([&] { nocb.validate(); }).find("objective function"), std::string::npos);
  Problem bi = testing::tradeoff_problem();
  EXPECT_NO_THROW(bi.validate());
  bi.bounds.pop_back();
  EXPECT_NE(error_of([&] { bi.validate(); }).find("bounds: got 1 bounds for 2 objectives"),
            std::string::npos);
  Problem inverted = testing::tradeoff_problem();
  inverted.bounds[1] = {1000.0, 0.0};  // reference better than ideal for a maximised objective
  const auto msg = error_of([&] { inverted.validate(); });
  EXPECT_NE(msg.find("throughput_x"), std::string::npos) << msg;
  EXPECT_NE(msg.find("strictly worse"), std::string::npos) << msg;
}

TEST(Problem, SignedAndNormalisedValues) {
  EXPECT_EQ(signed_value(3.0, Direction::kMaximize), 3.0);
  EXPECT_EQ(signed_value(3.0, Direction::kMinimize), -3.0);
  const Objective lat{"latency_zcu102", Direction::kMinimize};
  EXPECT_DOUBLE_EQ(normalized_value(26.0, lat, {26.0, 1.0}), 0.0);
  EXPECT_DOUBLE_EQ(normalized_value(1.0, lat, {26.0, 1.0}), 1.0);
  EXPECT_DOUBLE_EQ(normalized_value(13.5, lat, {26.0, 1.0}), 0.5);
}

TEST(Problem, ValueOutsideTheReferenceBoxIsAnError) {
  const Objective lat{"latency_zcu102", Direction::kMinimize};
  const auto msg = error_of([&] { normalized_value(30.0, lat, {26.0, 1.0}); });
  EXPECT_NE(msg.find("latency_zcu102 = 30"), std::string::npos) << msg;
  EXPECT_NE(msg.find("does not bound"), std::string::npos) << msg;
  EXPECT_THROW(normalized_value(0.5, lat, {26.0, 1.0}), std::domain_error);
}

TEST(Problem, AnEstimatedBoxClampsInsteadOfFailing) {
  const Objective thr{"throughput_mycpu", Direction::kMaximize};
  const ObjectiveBounds estimated{-100.0, 400.0, true};
  EXPECT_DOUBLE_EQ(normalized_value(507.0, thr, estimated), 1.0);  // better than the estimate
  EXPECT_DOUBLE_EQ(normalized_value(-150.0, thr, estimated), 0.0);
  EXPECT_DOUBLE_EQ(normalized_value(150.0, thr, estimated), 0.5);
  EXPECT_THROW(normalized_value(std::nan(""), thr, estimated), std::domain_error);
}

TEST(Problem, RequireObjectivesNamesTheAlgorithm) {
  const auto msg = error_of([] { require_objectives(testing::tradeoff_problem(), 1, "re"); });
  EXPECT_NE(msg.find("'re' is single-objective"), std::string::npos) << msg;
  EXPECT_NE(error_of([] {
              require_objectives(testing::match_problem(), 2, "nsga2");
            }).find("bi-objective"),
            std::string::npos);
}

}  // namespace
}  // namespace anb::search
