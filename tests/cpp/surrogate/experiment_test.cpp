#include "anb/surrogate/experiment.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "anb/io/atomic_file.h"
#include "error_message.h"
#include "search_models.h"

namespace anb::surrogate {
namespace {

using anb::testing::error_of;

ExperimentOptions small(std::size_t* blocks_seen = nullptr) {
  ExperimentOptions o;
  o.seeds = 2;
  o.first_seed = 5;
  o.budget = 30;
  o.bi_budget = 40;  // NSGA-II's default population is 40
  o.threads = 2;
  if (blocks_seen) o.on_block = [blocks_seen](const ExperimentBlock&) { ++*blocks_seen; };
  return o;
}

// One suite on the tiny models (accuracy, throughput_a100, latency_zcu102, train_time). Each
// test case runs in its own process under CTest, so they are few.
const ExperimentSummary& suite() {
  static const ExperimentSummary s = run_experiment(testing::search_models(), small());
  return s;
}

TEST(Experiment, RunsEveryBlockComparesWithRandomSearchAndReports) {
  const ExperimentSummary& s = suite();
  ASSERT_EQ(s.uni.size(), 4u);
  std::vector<std::string> uni;
  for (const auto& b : s.uni) {
    uni.push_back(b.summary.algorithm);
    EXPECT_EQ(b.summary.seeds, 2u);
    EXPECT_EQ(b.finals.size(), 2u);
    EXPECT_EQ(b.evaluations, 60u);
    EXPECT_TRUE(b.target.empty());
    EXPECT_GT(b.summary.final_progress.mean, 40.0);  // best predicted accuracy, percent
  }
  EXPECT_EQ(uni, (std::vector<std::string>{"rs", "re", "reinforce", "ls"}));
  // The device targets the models and the built-in reference share, in the reference's order.
  EXPECT_EQ(s.targets(), (std::vector<std::string>{"throughput_a100", "latency_zcu102"}));
  ASSERT_EQ(s.bi.size(), 6u);
  for (std::size_t i = 0; i < s.bi.size(); ++i) {
    EXPECT_EQ(s.bi[i].target, s.targets()[i / 3]);
    EXPECT_EQ(s.bi[i].summary.algorithm,
              (std::vector<std::string>{"rs", "reinforce", "nsga2"})[i % 3]);
    EXPECT_GT(s.bi[i].summary.final_progress.mean, 0.0);  // hypervolume in the unit box
    EXPECT_LT(s.bi[i].summary.final_progress.mean, 1.0);
  }
  EXPECT_EQ(s.evaluations, 4u * 60 + 6u * 80);
  EXPECT_GT(s.evaluations_per_second(), 0.0);

  // Every algorithm against random search of its problem.
  ASSERT_EQ(s.versus_random.size(), 3u + 2u * 2u);
  const VersusRandom& re = s.versus_random[0];
  EXPECT_EQ(re.algorithm, "re");
  EXPECT_TRUE(re.target.empty());
  const double mean_rs = (s.uni[0].finals[0] + s.uni[0].finals[1]) / 2.0;
  const double mean_re = (s.uni[1].finals[0] + s.uni[1].finals[1]) / 2.0;
  EXPECT_DOUBLE_EQ(re.difference, mean_re - mean_rs);
  EXPECT_GE(re.p, 0.0);
  EXPECT_LE(re.p, 1.0);
  EXPECT_EQ(s.versus_random[3].target, "throughput_a100");
  EXPECT_EQ(s.versus_random[3].algorithm, "reinforce");
  EXPECT_EQ(s.versus_random[6].algorithm, "nsga2");

  // Found architectures, summary.json and the report.
  ASSERT_GE(s.found.size(), 4u + 2u + 1u);
  EXPECT_EQ(s.found[1].label.rfind("accuracy / re (seed ", 0), 0u) << s.found[1].label;
  EXPECT_EQ(s.found.back().label, "EfficientNet-B0");
  EXPECT_EQ(
      s.found.back().description.rfind("e1666666-k3353553-l1223341-seTTTTTTT  MACs 415.1 M", 0), 0u)
      << s.found.back().description;
  const auto j = s.to_json();
  EXPECT_EQ(j.at("seeds"), 2);
  EXPECT_EQ(j.at("evaluations"), s.evaluations);
  EXPECT_EQ(j.at("best_measured_accuracy"), kBestMeasuredAccuracy);
  EXPECT_EQ(j.at("uni").size(), 4u);
  EXPECT_TRUE(j.at("bi").at("latency_zcu102").contains("nsga2"));
  const std::string md = experiment_report(s, "MODELS");
  EXPECT_NE(md.find("Models: `MODELS`. Seeds 5..6 (2 per algorithm)"), std::string::npos) << md;
  EXPECT_NE(md.find("| re |"), std::string::npos) << md;
  EXPECT_NE(md.find("67.05"), std::string::npos);
  EXPECT_NE(md.find("| latency_zcu102 |"), std::string::npos) << md;
  EXPECT_NE(md.find("EfficientNet-B0: e1666666"), std::string::npos) << md;
}

TEST(Experiment, SameOptionsSameResultsAndTheFolder) {
  std::size_t blocks = 0;
  ExperimentOptions o = small(&blocks);
  o.latency = false;
  const ExperimentSummary again = run_experiment(testing::search_models(), o);
  EXPECT_EQ(blocks, 4u + 3u);  // on_block once per block; no latency pair
  EXPECT_EQ(again.targets(), std::vector<std::string>{"throughput_a100"});
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(again.uni[i].finals, suite().uni[i].finals);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(again.bi[i].finals, suite().bi[i].finals);
  o.hv_reference = "/nonexistent/ref.json";
  EXPECT_NE(error_of([&] { run_experiment(testing::search_models(), o); }).find("/nonexistent"),
            std::string::npos);
  o.hv_reference.reset();

  // The folder: report, summary and plots.
  const auto out = testing::scratch_dir("experiment-folder");
  const auto warnings = write_experiment_folder(out, suite(), testing::search_models(), "MODELS");
  EXPECT_EQ(io::read_file(out / "report.md"), experiment_report(suite(), "MODELS"));
  EXPECT_EQ(nlohmann::json::parse(io::read_file(out / "summary.json")), suite().to_json());
  if (warnings.empty()) {  // gnuplot installed
    EXPECT_TRUE(std::filesystem::exists(out / "accuracy_progress.png"));
    EXPECT_TRUE(std::filesystem::exists(out / "latency_zcu102_front.png"));
  }
}

TEST(Experiment, BadOptionsAreErrors) {
  ExperimentOptions o = small();
  o.seeds = 0;
  EXPECT_EQ(error_of([&] { o.validate(); }), "seeds: got 0; need at least 1");
  o = small();
  o.budget = 0;
  EXPECT_EQ(error_of([&] { o.validate(); }), "budget: got 0; need at least 1");
  o = small();
  o.bi_budget = 0;
  EXPECT_EQ(error_of([&] { o.validate(); }), "bi_budget: got 0; need at least 1");
}

}  // namespace
}  // namespace anb::surrogate
