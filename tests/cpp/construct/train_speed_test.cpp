#include "anb/construct/train_speed.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "error_message.h"

namespace anb::construct {
namespace {

TEST(TrainSpeed, TimesStepsOfASmallNetwork) {
  torch::set_num_threads(1);
  TrainingScheme scheme;
  scheme.width_multiplier = 0.25;
  TrainSpeedOptions speed;
  speed.batch = 4;
  speed.resolution = 32;
  speed.classes = 10;
  speed.warmup = 1;
  speed.steps = 2;
  const TrainSpeed s =
      time_training_steps(space::Architecture::efficientnet_b0(), scheme, TrainOptions{}, speed);
  EXPECT_GT(s.seconds, 0.0);
  EXPECT_NEAR(s.images_per_second, 8.0 / s.seconds, 1e-9);
  EXPECT_EQ(s.skipped_steps, 0);
  EXPECT_EQ(s.to_json()["images_per_second"], s.images_per_second);
}

TEST(TrainSpeed, BadOptionsNameTheField) {
  TrainSpeedOptions speed;
  speed.batch = 1;
  EXPECT_NE(anb::testing::error_of([&] { speed.validate(); }).find("batch = 1"), std::string::npos);
  speed = {};
  speed.steps = 0;
  EXPECT_NE(anb::testing::error_of([&] { speed.validate(); }).find("steps = 0"), std::string::npos);
  speed = {};
  speed.resolution = 100000;
  EXPECT_THROW(speed.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace anb::construct
