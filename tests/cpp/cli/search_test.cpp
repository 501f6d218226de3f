// Tests of `anb search` and `anb experiment` through the built binary, on a copy of the tiny
// "search" fixture models (cli/fixtures.h: 30 boosting rounds, 2 members, four targets, fitted
// once per test run on the synthetic dataset).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "fixtures.h"
#include "run_anb.h"

namespace {

namespace fs = std::filesystem;

// What one run printed (stdout and stderr together) and returned.
struct CliRun {
  int status = -1;
  std::string output;
};

CliRun run_anb(const std::string& args) {
  const anb::cli_test::AnbRun r = anb::cli_test::run_anb(args);
  return {r.status, r.out + r.err};
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void expect_error(const CliRun& r, const std::string& text) {
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << r.output;
}

// One folder per process: CTest runs each test case in its own process, in parallel.
const fs::path kRoot = fs::temp_directory_path() / ("anb_cli_search_" + std::to_string(::getpid()));

class SearchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(kRoot);
    fs::create_directories(kRoot);
    std::error_code ec;
    fs::copy(anb::cli_test::fixture_models("search"), models(), fs::copy_options::recursive, ec);
    fit_ok() = !ec;
    if (!fit_ok()) std::cerr << "no search fixture models: " << ec.message() << "\n";
  }
  static fs::path models() { return kRoot / "models"; }
  static bool& fit_ok() {
    static bool ok = false;
    return ok;
  }
  void SetUp() override { ASSERT_TRUE(fit_ok()) << "anb fit failed"; }
  static std::string base() { return "search --models " + models().string(); }
};

TEST_F(SearchCli, UniObjectiveJsonAndFiles) {
  const fs::path out = kRoot / "re";
  const CliRun r = run_anb(
      base() + " --algorithm re --budget 60 --seeds 3 --threads 2 --json --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_EQ(j.at("algorithm"), "re");
  EXPECT_GT(j.at("best").at("value").get<double>(), 40.0);
  EXPECT_EQ(j.at("best").at("arch").get<std::string>().rfind("e", 0), 0u);
  EXPECT_GE(j.at("final_best_mean").get<double>(), 40.0);
  EXPECT_TRUE(j.contains("final_best_std"));
  EXPECT_EQ(j.at("evaluations"), 180);
  for (int seed = 0; seed < 3; ++seed) {
    const std::string csv = slurp(out / "re" / ("trajectory_seed" + std::to_string(seed) + ".csv"));
    EXPECT_EQ(csv.rfind("evaluation,accuracy,best_so_far,arch\n", 0), 0u) << csv.substr(0, 80);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 61);
  }
  EXPECT_EQ(nlohmann::json::parse(slurp(out / "summary.json")).at("final_best_mean"),
            j.at("final_best_mean"));
}

TEST_F(SearchCli, SameSeedsSameTrajectoriesForAnyThreadCount) {
  const CliRun a =
      run_anb(base() + " --algorithm reinforce --budget 30 --seeds 2 --threads 1 --out " +
              (kRoot / "t1").string());
  const CliRun b =
      run_anb(base() + " --algorithm reinforce --budget 30 --seeds 2 --threads 2 --out " +
              (kRoot / "t2").string());
  ASSERT_EQ(a.status, 0) << a.output;
  ASSERT_EQ(b.status, 0) << b.output;
  for (const char* f : {"trajectory_seed0.csv", "trajectory_seed1.csv"}) {
    EXPECT_EQ(slurp(kRoot / "t1" / "reinforce" / f), slurp(kRoot / "t2" / "reinforce" / f)) << f;
  }
}

TEST_F(SearchCli, BiObjectiveWritesFronts) {
  const fs::path out = kRoot / "nsga2";
  const CliRun r = run_anb(base() +
                           " --algorithm nsga2 --objectives accuracy,latency_zcu102 "
                           "--budget 60 --population 20 --seeds 2 --json --out " +
                           out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output.substr(r.output.find('{')));
  EXPECT_GT(j.at("hypervolume_mean").get<double>(), 0.0);
  EXPECT_LT(j.at("hypervolume_mean").get<double>(), 1.0);
  const std::string front = slurp(out / "nsga2" / "front_seed0.csv");
  EXPECT_EQ(front.rfind("arch,accuracy,latency_zcu102,macs_millions,params_millions\n", 0), 0u)
      << front;
  EXPECT_TRUE(fs::exists(out / "nsga2" / "front.csv"));
  EXPECT_EQ(slurp(out / "nsga2" / "trajectory_seed1.csv")
                .rfind("evaluation,accuracy,latency_zcu102,hypervolume_so_far,arch\n", 0),
            0u);
}

