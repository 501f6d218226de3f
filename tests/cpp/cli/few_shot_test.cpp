// `anb fit --few-shot` and `anb transfer` on tiny priors (throughput_a100 and throughput_3090
// fitted on 300 synthetic records) and a handful of synthetic H200 measurements.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "anb/data/dataset.h"
#include "run_anb.h"
#include "tiny_models.h"

namespace anb::cli_test {
namespace {

class CliFewShot : public TinyModelsSuite {
 protected:
  static void SetUpTestSuite() { set_up_suite("fewshot", "priors"); }
  static void TearDownTestSuite() { tear_down_suite(); }

  // A folder with the first n H200 records (plus `extra` records as given).
  static std::filesystem::path measurements(const std::string& name, std::size_t n,
                                            const std::vector<data::Record>& extra = {}) {
    static const data::Dataset h200 = data::Dataset::load(synthetic_device_data());
    const auto out = *dir_ / name;
    std::filesystem::create_directories(out);
    for (std::size_t i = 0; i < n; ++i) {
      std::ofstream(out / h200[i].id) << h200[i].to_json().dump();
    }
    for (const auto& r : extra) std::ofstream(out / r.id) << r.to_json().dump();
    return out;
  }
  static data::Record h200_record(std::size_t i) {
    return data::Dataset::load(synthetic_device_data())[i];
  }
  static std::string few_shot_args(const std::filesystem::path& data, const std::string& out) {
    return "fit --few-shot --data " + data.string() + " --targets throughput_h200 --prior-models " +
           models() + " --distill-archs 300 --config " + (*dir_ / "tiny.json").string() +
           " --threads 1 --no-progress --out " + (*dir_ / out).string();
  }
};

TEST_F(CliFewShot, FitsANewDeviceFromTwelveMeasurementsAndSaysTheyAreFew) {
  const AnbRun r = run_anb(few_shot_args(measurements("m12", 12), "fs12"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("throughput_h200      12 shrunk_trees"), std::string::npos) << r.out;
  // The ensemble's prior: one of the prior models' targets.
  EXPECT_TRUE(r.out.find("| throughput_a100") != std::string::npos ||
              r.out.find("| throughput_3090") != std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("only 12 measured architectures: the held-out tau"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("uncertain by about ±0.2"), std::string::npos) << r.err;
  std::ifstream in(*dir_ / "fs12" / "manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  bool found = false;
  for (const auto& t : manifest["targets"]) {
    if (t["name"] != "throughput_h200") continue;
    found = true;
    EXPECT_EQ(t["validation"]["measured_records"].get<int>(), 12);
    EXPECT_GT(t["validation"]["few_shot_cv"]["kendall_tau"].get<double>(), 0.5);
  }
  EXPECT_TRUE(found);
  // The directory works like any other.
  const AnbRun q = run_anb("query --models " + (*dir_ / "fs12").string() + " efficientnet-b0");
  ASSERT_EQ(q.status, 0) << q.err;
  EXPECT_NE(q.out.find("throughput_h200"), std::string::npos) << q.out;
}

TEST_F(CliFewShot, BadMeasurementsAndPriorsAreClearErrors) {
  // The same architecture measured twice, 50 % apart.
  data::Record twin = h200_record(0);
  twin.id = "twin.json";
  twin.perf["throughput_h200"].mean = *twin.perf["throughput_h200"].mean * 1.5;
  AnbRun r = run_anb(few_shot_args(measurements("mtwin", 12, {twin}), "fstwin"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("measured more than once with different values"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("twin.json"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "fstwin"));
  // Too few to fit at all.
  r = run_anb(few_shot_args(measurements("m3", 3), "fs3"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("3 measured architecture(s); a few-shot fit needs at least 5"),
            std::string::npos)
      << r.err;
  // No prior directory, or one without device targets.
  r = run_anb("fit --few-shot --data " + measurements("m12b", 12).string() +
              " --targets throughput_h200 --out " + (*dir_ / "x").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--few-shot needs --prior-models"), std::string::npos) << r.err;
  r = run_anb("fit --few-shot --data " + measurements("m12c", 12).string() +
              " --targets throughput_a100 --prior-models " + models() + " --out " +
              (*dir_ / "x").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("already in the prior models"), std::string::npos) << r.err;
}

TEST_F(CliFewShot, TransferBenchmarkRunsAndRejectsImpossibleSizes) {
  const std::string base = "transfer --data " + test_data() + " --train-list " +
                           (*dir_ / "train.txt").string() + " --val-list " + val() +
                           " --prior-models " + models() + " --draws 2 --methods shrunk";
  AnbRun r = run_anb(base + " --devices 3090 --sizes 10,5000");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("throughput_3090    shrunk      random      10"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: throughput_3090: N = 5000 skipped: only "), std::string::npos)
      << r.out;
  r = run_anb(base + " --devices 3090 --sizes 5000");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no held-out target has more training records"), std::string::npos) << r.err;
  r = run_anb(base + " --devices h100 --sizes 10");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("device 'h100' has no records"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace anb::cli_test
