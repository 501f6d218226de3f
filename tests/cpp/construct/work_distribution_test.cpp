#include "anb/construct/work_distribution.h"

#include <gtest/gtest.h>

#include <set>

#include "construct/fixtures.h"

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
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos) << e.what();
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
