#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "run_anb.h"
#include "tiny_models.h"

namespace anb::cli_test {
namespace {

class CliEval : public TinyModelsSuite {
 protected:
  static void SetUpTestSuite() { set_up_suite("eval"); }
  static void TearDownTestSuite() { tear_down_suite(); }
};

TEST_F(CliEval, JsonHasEnsembleAndMemberMetricsPerTarget) {
  const AnbRun r = run_anb("eval --models " + models() + " --data " + test_data() + " --records " +
                           val() + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* t : {"accuracy", "throughput_a100"}) {
    const auto& m = j["targets"][t];
    EXPECT_EQ(m["n"].get<int>(), 80) << t;
    for (const char* key : {"r2", "kendall_tau", "spearman", "mae", "rmse"}) {
      EXPECT_TRUE(m[key].is_number()) << t << " " << key;
      EXPECT_TRUE(m["members"][key].is_number()) << t << " " << key;
    }
    EXPECT_GT(m["kendall_tau"].get<double>(), 0.3) << t;
  }
  // Calibrated intervals: coverage and mean width at the four levels, wider for higher levels.
  for (const char* t : {"accuracy", "throughput_a100"}) {
    const auto& m = j["targets"][t];
    double last_width = 0.0;
    for (const char* level : {"0.5", "0.8", "0.9", "0.95"}) {
      const double coverage = m["coverage"][level].get<double>();
      EXPECT_GE(coverage, 0.0) << t << " " << level;
      EXPECT_LE(coverage, 1.0) << t << " " << level;
      EXPECT_GT(m["interval_width"][level].get<double>(), last_width) << t << " " << level;
      last_width = m["interval_width"][level].get<double>();
      EXPECT_GT(m["constant_width"][level].get<double>(), 0.0) << t << " " << level;
    }
    EXPECT_GT(m["coverage"]["0.95"].get<double>(), m["coverage"]["0.5"].get<double>()) << t;
  }
  // Both targets have a noise model: the noise floor splits the RMSE into noise and the rest.
  for (const char* t : {"accuracy", "throughput_a100"}) {
    const auto& m = j["targets"][t];
    const auto& f = m["noise_floor"];
    const double rmse = m["rmse"].get<double>(), noise = f["noise_rms"].get<double>(),
                 excess = f["excess_rmse"].get<double>();
    EXPECT_GT(noise, 0.0) << t;
    EXPECT_NEAR(excess * excess + noise * noise, std::max(rmse * rmse, noise * noise),
                1e-9 * rmse * rmse)
        << t;
    EXPECT_NEAR(f["noise_share"].get<double>(), noise * noise / (rmse * rmse), 1e-9) << t;
    EXPECT_GT(f["tau_ceiling"].get<double>(), 0.0) << t;
    EXPECT_LE(f["tau_ceiling"].get<double>(), 1.0) << t;
  }
  // Same numbers as the fit stored in the manifest.
  const auto manifest = nlohmann::json::parse(std::ifstream(*dir_ / "models" / "manifest.json"));
  EXPECT_DOUBLE_EQ(manifest["targets"][0]["validation"]["ensemble"]["r2"].get<double>(),
                   j["targets"]["accuracy"]["r2"].get<double>());
}

TEST_F(CliEval, TableAndScatterPlots) {
  const auto plots = *dir_ / "plots";
  const AnbRun r = run_anb("eval --models " + models() + " --data " + test_data() + " --records " +
                           val() + " --targets accuracy --plots " + plots.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy"), std::string::npos);
  EXPECT_EQ(r.out.find("throughput_a100"), std::string::npos);
  EXPECT_NE(r.out.find("tau ceiling"), std::string::npos) << r.out;  // the noise-floor table
  EXPECT_TRUE(std::filesystem::exists(plots / "accuracy.png")) << r.err;
}

TEST_F(CliEval, ClearErrorsForUnknownTargetMissingModelsAndBadRecordList) {
  AnbRun r = run_anb("eval --models " + models() + " --data " + test_data() + " --records " +
                     val() + " --targets latency_vck190");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("unknown target 'latency_vck190'"), std::string::npos) << r.err;
  r = run_anb("eval --models " + (*dir_ / "none").string() + " --data " + test_data());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  std::ofstream(*dir_ / "bad.txt") << "result_999999.json\n";
  r = run_anb("eval --models " + models() + " --data " + test_data() + " --records " +
              (*dir_ / "bad.txt").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("result_999999.json"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace anb::cli_test