TEST_F(SearchCli, PairWithoutReferenceGetsAnEstimatedBox) {
  // A reference file that knows only (accuracy, latency_zcu102), like a new device's pair.
  const fs::path ref = kRoot / "only_latency.json";
  std::ofstream(ref) << R"({"format": "anb-hypervolume-reference", "version": 1,
    "data_ranges": {"accuracy": [42.85, 67.05], "latency_zcu102": [1.68, 23.58]},
    "pairs": [{"objectives": ["accuracy", "latency_zcu102"], "reference": [40, 25],
               "ideal": [70, 1], "reward_target": 7}]})";
  const std::string args = base() +
                           " --algorithm nsga2 --objectives accuracy,throughput_zcu102 "
                           "--budget 60 --population 20 --seeds 1 --json --out " +
                           (kRoot / "estimated").string();
  const anb::cli_test::AnbRun r = anb::cli_test::run_anb(args, "ANB_HV_REFERENCE=" + ref.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("note: no hypervolume reference for (accuracy, throughput_zcu102)"),
            std::string::npos)
      << r.err;
  const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
  EXPECT_GT(j.at("hypervolume_mean").get<double>(), 0.0);
  EXPECT_LT(j.at("hypervolume_mean").get<double>(), 1.0);
  // Named explicitly, the file must hold the pair.
  expect_error(run_anb(args + " --force --hv-reference " + ref.string()),
               "no hypervolume reference for the objective pair (accuracy, throughput_zcu102)");
}

TEST_F(SearchCli, NoiseChangesValuesReproducibly) {
  const std::string args = base() + " --algorithm rs --budget 20 --seeds 1 --noise --out ";
  ASSERT_EQ(run_anb(args + (kRoot / "n1").string()).status, 0);
  ASSERT_EQ(run_anb(args + (kRoot / "n2").string()).status, 0);
  ASSERT_EQ(
      run_anb(base() + " --algorithm rs --budget 20 --seeds 1 --out " + (kRoot / "n0").string())
          .status,
      0);
  const auto noisy = slurp(kRoot / "n1" / "rs" / "trajectory_seed0.csv");
  EXPECT_EQ(noisy, slurp(kRoot / "n2" / "rs" / "trajectory_seed0.csv"));
  EXPECT_NE(noisy, slurp(kRoot / "n0" / "rs" / "trajectory_seed0.csv"));
}

TEST_F(SearchCli, ReportsTrainingCostAndStopsAtATrainingBudget) {
  const std::string args = base() + " --algorithm rs --budget 50 --seeds 2 --json --out ";
  const CliRun full = run_anb(args + (kRoot / "cost").string());
  ASSERT_EQ(full.status, 0) << full.output;
  const auto j = nlohmann::json::parse(full.output.substr(full.output.find('{')));
  const auto per_seed = j["train_cost_seconds"]["per_seed"];
  ASSERT_EQ(per_seed.size(), 2u);
  // 50 proxified trainings of a few thousand seconds each.
  EXPECT_GT(per_seed[0].get<double>(), 50 * 1000.0);
  EXPECT_LT(per_seed[0].get<double>(), 50 * 20000.0);
  // Half that cost: each seed stops early, within the budget, as a prefix of the full run.
  const double budget = 0.5 * per_seed[0].get<double>();
  const CliRun cut = run_anb(args + (kRoot / "cost_cut").string() + " --train-budget " +
                             std::to_string(budget));
  ASSERT_EQ(cut.status, 0) << cut.output;
  const auto c = nlohmann::json::parse(cut.output.substr(cut.output.find('{')));
  EXPECT_LE(c["train_cost_seconds"]["per_seed"][0].get<double>(), budget);
  EXPECT_LT(c["evaluations"].get<std::size_t>(), j["evaluations"].get<std::size_t>());
  const std::string cut_csv = slurp(kRoot / "cost_cut" / "rs" / "trajectory_seed0.csv");
  const std::string full_csv = slurp(kRoot / "cost" / "rs" / "trajectory_seed0.csv");
  EXPECT_EQ(full_csv.substr(0, cut_csv.size()), cut_csv);
  EXPECT_LT(cut_csv.size(), full_csv.size());
  const std::string out = " --out " + (kRoot / "bad_cost").string();
  expect_error(run_anb(base() + " --algorithm rs --train-budget -5" + out), "--train-budget");
  expect_error(run_anb(base() + " --algorithm rs --train-budget 1" + out),
               "--train-budget: got 1 s; below the cost of the first evaluation");
}

