#include "anb/space/cost.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/space/search_space.h"

namespace anb::space {
namespace {

TEST(Cost, EfficientNetB0MatchesReference) {
  const Cost c = cost(Architecture::efficientnet_b0());
  EXPECT_EQ(c.macs, 415145024);  // reference.md: 415.145024 MMACs
  EXPECT_EQ(c.params, 5288548);  // equals torchvision efficientnet_b0
}

TEST(Cost, SpaceExtremesMatchReference) {
  std::array<Stage, kNumStages> big{};
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = Stage{6, 5, i == 5 ? 4 : 3, true};
  EXPECT_NEAR(cost(Architecture(big)).mmacs(), 964.35, 0.005);
  EXPECT_NEAR(cost(Architecture()).mmacs(), 57.03, 0.005);
}

TEST(Cost, ScalesWithResolutionAndClasses) {
  const Architecture a = Architecture::efficientnet_b0();
  NetworkOptions small;
  small.resolution = 32;
  small.stem_stride = 1;
  small.num_classes = 10;
  small.input_channels = 1;
  const Cost c = cost(a, small);
  EXPECT_LT(c.macs, cost(a).macs);
  EXPECT_EQ(cost(a).params - c.params, (1280 * 1000 + 1000) - (1280 * 10 + 10) + 2 * 32 * 9 * 1);
}

TEST(Cost, TrainingFlopsAreSixTimesMacs) {
  const Architecture a = Architecture::efficientnet_b0();
  EXPECT_DOUBLE_EQ(training_flops_per_image(a), 6.0 * 415145024.0);
}

TEST(NetworkOptions, RejectsResolutionBelowTotalStride) {
  NetworkOptions o;
  o.resolution = 16;
  try {
    o.validate();
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("resolution = 16"), std::string::npos) << e.what();
  }
  o.resolution = 32;
  EXPECT_NO_THROW(o.validate());
  o.stem_stride = 3;
  EXPECT_THROW(o.validate(), std::invalid_argument);
}

TEST(NetworkShape, ResidualRuleFollowsReference) {
  const NetworkShape s = network_shape(Architecture::efficientnet_b0());
  ASSERT_EQ(s.layers.size(), 16u);
  EXPECT_FALSE(s.layers[0].residual);  // 32 -> 16
  for (const LayerShape& l : s.layers) {
    EXPECT_EQ(l.residual, l.index_in_stage > 0);
    EXPECT_EQ(l.squeeze_channels, l.in_channels / 4);
  }
  EXPECT_EQ(s.final_size, 7);
  EXPECT_EQ(s.head_channels, 1280);
}

}  // namespace
}  // namespace anb::space
