#include "anb/surrogate/transform.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "error_message.h"

namespace anb::surrogate {
namespace {

TEST(Transform, NamesRoundTrip) {
  for (const Transform& t : {Transform::none(), Transform::log(), Transform::log_headroom()}) {
    EXPECT_EQ(Transform::parse_kind(t.name()), t.kind) << t.name();
  }
  EXPECT_THROW(Transform::parse_kind("exp"), std::invalid_argument);
}

TEST(Transform, NoneAndLogRoundTripAndLogRejectsNonPositiveValues) {
  EXPECT_DOUBLE_EQ(Transform::none().apply(-3.0), -3.0);
  EXPECT_DOUBLE_EQ(Transform::log().invert(Transform::log().apply(1234.5)), 1234.5);
  EXPECT_THROW(Transform::log().apply(0.0), std::invalid_argument);
  EXPECT_TRUE(Transform::none().is_identity());
  EXPECT_FALSE(Transform::log().is_identity());
}

TEST(Transform, LogHeadroomPlacesItsCeilingAboveTheTrainingValues) {
  const Transform t = Transform::log_headroom(0.2).fitted_to({50.0, 60.0, 70.0});
  EXPECT_DOUBLE_EQ(t.ceiling, 70.0 + 0.2 * 20.0);
  EXPECT_DOUBLE_EQ(t.apply(64.0), -std::log(10.0));
  // Increasing, and inverted exactly (within rounding) for every training value.
  EXPECT_LT(t.apply(50.0), t.apply(60.0));
  for (double y : {50.0, 60.0, 70.0}) EXPECT_NEAR(t.invert(t.apply(y)), y, 1e-12);
  // Any model output maps below the ceiling.
  EXPECT_LT(t.invert(10.0), t.ceiling);
  // A constant target still gets a ceiling above it.
  EXPECT_GT(Transform::log_headroom().fitted_to({5.0, 5.0}).ceiling, 5.0);
  // fitted_to leaves the other kinds alone.
  EXPECT_TRUE(std::isnan(Transform::log().fitted_to({1.0, 2.0}).ceiling));
}

TEST(Transform, LogHeadroomRejectsValuesAtTheCeilingAndMissingCeilings) {
  const Transform t = Transform::log_headroom(0.5).fitted_to({1.0, 3.0});
  const std::string m = anb::testing::error_of<std::invalid_argument>([&] { t.apply(4.0); });
  EXPECT_NE(m.find("4"), std::string::npos) << m;
  EXPECT_NE(m.find("ceiling 4"), std::string::npos) << m;
  EXPECT_THROW(Transform::log_headroom().apply(1.0), std::invalid_argument);
  EXPECT_THROW(Transform::log_headroom().fitted_to({}), std::invalid_argument);
  EXPECT_THROW(Transform::log_headroom().fitted_to({1.0, NAN}), std::invalid_argument);
  Transform bad = Transform::log_headroom(-1.0);
  const std::string v = anb::testing::error_of<std::invalid_argument>([&] { bad.validate(); });
  EXPECT_NE(v.find("Transform.headroom = -1"), std::string::npos) << v;
}

}  // namespace
}  // namespace anb::surrogate
