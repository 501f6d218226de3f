// Tests of `anb measure` through the built binary: tiny networks (32 px, batch 2, one repeat).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/fixtures.h"
#include "construct/cli_run.h"

namespace {

namespace fs = std::filesystem;

using Result = anb::testing::CliResult;
using anb::testing::run_anb;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("anb_cli_measure_" + name);
  fs::remove_all(dir);
  return dir;
}

const std::string kFast = " --name cli --warmup 0 --repeats 1 --threads 1 --quiet";
const std::string kTiny = kFast + " --batch 2 --resolution 32";

std::size_t count_json(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.path().extension() == ".json";
  return n;
}

void expect_error(const Result& r, const std::string& text) {
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("anb: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(text), std::string::npos) << r.output;
}

TEST(MeasureCli, MeasuresAndResumes) {
  const fs::path dir = fresh_dir("resume");
  Result r = run_anb("measure --sample 2 --seed 3" + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("measured 2 architecture(s), skipped 0"), std::string::npos) << r.output;
  EXPECT_EQ(count_json(dir), 2u);
  r = run_anb("measure --sample 3 --seed 3" + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("measured 1 architecture(s), skipped 2"), std::string::npos) << r.output;
  EXPECT_EQ(count_json(dir), 3u);
  fs::remove_all(dir);
}

TEST(MeasureCli, ReadsAnArchitectureList) {
  const fs::path dir = fresh_dir("list");
  fs::create_directories(dir);
  {
    std::ofstream list(dir / "archs.txt");
    list << "# two architectures\nefficientnet-b0\n\ne1111111-k3333333-l1111111-seFFFFFFF\n";
  }
  Result r = run_anb("measure --archs " + (dir / "archs.txt").string() + kTiny + " --out " +
                     (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "e1666666-k3353553-l1223341-seTTTTTTT.json"));
  {
    std::ofstream list(dir / "bad.txt");
    list << "efficientnet-b0\ne9\n";
  }
  expect_error(run_anb("measure --archs " + (dir / "bad.txt").string() + kTiny + " --out " +
                       (dir / "out").string()),
               "bad.txt:2");
  fs::remove_all(dir);
}

TEST(MeasureCli, BadInputIsAClearError) {
  const fs::path dir = fresh_dir("bad");
  const std::string out = " --out " + dir.string();
  expect_error(run_anb("measure --sample 1 --device tpu" + kTiny + out), "device 'tpu'");
  expect_error(run_anb("measure --sample 1" + kFast + " --batch 0 --resolution 32" + out),
               "--batch: 0 must be a whole number");
  expect_error(run_anb("measure --sample 1" + kFast + " --batch 2 --resolution 16" + out),
               "resolution = 16");
  expect_error(run_anb("measure --sample 1" + kTiny + " --precision fp8" + out), "fp8");
  expect_error(run_anb("measure --name cli --quiet" + out), "no architectures");
  expect_error(run_anb("measure --sample 1 --name 'My GPU' --out " + dir.string()), "My GPU");
  const Result cuda = run_anb("measure --sample 1 --device cuda" + kTiny + out);
  if (cuda.status != 0) expect_error(cuda, "CUDA");
  // An output "directory" below a regular file cannot be created.
  fs::create_directories(dir);
  std::ofstream(dir / "file") << "x";
  expect_error(run_anb("measure --sample 1" + kTiny + " --out " + (dir / "file" / "out").string()),
               "output directory");
  fs::remove_all(dir);
}

TEST(MeasureCli, CorruptEarlierRecordIsNeverOverwritten) {
  const fs::path dir = fresh_dir("corrupt");
  Result r = run_anb("measure --sample 1 --seed 9" + kTiny + " --out " + dir.string());
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path record = fs::directory_iterator(dir)->path();
  fs::resize_file(record, 40);  // a truncated record, as a crash without atomic writes leaves
  const auto size = fs::file_size(record);
  expect_error(run_anb("measure --sample 1 --seed 9" + kTiny + " --out " + dir.string()),
               "corrupt");
  EXPECT_EQ(fs::file_size(record), size);
  fs::remove_all(dir);
}

TEST(MeasureCli, AddADeviceEndToEnd) {
  // Measure dataset architectures (tiny sizes), fit the new target joined with the dataset by
  // architecture, query it.
  const fs::path dir = fresh_dir("device");
  const std::string data = anb::cli_test::synthetic_data();
  Result r = run_anb("measure --data " + data + " --sample 24 --seed 1" + kTiny + " --out " +
                     (dir / "measured").string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(count_json(dir / "measured"), 24u);
  r = run_anb("fit --data " + data + " --data " + (dir / "measured").string() +
              " --targets throughput_cli,latency_cli --members 2 --threads 1 --no-progress --out " +
              (dir / "models").string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("throughput_cli"), std::string::npos) << r.output;
  r = run_anb("query --models " + (dir / "models").string() + " --json efficientnet-b0");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("throughput_cli"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("latency_cli"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

}  // namespace
