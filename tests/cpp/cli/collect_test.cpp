// Tests of `anb collect` through the built binary: records, resuming, --shard I/N, and an MPI
// job (mpirun -np 2) with one rank killed midway whose rerun finishes the rest.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "construct/cli_run.h"
#include "construct/fixtures.h"

namespace {

namespace fs = std::filesystem;
using anb::testing::run_anb;
using anb::testing::run_shell;

std::size_t count_records(const fs::path& dir) {
  std::size_t n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    n += e.path().filename().string().rfind("result_", 0) == 0 ? 1 : 0;
  }
  return n;
}

struct CollectCase {
  fs::path dir;
  std::string args;  // --scheme ... --dataset ...
};

CollectCase make_case(const std::string& name) {
  CollectCase s;
  const auto data = anb::testing::write_idx_dataset(name + "_data", 32, 16, 4);
  s.dir = anb::testing::fresh_dir(name);
  std::ofstream(s.dir / "scheme.json") << anb::testing::tiny_scheme_json();
  s.args = "--scheme " + (s.dir / "scheme.json").string() + " --dataset idx:" + data.string() +
           " --quiet";
  return s;
}

TEST(CollectCli, WritesRecordsAndResumes) {
  const CollectCase s = make_case("cli_collect");
  const auto out = s.dir / "out";
  auto r = run_anb("collect " + s.args + " --sample 3 --seed 2 --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("3 trained now, 0 already done"), std::string::npos) << r.output;
  EXPECT_EQ(count_records(out), 3u);
  EXPECT_TRUE(fs::exists(out / "metadata.json"));
  std::ifstream in(out / "result_0.json");
  const auto record = nlohmann::json::parse(in);
  for (const char* key : {"val_top1", "val_top5", "train_time"}) {
    EXPECT_TRUE(record["metrics"].contains(key)) << key;
  }
  EXPECT_TRUE(record["model_info"].contains("macs"));
  EXPECT_TRUE(record["architecture"].contains("block6_se"));
  r = run_anb("collect " + s.args + " --sample 3 --seed 2 --out " + out.string());
  EXPECT_NE(r.output.find("0 trained now, 3 already done"), std::string::npos) << r.output;
  // Another sample in the same folder is refused.
  r = run_anb("collect " + s.args + " --sample 3 --seed 9 --out " + out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("different job"), std::string::npos) << r.output;
}

TEST(CollectCli, ShardAutoReadsTheSlurmArray) {
  const CollectCase s = make_case("cli_collect_auto");
  const auto out = s.dir / "out";
  const std::string args = "collect " + s.args + " --sample 5 --seed 1 --shard auto --out " + out.string();
  auto r = run_anb(args, "env -u SLURM_PROCID -u SLURM_NTASKS SLURM_ARRAY_TASK_ID=4 "
                        "SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("2 owned, 2 trained now"), std::string::npos) << r.output;  // items 1, 3
  EXPECT_TRUE(fs::exists(out / "result_1.json"));
  EXPECT_TRUE(fs::exists(out / "result_3.json"));
  EXPECT_FALSE(fs::exists(out / "result_0.json"));
  r = run_anb(args, "env -u SLURM_PROCID -u SLURM_NTASKS SLURM_ARRAY_TASK_ID=7 "
                    "SLURM_ARRAY_TASK_COUNT=2");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: --shard auto: SLURM_ARRAY_TASK_ID=7"), std::string::npos)
      << r.output;
  // Where the shard came from is logged with the flag (not with --quiet).
  std::string loud = args;
  loud.replace(loud.find(" --quiet"), 8, "");
  r = run_anb(loud,
              "env -u SLURM_PROCID -u SLURM_NTASKS SLURM_ARRAY_TASK_ID=4 "
              "SLURM_ARRAY_TASK_MIN=3 SLURM_ARRAY_TASK_COUNT=2");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("--shard auto: shard 1/2 from array task 1/2"), std::string::npos)
      << r.output;
}

TEST(CollectCli, ShardsSplitTheWork) {
  const CollectCase s = make_case("cli_collect_shard");
  const auto out = s.dir / "out";
  auto r = run_anb("collect " + s.args + " --sample 5 --seed 1 --shard 1/2 --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("5 architectures, 2 owned, 2 trained now"), std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::exists(out / "result_1.json"));
  EXPECT_FALSE(fs::exists(out / "result_0.json"));
  r = run_anb("collect " + s.args + " --sample 5 --seed 1 --shard 0/2 --out " + out.string());
  EXPECT_NE(r.output.find("3 owned, 3 trained now"), std::string::npos) << r.output;
  EXPECT_EQ(count_records(out), 5u);
  r = run_anb("collect " + s.args + " --sample 5 --shard 2/2 --out " + out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  // The library's "shard: got ..." with the flag in front.
  EXPECT_NE(r.output.find("anb: error: --shard: got '2/2'; need 0 <= I < N\n"), std::string::npos)
      << r.output;
}

TEST(CollectCli, NeedsExactlyOneArchitectureSource) {
  const CollectCase s = make_case("cli_collect_args");
  const auto r = run_anb("collect " + s.args + " --out " + (s.dir / "o").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("exactly one of --sample N or --archs FILE"), std::string::npos);
}

TEST(CollectCli, MpiRankKilledMidwayThenRerunFinishes) {
  if (run_shell("command -v mpirun").status != 0) GTEST_SKIP() << "mpirun not installed";
  const CollectCase s = make_case("cli_collect_mpi");
  const auto out = s.dir / "out";
  const std::string mpirun =
      anb::cli_test::clean_environment() + " mpirun --allow-run-as-root --oversubscribe -np 2 " +
      std::string(ANB_EXE) + " collect " +
      s.args + " --sample 10 --seed 4 --out " + out.string();
  // Start the job, wait for the first two records, SIGKILL one rank (a child of mpirun).
  const std::string script =
      "(" + mpirun + " > " + (s.dir / "first.log").string() + " 2>&1 & mp=$!; " +
      "for i in $(seq 1200); do n=$(ls " + out.string() +
      "/result_*.json 2>/dev/null | wc -l); [ \"$n\" -ge 2 ] && break; sleep 0.05; done; " +
      "victim=$(pgrep -P $mp | head -n 1); kill -9 $victim; wait $mp; echo \"first-exit=$?\")";
  auto r = run_shell(script);
  EXPECT_EQ(r.output.find("first-exit=0"), std::string::npos) << r.output;
  const std::size_t after_kill = count_records(out);
  EXPECT_GE(after_kill, 2u);
  EXPECT_LT(after_kill, 10u) << "the killed job finished everything: too fast to test";
  // The rerun trains only what is missing and finishes the job.
  r = run_shell(mpirun);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count_records(out), 10u);
  EXPECT_NE(r.output.find("rank 0: 10 architectures, 5 owned"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("rank 1: 10 architectures, 5 owned"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("already done"), std::string::npos) << r.output;
}

}  // namespace
