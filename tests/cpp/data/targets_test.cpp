#include "anb/data/targets.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace anb::data {
namespace {

TEST(Targets, OriginalTargetsAreTheNineOfTheBenchmark) {
  const auto& names = original_targets();
  ASSERT_EQ(names.size(), 9u);
  EXPECT_EQ(names.front(), "accuracy");
  for (const std::string& n : names) EXPECT_TRUE(is_target_name(n)) << n;
  EXPECT_NE(std::find(names.begin(), names.end(), "latency_vck190"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "latency_a100"), names.end());
}

TEST(Targets, InfoOfEachKind) {
  const TargetInfo acc = target_info("accuracy");
  EXPECT_EQ(acc.metric, "accuracy");
  EXPECT_EQ(acc.unit, "%");
  EXPECT_EQ(acc.device, "");
  EXPECT_EQ(acc.direction, Direction::kMaximize);
  const TargetInfo thr = target_info("throughput_3090");
  EXPECT_EQ(thr.metric, "throughput");
  EXPECT_EQ(thr.device, "3090");
  EXPECT_EQ(thr.unit, "images/s");
  EXPECT_EQ(thr.direction, Direction::kMaximize);
  const TargetInfo lat = target_info("latency_my-fpga_2");
  EXPECT_EQ(lat.metric, "latency");
  EXPECT_EQ(lat.device, "my-fpga_2");
  EXPECT_EQ(lat.unit, "ms");
  EXPECT_EQ(lat.direction, Direction::kMinimize);
}

TEST(Targets, TrainTimeAndTop5AreTargetsButNotDeviceMetrics) {
  const TargetInfo top5 = target_info("val_top5");
  EXPECT_EQ(top5.unit, "%");
  EXPECT_EQ(top5.direction, Direction::kMaximize);
  const TargetInfo time = target_info("train_time");
  EXPECT_EQ(time.metric, "train_time");
  EXPECT_EQ(time.unit, "s");
  EXPECT_EQ(time.direction, Direction::kMinimize);
  EXPECT_TRUE(is_target_name("train_time"));
  EXPECT_FALSE(is_device_target("train_time"));
  EXPECT_FALSE(is_device_target("accuracy"));
  EXPECT_TRUE(is_device_target("latency_zcu102"));
  EXPECT_FALSE(is_target_name("val_top1"));
}

TEST(Targets, RejectsMalformedNames) {
  for (const char* bad : {"", "Accuracy", "throughput", "throughput_", "latency_A100",
                          "speed_a100", "throughput_a 100", "latencyzcu102"}) {
    EXPECT_FALSE(is_target_name(bad)) << bad;
  }
  try {
    target_info("speed_a100");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'speed_a100'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace anb::data
