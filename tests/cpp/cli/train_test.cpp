// Tests of `anb train` through the built binary on a tiny generated IDX dataset.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "construct/cli_run.h"
#include "construct/fixtures.h"

namespace {

namespace fs = std::filesystem;
using anb::testing::run_anb;

fs::path write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

TEST(TrainCli, TrainsAndReportsAccuracyTimeAndFlops) {
  const auto data = anb::testing::write_idx_dataset("cli_train_data", 32, 16, 4);
  const auto dir = anb::testing::fresh_dir("cli_train");
  const auto scheme = write_text(dir / "scheme.json", anb::testing::tiny_scheme_json());
  const auto r = run_anb("train --arch " + anb::testing::tiny_archs()[0] + " --scheme " +
                         scheme.string() + " --dataset idx:" + data.string() + " --out " +
                         (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("top-1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("train FLOPs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("epoch 1/1"), std::string::npos) << r.output;
  std::ifstream in(dir / "out" / "record.json");
  const auto record = nlohmann::json::parse(in);
  EXPECT_TRUE(record["metrics"].contains("val_top1"));
  EXPECT_EQ(record["metadata"]["scheme"]["epochs"], 1);
}

TEST(TrainCli, BadInputIsAnError) {
  const auto data = anb::testing::write_idx_dataset("cli_train_bad", 32, 16, 4);
  const auto dir = anb::testing::fresh_dir("cli_train_bad_scheme");
  const auto unknown = write_text(dir / "unknown.json", "{\"epochs\": 1, \"momentun\": 0.9}");
  auto r = run_anb("train --arch efficientnet-b0 --scheme " + unknown.string() +
                   " --dataset idx:" + data.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'momentun'"), std::string::npos) << r.output;
  const auto zero = write_text(dir / "zero.json", "{\"epochs\": 0}");
  r = run_anb("train --arch efficientnet-b0 --scheme " + zero.string() + " --dataset idx:" +
              data.string());
  EXPECT_NE(r.output.find("'epochs' = 0"), std::string::npos) << r.output;
  const auto ok = write_text(dir / "ok.json", anb::testing::tiny_scheme_json());
  r = run_anb("train --arch efficientnet-b0 --scheme " + ok.string() +
              " --dataset idx:/no/such/mnist");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("/no/such/mnist"), std::string::npos) << r.output;
}

TEST(TrainCli, DeviceFlagsAreCheckedAndReported) {
  const auto data = anb::testing::write_idx_dataset("cli_train_device", 32, 16, 4);
  const auto dir = anb::testing::fresh_dir("cli_train_device_scheme");
  const auto scheme = write_text(dir / "scheme.json", anb::testing::tiny_scheme_json());
  const std::string base = "train --arch " + anb::testing::tiny_archs()[0] + " --scheme " +
                           scheme.string() + " --dataset idx:" + data.string();
  auto r = run_anb(base + " --device cuda:7");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("cuda:7"), std::string::npos) << r.output;
  r = run_anb(base + " --device tpu");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("device = 'tpu'"), std::string::npos) << r.output;
  r = run_anb(base + " --precision fp16");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("fp16"), std::string::npos) << r.output;
  r = run_anb(base + " --loader-threads 0");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("loader_threads = 0"), std::string::npos) << r.output;
  r = run_anb(base + " --loader-threads 2 --json --quiet");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["options"]["device"], "cpu");
  EXPECT_EQ(j["options"]["loader_threads"], 2);
  EXPECT_GT(j["images_per_second"].get<double>(), 0.0);
  EXPECT_TRUE(j["bound_by"] == "loader" || j["bound_by"] == "training");
}

TEST(TrainSpeedCli, TimesStepsAndRejectsBadFlags) {
  auto r = run_anb("train-speed --batch 4 --resolution 32 --classes 10 --steps 2 --warmup 1 "
                   "--threads 1 --json");
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_GT(j["images_per_second"].get<double>(), 0.0);
  EXPECT_EQ(j["batch"], 4);
  r = run_anb("train-speed --batch 1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("batch = 1"), std::string::npos) << r.output;
}

}  // namespace