TEST_F(SearchCli, BadInput) {
  const std::string out = " --out " + (kRoot / "bad").string();
  expect_error(run_anb(base() + " --algorithm bohb" + out), "unknown algorithm 'bohb'");
  expect_error(run_anb(base() + " --algorithm rs --objectives throughput_tpuv3" + out),
               "unknown target 'throughput_tpuv3'");
  expect_error(run_anb(base() + " --algorithm rs --objectives speed" + out), "speed");
  expect_error(run_anb(base() + " --algorithm rs --budget -5" + out),
               "budget: got -5; need at least 1");
  expect_error(run_anb(base() + " --algorithm re --budget 10" + out),
               "budget: got 10; must be >= population (20)");
  expect_error(run_anb(base() + " --algorithm nsga2" + out), "'nsga2' is bi-objective");
  expect_error(run_anb(base() + " --algorithm re --objectives accuracy,latency_zcu102" + out),
               "'re' is single-objective");
  // A reference file whose latency reference lies inside the data range.
  std::ofstream(kRoot / "bad_ref.json") << R"({"format": "anb-hypervolume-reference", "version": 1,
    "data_ranges": {"accuracy": [42.85, 67.05], "latency_zcu102": [1.68, 23.58]},
    "pairs": [{"objectives": ["accuracy", "latency_zcu102"], "reference": [40, 10],
               "ideal": [70, 1], "reward_target": 7}]})";
  expect_error(run_anb(base() +
                       " --algorithm rs --objectives accuracy,latency_zcu102 "
                       "--hv-reference " +
                       (kRoot / "bad_ref.json").string() + out),
               "reference latency_zcu102 = 10 does not bound the data range [1.68, 23.58]");
  expect_error(run_anb("search --models /nonexistent --algorithm rs" + out), "/nonexistent");
}

TEST_F(SearchCli, MissingFlagIsAnErrorLineAndModelsComeFromTheEnvironment) {
  const std::string out = (kRoot / "env").string();
  const anb::cli_test::AnbRun missing =
      anb::cli_test::run_anb("search --algorithm rs --out " + out, "env -u ANB_MODELS");
  EXPECT_EQ(missing.status, 1) << missing.err;
  EXPECT_EQ(missing.err.rfind("anb: error: ", 0), 0u) << missing.err;
  EXPECT_NE(missing.err.find("--models"), std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  const anb::cli_test::AnbRun from_env =
      anb::cli_test::run_anb("search --algorithm rs --budget 10 --seeds 1 --json --out " + out,
                             "ANB_MODELS=" + models().string());
  EXPECT_EQ(from_env.status, 0) << from_env.err;
}

TEST_F(SearchCli, OutFolderHoldingAnotherRunNeedsForce) {
  const fs::path out = kRoot / "reuse";
  const std::string flags = " --budget 40 --population 20 --seeds 1 --out " + out.string();
  ASSERT_EQ(run_anb(base() + " --algorithm re" + flags).status, 0);
  expect_error(run_anb(base() + " --algorithm rs" + flags), "holds another run");
  EXPECT_FALSE(fs::exists(out / "rs"));
  const CliRun forced = run_anb(base() + " --algorithm rs --force" + flags);
  ASSERT_EQ(forced.status, 0) << forced.output;
  EXPECT_FALSE(fs::exists(out / "re")) << "the old run's files must go";
  EXPECT_TRUE(fs::exists(out / "rs" / "trajectory_seed0.csv"));
  fs::create_directories(kRoot / "foreign");
  std::ofstream(kRoot / "foreign" / "notes.txt") << "keep";
  expect_error(run_anb(base() + " --algorithm rs --force --out " + (kRoot / "foreign").string()),
               "holds no anb run");
  EXPECT_TRUE(fs::exists(kRoot / "foreign" / "notes.txt"));
}

TEST_F(SearchCli, FrontIsPrintedWithAHeaderAndUnits) {
  const CliRun r = run_anb(base() +
                           " --algorithm nsga2 --objectives accuracy,latency_zcu102 --budget 60 "
                           "--population 20 --seeds 2 --out " +
                           (kRoot / "table").string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("accuracy (%)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("latency_zcu102 (ms)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("MACs (M)"), std::string::npos) << r.output;
}

TEST_F(SearchCli, ExperimentWritesAReport) {
  const fs::path out = kRoot / "experiment";
  const CliRun r =
      run_anb("experiment --models " + models().string() +
              " --seeds 2 --budget 40 --bi-budget 40 --threads 2 --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const std::string md = slurp(out / "report.md");
  EXPECT_NE(md.find("| re |"), std::string::npos) << md;
  EXPECT_NE(md.find("67.05"), std::string::npos);
  EXPECT_NE(md.find("| latency_zcu102 |"), std::string::npos) << md;
  EXPECT_NE(r.output.find("EfficientNet-B0: e1666666-k3353553-l1223341-seTTTTTTT  MACs 415.1 M"),
            std::string::npos)
      << r.output;
  const auto j = nlohmann::json::parse(slurp(out / "summary.json"));
  EXPECT_TRUE(j.at("bi").contains("throughput_zcu102"));
  EXPECT_EQ(j.at("uni").size(), 4u);
}

}  // namespace
