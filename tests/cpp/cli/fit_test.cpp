#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "run_anb.h"
#include "tiny_models.h"

namespace anb::cli_test {
namespace {

TEST(CliFit, FitsTargetsAndReportsValidationQuality) {
  const auto dir = tiny_setup("fit");
  const AnbRun r = run_anb(tiny_fit_args(dir, "accuracy,throughput_a100"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("accuracy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("throughput_a100"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("300 training records, validating on 80"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "models" / "manifest.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "models" / "accuracy" / "member_1.json"));
  // Not a terminal: no progress bar in stderr.
  EXPECT_EQ(r.err.find("\r"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(CliFit, JsonPrintsTheManifestWithValidationMetrics) {
  const auto dir = tiny_setup("fitjson");
  const AnbRun r = run_anb(tiny_fit_args(dir, "accuracy") + " --members 1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["targets"][0]["members"].size(), 1u);
  EXPECT_GT(j["targets"][0]["validation"]["ensemble"]["kendall_tau"].get<double>(), 0.2);
  std::filesystem::remove_all(dir);
}

// --train-list repeats: train + val lists give a final fit on both; the quality figures on val
// are then not held out, which the fit says (stderr note, manifest "also_fitted").
TEST(CliFit, RepeatedTrainListsJoinAndValidationOverlapIsNoted) {
  const auto dir = tiny_setup("fitlists");
  const std::string base = tiny_fit_args(dir, "accuracy") + " --members 1 --json";
  const AnbRun plain = run_anb(base);
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_FALSE(
      nlohmann::json::parse(plain.out)["targets"][0]["validation"].contains("also_fitted"));
  EXPECT_EQ(plain.err.find("not held out"), std::string::npos) << plain.err;
  std::filesystem::remove_all(dir / "models");

  const AnbRun both = run_anb(base + " --train-list " + (dir / "val.txt").string());
  ASSERT_EQ(both.status, 0) << both.err;
  EXPECT_NE(both.err.find("fitting on 380 training records, validating on 80"), std::string::npos)
      << both.err;
  EXPECT_NE(both.err.find("anb: note: 80 of the 80 validation records are also training records: "
                          "the quality figures are not held out"),
            std::string::npos)
      << both.err;
  const auto j = nlohmann::json::parse(both.out);
  EXPECT_EQ(j["targets"][0]["validation"]["also_fitted"].get<int>(), 80);
  std::filesystem::remove_all(dir / "models");

  const AnbRun missing = run_anb(base + " --train-list " + (dir / "nope.txt").string());
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("nope.txt"), std::string::npos) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "models"));
  std::filesystem::remove_all(dir);
}

// Records without split lists beside them (a new device's measurements): a seeded fifth of
// them is held out, so the fit still reports its quality; 0 turns that off.
TEST(CliFit, WithoutSplitListsHoldsOutAValidationFraction) {
  const auto dir = tiny_setup("fitfraction");
  const std::string h200 = synthetic_device_data();
  const std::string args = "fit --data " + h200 + " --targets throughput_h200 --config " +
                           (dir / "tiny.json").string() + " --threads 1 --no-progress --json";
  const AnbRun r = run_anb(args + " --out " + (dir / "m").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("holding out a random 20 % of the records (seed 1)"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("fitting on 80 training records, validating on 20"), std::string::npos)
      << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["targets"][0]["validation"]["ensemble"]["n"].get<int>(), 20);
  const AnbRun all = run_anb(args + " --val-fraction 0 --out " + (dir / "m0").string());
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_NE(all.err.find("fitting on 100 training records, validating on 0"), std::string::npos)
      << all.err;
  const AnbRun bad = run_anb(args + " --val-fraction 1.5 --out " + (dir / "m1").string());
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("--val-fraction = 1.5: must be in [0, 0.9]"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "m1"));
  std::filesystem::remove_all(dir);
}

// --calibration-folds: 'members' calibrates on the member's held-back fold only, the default on
// every training record (calibration-only fits); bad values are one-line errors.
TEST(CliFit, CalibrationFoldsChooseTheCalibrationRecords) {
  const auto dir = tiny_setup("fitcalibration");
  const auto n = [&](const std::string& extra) {
    const AnbRun r = run_anb(tiny_fit_args(dir, "accuracy") + " --members 1 --json" + extra);
    EXPECT_EQ(r.status, 0) << r.err;
    if (r.status != 0) return std::size_t{0};
    const auto t = nlohmann::json::parse(r.out)["targets"][0];
    EXPECT_EQ(t["members"][0]["n_train"].get<std::size_t>() +
                  t["members"][0]["n_early_stop"].get<std::size_t>(),
              300u);
    return t["calibration"]["n"].get<std::size_t>();
  };
  EXPECT_EQ(n(""), 300u);
  EXPECT_EQ(n(" --calibration-folds members"), 300u / 9 + 1);  // one fold of 9 (300 = 9 * 33 + 3)
  EXPECT_EQ(n(" --calibration-folds all --factor-folds 1"), 300u);
  AnbRun r = run_anb(tiny_fit_args(dir, "accuracy") + " --calibration-folds some");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--calibration-folds"), std::string::npos) << r.err;
  r = run_anb(tiny_fit_args(dir, "accuracy") + " --factor-folds 0");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--factor-folds"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

// --spread-model: 'stumps' (default) stores <target>/spread.json and names it in the manifest,
// 'binned' stores none; a bad name is a one-line error.
TEST(CliFit, SpreadModelChoosesWhetherASpreadFileIsStored) {
  const auto dir = tiny_setup("fitspread");
  for (const std::string name : {"stumps", "binned"}) {
    const auto out = dir / "models";
    const AnbRun r =
        run_anb(tiny_fit_args(dir, "accuracy") + " --members 1 --json --spread-model " + name);
    ASSERT_EQ(r.status, 0) << r.err;
    const auto calibration = nlohmann::json::parse(r.out)["targets"][0]["calibration"];
    EXPECT_EQ(calibration.contains("spread_model"), name == "stumps") << name;
    EXPECT_EQ(std::filesystem::exists(out / "accuracy" / "spread.json"), name == "stumps");
  }
  const AnbRun r = run_anb(tiny_fit_args(dir, "accuracy") + " --spread-model trees");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("--spread-model"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

TEST(CliFit, BadTargetsConfigAndDataAreClearErrors) {
  const auto dir = tiny_setup("fitbad");
  AnbRun r = run_anb(tiny_fit_args(dir, "accuracy,speed"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("anb: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("speed"), std::string::npos) << r.err;
  r = run_anb(tiny_fit_args(dir, "throughput_h200"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no values in the training data"), std::string::npos) << r.err;
  std::ofstream(dir / "tiny.json") << R"({"default": {"max_depth": 0}})";
  r = run_anb(tiny_fit_args(dir, "accuracy"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("max_depth = 0"), std::string::npos) << r.err;
  r = run_anb("fit --data " + (dir / "nowhere.tar.gz").string() + " --out " + (dir / "m").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("nowhere.tar.gz"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "models"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anb::cli_test
