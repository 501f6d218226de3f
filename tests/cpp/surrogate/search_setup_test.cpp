#include "anb/surrogate/search_setup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "anb/search/hypervolume_reference.h"
#include "anb/surrogate/search_problem.h"
#include "error_message.h"
#include "search_models.h"

namespace anb::surrogate {
namespace {

using anb::testing::error_of;

// The message make_search_setup throws for `spec` (without models unless given).
std::string setup_error(const SearchSpec& spec, const Benchmark* bench = nullptr) {
  return error_of<std::invalid_argument>([&] { make_search_setup(spec, bench); });
}

SearchSpec pair_spec(const std::string& first, const std::string& second) {
  SearchSpec s;
  s.algorithm = "nsga2";
  s.objectives = {first, second};
  s.budget = 60;
  return s;
}

TEST(SearchSetup, DefaultsAreOneReSearchOfAccuracy) {
  const SearchSetup s = make_search_setup(SearchSpec{}, nullptr);
  EXPECT_EQ(s.options.algorithm, search::Algorithm::kRegularizedEvolution);
  EXPECT_EQ(s.options.budget, 600u);
  ASSERT_EQ(s.objectives.size(), 1u);
  EXPECT_EQ(s.objectives[0].name, "accuracy");
  EXPECT_EQ(s.objectives[0].direction, search::Direction::kMaximize);
  EXPECT_TRUE(s.bounds.empty());
  EXPECT_EQ(s.box, BoxSource::kNone);
  EXPECT_EQ(s.seeds, std::vector<std::uint64_t>{0});
}

TEST(SearchSetup, OptionsAndDirectionsComeFromTheSpec) {
  SearchSpec spec;
  spec.algorithm = "re";
  spec.objectives = {"latency_zcu102"};
  spec.population = 7;
  spec.sample_size = 3;
  spec.budget = 30;
  spec.seeds = {4, 2};
  spec.threads = 2;
  SearchSetup s = make_search_setup(spec, nullptr);
  EXPECT_EQ(s.objectives[0].direction, search::Direction::kMinimize);  // from the target name
  EXPECT_EQ(s.options.re.population, 7u);
  EXPECT_EQ(s.options.re.sample_size, 3u);
  EXPECT_EQ(s.seeds, (std::vector<std::uint64_t>{4, 2}));
  EXPECT_EQ(s.threads, 2u);
  spec.objectives = {"f"};  // a custom objective with its own direction
  spec.directions = {search::Direction::kMinimize};
  s = make_search_setup(spec, nullptr);
  EXPECT_EQ(s.objectives[0].name, "f");
  EXPECT_EQ(s.objectives[0].direction, search::Direction::kMinimize);
}

TEST(SearchSetup, MistakesNameTheFieldAndTheRuleWithoutFlagNames) {
  const auto with = [](auto change) {
    SearchSpec s;
    change(s);
    return setup_error(s);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {with([](SearchSpec& s) { s.algorithm = "bohb"; }), "unknown algorithm 'bohb'"},
      {with([](SearchSpec& s) { s.budget = -5; }), "budget: got -5; need at least 1"},
      {with([](SearchSpec& s) { s.budget = 10; }), "budget: got 10; must be >= population (20)"},
      {with([](SearchSpec& s) {
         s.objectives = {"accuracy", "a", "b"};
       }),
       "objectives: got 3 (accuracy,a,b); a search takes one objective or a pair"},
      {with([](SearchSpec& s) { s.objectives.clear(); }), "objectives: got 0"},
      {with([](SearchSpec& s) {
         s.algorithm = "nsga2";
         s.objectives = {"accuracy", "accuracy"};
       }),
       "objectives: got accuracy twice"},
      {with([](SearchSpec& s) { s.algorithm = "nsga2"; }),
       "algorithm 'nsga2' is bi-objective (two objectives, e.g. accuracy and a device target); "
       "got 1 objective"},
      {with([](SearchSpec& s) {
         s.objectives = {"accuracy", "latency_zcu102"};
       }),
       "algorithm 're' is single-objective"},
      {with([](SearchSpec& s) {
         s.learning_rate = -1.0;
         s.algorithm = "reinforce";
       }),
       "learning_rate: got -1; must be > 0"},
      {with([](SearchSpec& s) { s.ls_strategy = "steepest"; }), "steepest"},
      {with([](SearchSpec& s) { s.train_budget = -5.0; }),
       "train_budget: got -5; must be >= 0 (seconds of simulated training; 0: none)"},
      {with([](SearchSpec& s) { s.seeds.clear(); }),
       "seeds: got an empty list; need at least one seed"},
      {with([](SearchSpec& s) { s.reward_target = 0.0; }), "reward_target: got 0"},
      {with([](SearchSpec& s) {
         s.bounds = {{0, 1}, {0, 1}};
       }),
       "bounds: got 2 (reference, ideal) pairs for 1 objectives"},
      {with([](SearchSpec& s) {
         s.directions = {};
         s.objectives = {"acc"};
       }),
       "'acc'"},
      {with([](SearchSpec& s) { s.train_budget = 100.0; }),
       "train_budget: the models have no "
       "train_time target"},
  };
  for (const auto& [message, expected] : cases) {
    EXPECT_NE(message.find(expected), std::string::npos) << message << "\n  wanted: " << expected;
    EXPECT_EQ(message.find("--"), std::string::npos) << message;
  }
}

TEST(SearchSetup, AKnownPairTakesTheBuiltInBox) {
  const SearchSetup s = make_search_setup(pair_spec("accuracy", "latency_zcu102"), nullptr);
  const auto& pair = search::HypervolumeReference::builtin().pair("accuracy", "latency_zcu102");
  EXPECT_EQ(s.box, BoxSource::kReference);
  ASSERT_EQ(s.bounds.size(), 2u);
  EXPECT_EQ(s.bounds[1].reference, pair.bounds[1].reference);
  EXPECT_EQ(s.bounds[1].ideal, pair.bounds[1].ideal);
  EXPECT_TRUE(s.box_note.empty());
}

TEST(SearchSetup, ExplicitBoundsWin) {
  SearchSpec spec = pair_spec("accuracy", "latency_zcu102");
  spec.bounds = {{0.0, 100.0}, {50.0, 0.0}};
  const SearchSetup s = make_search_setup(spec, nullptr);
  EXPECT_EQ(s.box, BoxSource::kBounds);
  EXPECT_EQ(s.bounds[1].reference, 50.0);
  spec.bounds = {{0.0, 100.0}, {0.0, 50.0}};  // latency is minimised: ideal 50 is worse than 0
  EXPECT_NE(setup_error(spec).find("latency_zcu102"), std::string::npos) << setup_error(spec);
}

TEST(SearchSetup, AnUnknownPairGetsAnEstimatedBoxFromTheModelsAndNeedsBoundsWithoutThem) {
  const Benchmark& bench = testing::search_models();
  // (throughput_a100, accuracy) is not a pair of the reference (its pairs start with accuracy).
  const SearchSpec spec = pair_spec("throughput_a100", "accuracy");
  const SearchSetup s = make_search_setup(spec, &bench);
  EXPECT_EQ(s.box, BoxSource::kEstimated);
  const auto expected = estimated_reference(bench, s.objectives);
  ASSERT_EQ(s.bounds.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(s.bounds[k].reference, expected.bounds[k].reference);
    EXPECT_EQ(s.bounds[k].ideal, expected.bounds[k].ideal);
  }
  EXPECT_NE(s.box_note.find("no hypervolume reference for (throughput_a100, accuracy) in the "
                            "built-in hypervolume reference"),
            std::string::npos)
      << s.box_note;
  // The same search without models (a custom objective function): explicit bounds needed.
  const std::string message = setup_error(spec);
  EXPECT_NE(message.find("bounds: two objectives (throughput_a100, accuracy) need a hypervolume "
                         "box"),
            std::string::npos)
      << message;
  // Objectives the models lack: their own message, listing their targets.
  SearchSpec missing;
  missing.objectives = {"throughput_tpuv2"};
  const std::string unknown = setup_error(missing, &bench);
  EXPECT_NE(unknown.find("unknown target 'throughput_tpuv2'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("accuracy"), std::string::npos) << unknown;
}

TEST(SearchSetup, ANamedReferenceFileMustHoldThePair) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("anb-setup-ref-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << R"({"format": "anb-hypervolume-reference", "version": 1,
    "data_ranges": {"accuracy": [42.85, 67.05], "latency_zcu102": [1.68, 23.58]},
    "pairs": [{"objectives": ["accuracy", "latency_zcu102"], "reference": [40, 25],
               "ideal": [70, 1], "reward_target": 7}]})";
  SearchSpec spec = pair_spec("accuracy", "latency_zcu102");
  spec.hv_reference = file;
  EXPECT_EQ(make_search_setup(spec, nullptr).bounds[1].reference, 25.0);
  spec.objectives = {"accuracy", "throughput_a100"};
  const std::string message = setup_error(spec, &testing::search_models());  // no estimate
  std::filesystem::remove(file);
  EXPECT_NE(message.find("no hypervolume reference for the objective pair (accuracy, "
                         "throughput_a100) in " +
                         file.string()),
            std::string::npos)
      << message;
}

TEST(SearchSetup, RunsAreTheSeedsSearchesPricedAndCutAtTheTrainBudget) {
  const Benchmark& bench = testing::search_models();
  SearchSpec spec;
  spec.algorithm = "rs";
  spec.budget = 40;
  spec.seeds = {3, 1};
  spec.threads = 2;
  const SearchSetup setup = make_search_setup(spec, &bench);
  const SearchRuns full = run_search_setup(setup, bench);
  ASSERT_EQ(full.results.size(), 2u);
  EXPECT_EQ(full.results[0].seed, 3u);
  EXPECT_EQ(full.evaluations, 80u);
  // The same histories as the search run directly on the benchmark's problems.
  const auto direct = search::run_search(benchmark_problems(bench, setup.objectives, {}, false)(3),
                                         setup.options, 3);
  ASSERT_EQ(direct.history.size(), full.results[0].history.size());
  for (std::size_t i = 0; i < direct.history.size(); ++i) {
    EXPECT_EQ(direct.history[i].arch, full.results[0].history[i].arch);
    EXPECT_EQ(direct.history[i].values, full.results[0].history[i].values);
  }
  ASSERT_TRUE(full.train_cost_known);
  ASSERT_EQ(full.train_cost.size(), 2u);
  EXPECT_GT(full.train_cost[0], 0.0);
  EXPECT_EQ(full.budget_exhausted, 0u);
  spec.train_budget = 0.5 * full.train_cost[0];
  const SearchRuns cut = run_search_setup(make_search_setup(spec, &bench), bench);
  EXPECT_LE(cut.train_cost[0], spec.train_budget);
  EXPECT_LT(cut.results[0].history.size(), 40u);
  EXPECT_LT(cut.evaluations, full.evaluations);
}

}  // namespace
}  // namespace anb::surrogate
