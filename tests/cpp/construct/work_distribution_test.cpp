#include "anb/construct/work_distribution.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "construct/fixtures.h"
#include "error_message.h"

namespace anb::construct {
namespace {

TEST(Shard, ParsesAndRejects) {
  const Shard s = Shard::parse("2/5");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  EXPECT_EQ(s.to_string(), "2/5");
  for (const std::string bad : {"5/5", "-1/3", "1", "a/b", "1/0", "1/2x", "/3"}) {
    try {
      Shard::parse(bad);
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("'" + bad + "'"), std::string::npos) << message;
      // Library terms: the field, no command-line flag (the CLI adds "--shard").
      EXPECT_EQ(message.rfind("shard: got '" + bad + "'", 0), 0u) << message;
      EXPECT_EQ(message.find("--"), std::string::npos) << message;
    }
  }
}

TEST(Shard, WorkersPartitionTheItems) {
  // Two array shards, each with three MPI ranks: every item has exactly one owner.
  std::vector<int> owners(50, 0);
  for (int outer = 0; outer < 2; ++outer) {
    for (int rank = 0; rank < 3; ++rank) {
      const Shard s = combine({outer, 2}, rank, 3);
      EXPECT_EQ(s.count, 6);
      for (std::size_t i = 0; i < owners.size(); ++i) owners[i] += s.owns(i) ? 1 : 0;
    }
  }
  for (int n : owners) EXPECT_EQ(n, 1);
  EXPECT_THROW(combine({0, 1}, 3, 3), std::invalid_argument);
}

TEST(ShardAuto, ReadsTheSlurmArray) {
  ResolvedShard r = shard_from_slurm({{"SLURM_ARRAY_TASK_ID", "5"},
                                      {"SLURM_ARRAY_TASK_COUNT", "4"},
                                      {"SLURM_ARRAY_TASK_MIN", "3"}},
                                     true);
  EXPECT_EQ(r.shard.to_string(), "2/4");
  EXPECT_NE(r.note.find("SLURM_ARRAY_TASK_ID=5"), std::string::npos) << r.note;
  r = shard_from_slurm({{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_COUNT", "3"}}, true);
  EXPECT_EQ(r.shard.to_string(), "2/3");  // MIN unset: 0
  r = shard_from_slurm({{"SLURM_ARRAY_TASK_ID", "14"},
                        {"SLURM_ARRAY_TASK_COUNT", "4"},
                        {"SLURM_ARRAY_TASK_MIN", "10"},
                        {"SLURM_ARRAY_TASK_STEP", "2"}},
                       true);
  EXPECT_EQ(r.shard.to_string(), "2/4");  // --array=10-16:2
  // Array x srun tasks: task 1 of 2 in array shard 2/3 is worker 5 of 6.
  r = shard_from_slurm({{"SLURM_ARRAY_TASK_ID", "2"},
                        {"SLURM_ARRAY_TASK_COUNT", "3"},
                        {"SLURM_PROCID", "1"},
                        {"SLURM_NTASKS", "2"}},
                       true);
  EXPECT_EQ(r.shard.to_string(), "5/6");
  // Under MPI the ranks split the tasks already.
  r = shard_from_slurm({{"SLURM_ARRAY_TASK_ID", "2"},
                        {"SLURM_ARRAY_TASK_COUNT", "3"},
                        {"SLURM_PROCID", "1"},
                        {"SLURM_NTASKS", "2"}},
                       false);
  EXPECT_EQ(r.shard.to_string(), "2/3");
}

TEST(ShardAuto, ReadsSrunTasksOrFallsBack) {
  ResolvedShard r = shard_from_slurm({{"SLURM_PROCID", "3"}, {"SLURM_NTASKS", "8"}}, true);
  EXPECT_EQ(r.shard.to_string(), "3/8");
  EXPECT_NE(r.note.find("SLURM_PROCID"), std::string::npos) << r.note;
  r = shard_from_slurm({{"HOME", "/root"}}, true);
  EXPECT_EQ(r.shard.to_string(), "0/1");
  EXPECT_NE(r.note.find("no Slurm array or task variables"), std::string::npos) << r.note;
  EXPECT_EQ(
      resolve_shard("auto", {{"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}}, true).shard.to_string(),
      "1/2");
  r = resolve_shard("1/3", {{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}}, true);
  EXPECT_EQ(r.shard.to_string(), "1/3");  // an explicit shard ignores the environment
  EXPECT_TRUE(r.note.empty());
}

TEST(ShardAuto, BadValuesNameTheVariable) {
  const auto error = [](const Environment& env) {
    return anb::testing::error_of([&] { shard_from_slurm(env, true); });
  };
  EXPECT_NE(error({{"SLURM_ARRAY_TASK_ID", "x1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})
                .find("SLURM_ARRAY_TASK_ID='x1' is not a non-negative integer"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_ARRAY_TASK_ID", "1"}}).find("SLURM_ARRAY_TASK_COUNT is not"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})
                .find("SLURM_ARRAY_TASK_ID=4 is not one of the 4"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_ARRAY_TASK_ID", "1"},
                   {"SLURM_ARRAY_TASK_COUNT", "4"},
                   {"SLURM_ARRAY_TASK_MIN", "2"}})
                .find("SLURM_ARRAY_TASK_MIN=2"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_COUNT", "0"}})
                .find("SLURM_ARRAY_TASK_COUNT='0' must be at least 1"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_PROCID", "2"}, {"SLURM_NTASKS", "2"}})
                .find("SLURM_PROCID=2 must be below SLURM_NTASKS=2"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_PROCID", "-1"}, {"SLURM_NTASKS", "2"}}).find("SLURM_PROCID='-1'"),
            std::string::npos);
  EXPECT_NE(error({{"SLURM_NTASKS", "2"}}).find("SLURM_NTASKS is set but SLURM_PROCID is not"),
            std::string::npos);
}

TEST(ShardAuto, MessagesAndNotesNameNoFlag) {
  // The library speaks of shard "auto"; the CLI puts "--shard" in front (tests/cpp/cli).
  for (const Environment& env :
       {Environment{{"SLURM_ARRAY_TASK_ID", "x"}}, Environment{{"SLURM_ARRAY_TASK_ID", "1"}},
        Environment{{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_COUNT", "2"}},
        Environment{{"SLURM_PROCID", "3"}, {"SLURM_NTASKS", "2"}}}) {
    const std::string message = anb::testing::error_of([&] { shard_from_slurm(env, true); });
    EXPECT_EQ(message.rfind("shard auto: SLURM_", 0), 0u) << message;
    EXPECT_EQ(message.find("--shard"), std::string::npos) << message;
  }
  for (const Environment& env : {Environment{}, Environment{{"SLURM_ARRAY_TASK_ID", "1"},
                                                            {"SLURM_ARRAY_TASK_COUNT", "2"}}}) {
    const std::string note = shard_from_slurm(env, true).note;
    EXPECT_FALSE(note.empty());
    EXPECT_EQ(note.find("--"), std::string::npos) << note;
  }
}

TEST(MpiSession, WithoutLauncherIsOneWorker) {
  MpiSession mpi;
  EXPECT_EQ(mpi.rank(), 0);
  EXPECT_EQ(mpi.size(), 1);
  EXPECT_NO_THROW(mpi.barrier());
  EXPECT_THROW(mpi.abort("boom"), std::runtime_error);
}

TEST(RunItems, ResumesAndSkipsDoneItems) {
  const auto dir = anb::testing::fresh_dir("run_items");
  const ResultStore store(dir / "items");
  std::vector<std::size_t> calls;
  const auto key = [](std::size_t i) { return "item" + std::to_string(i); };
  const auto work = [&](std::size_t i) {
    calls.push_back(i);
    return nlohmann::json{{"i", i}};
  };
  store.write("item3", {{"i", 3}});
  WorkSummary s = run_items(6, Shard{1, 2}, store, key, work);
  EXPECT_EQ(calls, (std::vector<std::size_t>{1, 5}));
  EXPECT_EQ(s.owned, 3u);
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.completed, 2u);
  calls.clear();
  s = run_items(6, Shard{}, store, key, work);
  EXPECT_EQ(calls, (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_EQ(s.skipped, 3u);
  EXPECT_EQ(store.read("item5")["i"], 5);
}

TEST(RunItems, AFailedItemIsRecordedAndRetried) {
  const auto dir = anb::testing::fresh_dir("run_items_failed");
  const ResultStore store(dir / "items");
  const auto key = [](std::size_t i) { return "item" + std::to_string(i); };
  bool broken = true;  // item 2 fails (e.g. out of GPU memory) until it is "fixed"
  std::vector<std::size_t> calls, failed;
  const auto work = [&](std::size_t i) {
    calls.push_back(i);
    if (i == 2 && broken) throw std::runtime_error("CUDA out of memory (item 2)");
    return nlohmann::json{{"i", i}};
  };
  const auto on_failed = [&](std::size_t i, const std::string&) { failed.push_back(i); };
  WorkSummary s = run_items(4, Shard{}, store, key, work, {}, on_failed);
  EXPECT_EQ(calls, (std::vector<std::size_t>{0, 1, 2, 3}));  // the run went on after item 2
  EXPECT_EQ(failed, (std::vector<std::size_t>{2}));
  EXPECT_EQ(s.completed, 3u);
  EXPECT_EQ(s.failed, 1u);
  ASSERT_EQ(s.failures.size(), 1u);
  EXPECT_EQ(s.failures[0], "item2: CUDA out of memory (item 2)");
  EXPECT_FALSE(store.has("item2"));
  ASSERT_TRUE(store.has_failure("item2"));
  const nlohmann::json record =
      nlohmann::json::parse(std::ifstream(store.failure_path_of("item2")));
  EXPECT_EQ(record["error"], "CUDA out of memory (item 2)");
  EXPECT_EQ(store.failure_path_of("item2").filename(), "item2.failed.json");

  // A rerun retries only the failed item; success removes the failure record.
  broken = false;
  calls.clear();
  s = run_items(4, Shard{}, store, key, work, {}, on_failed);
  EXPECT_EQ(calls, (std::vector<std::size_t>{2}));
  EXPECT_EQ(s.completed, 1u);
  EXPECT_EQ(s.skipped, 3u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_TRUE(store.has("item2"));
  EXPECT_FALSE(store.has_failure("item2"));
}

TEST(RunItems, AJobErrorEndsTheRun) {
  const auto dir = anb::testing::fresh_dir("run_items_job_error");
  const ResultStore store(dir);
  std::size_t calls = 0;
  const auto work = [&](std::size_t) -> nlohmann::json {
    ++calls;
    as_job_step([] { throw std::invalid_argument("idx:/no/such: cannot read the dataset"); });
    return {};
  };
  EXPECT_THROW(run_items(
                   3, Shard{}, store, [](std::size_t i) { return std::to_string(i); }, work),
               JobError);
  EXPECT_EQ(calls, 1u);
  EXPECT_FALSE(store.has_failure("0"));
}

TEST(RunItems, CorruptResultIsNamed) {
  const auto dir = anb::testing::fresh_dir("store_corrupt");
  const ResultStore store(dir);
  anb::testing::write_bytes(dir / "x.json", {'{', '1'});
  try {
    store.read("x");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("x.json"), std::string::npos);
  }
}

TEST(ClaimOutput, RefusesAFolderOfAnotherJob) {
  const auto dir = anb::testing::fresh_dir("claim");
  claim_output(dir / "job.json", {{"a", 1}});
  EXPECT_NO_THROW(claim_output(dir / "job.json", {{"a", 1}}));
  try {
    claim_output(dir / "job.json", {{"a", 2}});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("different job"), std::string::npos);
  }
}

}  // namespace
}  // namespace anb::construct
