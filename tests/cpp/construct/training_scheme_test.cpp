#include "anb/construct/training_scheme.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "anb/space/cost.h"
#include "error_message.h"

namespace anb::construct {
namespace {

std::string error_of(const nlohmann::json& object) {
  return anb::testing::error_of<std::invalid_argument>(
      [&] { TrainingScheme::from_json(object, "s.json"); });
}

TEST(TrainingScheme, DefaultsAreValidAndRoundTrip) {
  TrainingScheme s;
  EXPECT_NO_THROW(s.validate());
  s.progressive_resolution = {{0, 32}, {3, 48}};
  s.epochs = 5;
  const TrainingScheme back = TrainingScheme::from_json(s.to_json());
  EXPECT_EQ(back.to_json(), s.to_json());
  EXPECT_EQ(back.progressive_resolution, s.progressive_resolution);
}

TEST(TrainingScheme, AbsentKeysKeepDefaults) {
  const auto s = TrainingScheme::from_json({{"epochs", 3}, {"nesterov", true}});
  EXPECT_EQ(s.epochs, 3);
  EXPECT_TRUE(s.nesterov);
  EXPECT_EQ(s.batch_size, TrainingScheme{}.batch_size);
}

TEST(TrainingScheme, RejectsUnknownFieldsByName) {
  const std::string msg = error_of({{"epochs", 3}, {"learning_rate", 0.1}});
  EXPECT_NE(msg.find("learning_rate"), std::string::npos) << msg;
  EXPECT_NE(msg.find("s.json"), std::string::npos) << msg;
}

TEST(TrainingScheme, RejectsImpossibleValuesNamingFieldAndValue) {
  std::string msg = error_of({{"epochs", 0}});
  EXPECT_NE(msg.find("'epochs' = 0"), std::string::npos) << msg;
  msg = error_of({{"data_fraction", 1.5}});
  EXPECT_NE(msg.find("'data_fraction' = 1.5"), std::string::npos) << msg;
  msg = error_of({{"resolution", 16}});  // stem stride 2 needs >= 32
  EXPECT_NE(msg.find("'resolution' = 16"), std::string::npos) << msg;
  EXPECT_NE(msg.find("minimum 32"), std::string::npos) << msg;
  EXPECT_EQ(error_of({{"resolution", 16}, {"stem_stride", 1}}), "");
  EXPECT_NE(error_of({{"schedule", "linear"}}).find("schedule"), std::string::npos);
  EXPECT_NE(error_of({{"augmentation", "mixup"}}).find("mixup"), std::string::npos);
  EXPECT_NE(error_of({{"epochs", "three"}}).find("field 'epochs' = \"three\": must be an integer"), std::string::npos);
  EXPECT_NE(error_of({{"warmup_epochs", 20}, {"epochs", 4}}).find("warmup_epochs"),
            std::string::npos);
  EXPECT_NE(error_of(nlohmann::json::array()).find("JSON object"), std::string::npos);
}

TEST(TrainingScheme, ValidatesProgressiveSchedule) {
  EXPECT_NE(error_of({{"progressive_resolution", {{1, 32}}}}).find("epoch 0"), std::string::npos);
  EXPECT_NE(error_of({{"progressive_resolution", {{0, 32}, {0, 64}}}}).find("increase"),
            std::string::npos);
  EXPECT_NE(error_of({{"progressive_resolution", {{0, 24}}}}).find("minimum"), std::string::npos);
  EXPECT_NE(error_of({{"epochs", 4}, {"progressive_resolution", {{0, 32}, {4, 64}}}})
                .find("below epochs"),
            std::string::npos);
  EXPECT_NE(error_of({{"progressive_resolution", {32, 64}}}).find("pairs"), std::string::npos);
}

TEST(TrainingScheme, ResolutionSchedule) {
  TrainingScheme s;
  s.epochs = 16;
  s.resolution = 224;
  EXPECT_EQ(s.resolution_at(7), 224);
  s.progressive_resolution = {{0, 160}, {12, 192}};
  EXPECT_EQ(s.resolution_at(0), 160);
  EXPECT_EQ(s.resolution_at(11), 160);
  EXPECT_EQ(s.resolution_at(12), 192);
  EXPECT_EQ(s.evaluation_resolution(), 192);
  s.eval_resolution = 256;
  EXPECT_EQ(s.evaluation_resolution(), 256);
}

TEST(TrainingScheme, TriangleScheduleMatchesTheOriginal) {
  TrainingScheme s;  // epochs 16, warm-up 2, lr 0.425
  EXPECT_DOUBLE_EQ(s.learning_rate(0.0), 0.425e-4);
  EXPECT_DOUBLE_EQ(s.learning_rate(2.0), 0.425);
  EXPECT_NEAR(s.learning_rate(1.0), (0.425e-4 + 0.425) / 2, 1e-12);
  EXPECT_NEAR(s.learning_rate(9.0), 0.425 / 2, 1e-12);
  EXPECT_DOUBLE_EQ(s.learning_rate(16.0), 0.0);
}

TEST(TrainingScheme, CosineAndStepSchedules) {
  TrainingScheme s;
  s.epochs = 10;
  s.warmup_epochs = 0;
  s.lr = 1.0;
  s.schedule = "cosine";
  EXPECT_DOUBLE_EQ(s.learning_rate(0.0), 1.0);
  EXPECT_NEAR(s.learning_rate(5.0), 0.5, 1e-12);
  EXPECT_NEAR(s.learning_rate(10.0), 0.0, 1e-12);
  s.schedule = "step";
  s.step_epochs = 3;
  s.step_gamma = 0.5;
  EXPECT_DOUBLE_EQ(s.learning_rate(2.9), 1.0);
  EXPECT_DOUBLE_EQ(s.learning_rate(3.0), 0.5);
  EXPECT_DOUBLE_EQ(s.learning_rate(9.5), 0.125);
}

TEST(TrainingScheme, WithFieldSetsAndValidates) {
  const TrainingScheme s = with_field(TrainingScheme{}, "epochs", 4);
  EXPECT_EQ(s.epochs, 4);
  EXPECT_THROW(with_field(s, "epochs", 0), std::invalid_argument);
  EXPECT_THROW(with_field(s, "no_such_field", 1), std::invalid_argument);
}

TEST(TrainingScheme, TrainingFlopsFollowEpochsResolutionAndFraction) {
  const auto arch = space::Architecture::efficientnet_b0();
  TrainingScheme s;
  s.epochs = 4;
  s.resolution = 32;
  s.width_multiplier = 0.25;
  const double per_image = space::training_flops_per_image(arch, s.network_options(10, 1, 32));
  EXPECT_DOUBLE_EQ(training_flops(arch, s, 1000, 10, 1), 4 * 1000 * per_image);
  s.data_fraction = 0.25;
  EXPECT_EQ(images_per_epoch(s, 1000), 250);
  EXPECT_DOUBLE_EQ(training_flops(arch, s, 1000, 10, 1), 4 * 250 * per_image);
  s.data_fraction = 1.0;
  s.progressive_resolution = {{0, 32}, {2, 64}};
  const double at64 = space::training_flops_per_image(arch, s.network_options(10, 1, 64));
  EXPECT_DOUBLE_EQ(training_flops(arch, s, 1000, 10, 1), 2 * 1000 * per_image + 2 * 1000 * at64);
}

}  // namespace
}  // namespace anb::construct
