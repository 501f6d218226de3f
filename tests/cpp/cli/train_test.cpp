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

}  // namespace
