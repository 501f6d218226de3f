#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "anb/stats/random.h"
#include "run_anb.h"
#include "tiny_models.h"

namespace anb::cli_test {
namespace {

class CliQuery : public TinyModelsSuite {
 protected:
  static void SetUpTestSuite() { set_up_suite("query"); }
  static void TearDownTestSuite() { tear_down_suite(); }
};

TEST_F(CliQuery, PrintsMeanStdAndUnitPerTarget) {
  const AnbRun r = run_anb("query --models " + models() + " efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("e1666666-k3353553-l1223341-seTTTTTTT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("images/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("±"), std::string::npos) << r.out;
}

TEST_F(CliQuery, JsonAndSeededNoise) {
  const std::string args =
      "query --models " + models() +
      " --json --noise --seed 7 efficientnet-b0 e1111111-k3333333-l1111111-seFFFFFFF";
  const AnbRun a = run_anb(args), b = run_anb(args);
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);  // same seed, same draws
  const auto j = nlohmann::json::parse(a.out);
  ASSERT_EQ(j.size(), 2u);
  const auto& acc = j[0]["targets"]["accuracy"];
  EXPECT_EQ(acc["unit"], "%");
  EXPECT_GE(acc["std"].get<double>(), 0.0);
  EXPECT_TRUE(acc["sample"].is_number());
  const AnbRun c =
      run_anb("query --models " + models() +
              " --json --noise --seed 8 efficientnet-b0 e1111111-k3333333-l1111111-seFFFFFFF");
  EXPECT_NE(c.out, a.out);
  // The smallest architecture is much faster than EfficientNet-B0 on an A100.
  EXPECT_GT(j[1]["targets"]["throughput_a100"]["mean"].get<double>(),
            j[0]["targets"]["throughput_a100"]["mean"].get<double>());
}

// Several architectures go through one batch query; each answer equals the one-architecture
// answer (means, stds, intervals, units, bit for bit as printed by --json), and the first
// architecture's noisy draw is the one it gets alone (one stream, drawn in order).
TEST_F(CliQuery, ManyArchitecturesEqualTheSingleAnswers) {
  const std::vector<std::string> archs = {"efficientnet-b0", "e1111111-k3333333-l1111111-seFFFFFFF",
                                          "e6416141-k5353535-l3213142-seTFTFTFT",
                                          "e4444444-k5555555-l3333343-seTTTTTTT"};
  const std::string base = "query --models " + models() + " --json --interval 0.9 ";
  std::string all;
  for (const auto& a : archs) all += " " + a;
  const AnbRun many = run_anb(base + all);
  ASSERT_EQ(many.status, 0) << many.err;
  const auto j = nlohmann::json::parse(many.out);
  ASSERT_EQ(j.size(), archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) {
    const AnbRun one = run_anb(base + archs[i]);
    ASSERT_EQ(one.status, 0) << one.err;
    const auto k = nlohmann::json::parse(one.out);
    ASSERT_EQ(k.size(), 1u);
    EXPECT_EQ(j[i], k[0]) << archs[i];
    EXPECT_TRUE(j[i]["targets"]["accuracy"].contains("lower")) << j[i].dump();
  }
  EXPECT_NE(j[0]["targets"]["accuracy"]["mean"], j[1]["targets"]["accuracy"]["mean"]);
  const std::string noisy = "query --models " + models() + " --json --noise ensemble --seed 3 ";
  const AnbRun first = run_anb(noisy + archs[0]);
  const AnbRun both = run_anb(noisy + archs[0] + " " + archs[1]);
  ASSERT_EQ(both.status, 0) << both.err;
  const auto f = nlohmann::json::parse(first.out), b = nlohmann::json::parse(both.out);
  EXPECT_EQ(f[0], b[0]);
  EXPECT_TRUE(b[1]["targets"]["accuracy"]["sample"].is_number());
}

TEST_F(CliQuery, TargetsFilterAndBadInputErrors) {
  AnbRun r = run_anb("query --models " + models() + " --targets accuracy --json efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)[0]["targets"].size(), 1u);
  r = run_anb("query --models " + models() + " --targets latency_zcu102 efficientnet-b0");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("accuracy, throughput_a100"), std::string::npos) << r.err;
  r = run_anb("query --models " + models() + " e9666666-k3353553-l1223341-seTTTTTTT");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("anb: error:"), std::string::npos) << r.err;
  // A model directory from another encoding version.
  auto manifest = nlohmann::json::parse(std::ifstream(*dir_ / "models" / "manifest.json"));
  manifest["encoding"]["version"] = 2;
  std::filesystem::copy(*dir_ / "models", *dir_ / "other",
                        std::filesystem::copy_options::recursive);
  std::ofstream(*dir_ / "other" / "manifest.json") << manifest.dump();
  r = run_anb("query --models " + (*dir_ / "other").string() + " efficientnet-b0");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("encoding"), std::string::npos) << r.err;
}

TEST_F(CliQuery, IntervalsBesideMeanAndStd) {
  const std::string base = "query --models " + models() + " --json ";
  AnbRun r = run_anb(base + "--interval 0.9 efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* t : {"accuracy", "throughput_a100"}) {
    const auto& v = j[0]["targets"][t];
    EXPECT_LT(v["lower"].get<double>(), v["mean"].get<double>()) << t;
    EXPECT_GT(v["upper"].get<double>(), v["mean"].get<double>()) << t;
  }
  r = run_anb(base + "--interval 0.5 efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto narrow = nlohmann::json::parse(r.out)[0]["targets"]["accuracy"];
  const auto& wide = j[0]["targets"]["accuracy"];
  EXPECT_LT(narrow["upper"].get<double>() - narrow["lower"].get<double>(),
            wide["upper"].get<double>() - wide["lower"].get<double>());
  // Without --interval: no bounds.
  r = run_anb(base + "efficientnet-b0");
  EXPECT_FALSE(nlohmann::json::parse(r.out)[0]["targets"]["accuracy"].contains("lower"));
  for (const char* level : {"0", "1", "1.5", "-0.2"}) {
    r = run_anb(base + "--interval " + level + " efficientnet-b0");
    EXPECT_EQ(r.status, 1) << level;
    EXPECT_NE(r.err.find("must be in (0, 1)"), std::string::npos) << r.err;
  }
}

TEST_F(CliQuery, ModelsFittedBeforeIntervalsAnswerMeanAndStdWithANote) {
  auto manifest = nlohmann::json::parse(std::ifstream(*dir_ / "models" / "manifest.json"));
  for (auto& t : manifest["targets"]) t.erase("calibration");
  const auto old = *dir_ / "before_intervals";
  std::filesystem::copy(*dir_ / "models", old, std::filesystem::copy_options::recursive);
  std::ofstream(old / "manifest.json") << manifest.dump();
  const AnbRun r =
      run_anb("query --models " + old.string() + " --json --interval 0.9 efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto v = nlohmann::json::parse(r.out)[0]["targets"]["accuracy"];
  EXPECT_TRUE(v["mean"].is_number());
  EXPECT_FALSE(v.contains("lower"));
  EXPECT_NE(r.err.find("no calibrated interval"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("refit"), std::string::npos) << r.err;
}

TEST_F(CliQuery, NoiseSourcesAndTargetsWithoutANoiseModel) {
  const std::string base = "query --models " + models() + " --json --seed 3 ";
  const AnbRun m = run_anb(base + "--noise measurement efficientnet-b0");
  const AnbRun d = run_anb(base + "--noise efficientnet-b0");
  const AnbRun e = run_anb(base + "--noise ensemble efficientnet-b0");
  ASSERT_EQ(m.status, 0) << m.err;
  ASSERT_EQ(e.status, 0) << e.err;
  EXPECT_EQ(m.out, d.out);  // measurement is the default source
  EXPECT_NE(m.out, e.out);
  // The ensemble draw is the old N(mean, std^2) draw from Rng(seed).
  const auto je = nlohmann::json::parse(e.out)[0]["targets"]["accuracy"];
  stats::Rng rng(3);
  EXPECT_DOUBLE_EQ(je["sample"].get<double>(),
                   rng.normal(je["mean"].get<double>(), je["std"].get<double>()));
  EXPECT_EQ(run_anb(base + "--noise typo efficientnet-b0").status, 1);
  // A target without a noise model: named explicitly, an error; among all targets, a note.
  auto manifest = nlohmann::json::parse(std::ifstream(*dir_ / "models" / "manifest.json"));
  manifest["targets"][0].erase("noise");
  const auto quiet = *dir_ / "no_noise";
  std::filesystem::copy(*dir_ / "models", quiet, std::filesystem::copy_options::recursive);
  std::ofstream(quiet / "manifest.json") << manifest.dump();
  AnbRun r = run_anb("query --models " + quiet.string() +
                     " --targets accuracy --noise efficientnet-b0");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no noise model"), std::string::npos) << r.err;
  r = run_anb("query --models " + quiet.string() + " --json --noise efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("no noise model"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out)[0]["targets"];
  EXPECT_FALSE(j["accuracy"].contains("sample"));
  EXPECT_TRUE(j["throughput_a100"].contains("sample"));
}

TEST_F(CliQuery, BenchQueryReportsBothEvaluators) {
  const AnbRun r = run_anb("bench query --models " + models() + " --singles 50 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"anb_single_us", "anb_batch_per_s", "xgb_single_us", "xgb_batch_per_s"}) {
    EXPECT_GT(j["targets"]["accuracy"][key].get<double>(), 0.0) << key;
  }
  for (const char* key : {"anb_single_us", "anb_interval_us", "xgb_single_us"}) {
    EXPECT_GT(j["all_targets"][key].get<double>(), 0.0) << key;
  }
}

}  // namespace
}  // namespace anb::cli_test
