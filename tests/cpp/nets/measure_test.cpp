#include "anb/nets/measure.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "anb/data/dataset.h"
#include "anb/io/atomic_file.h"
#include "anb/nets/measure_run.h"
#include "anb/space/search_space.h"

namespace anb::nets {
namespace {

namespace fs = std::filesystem;

MeasureOptions tiny() {
  MeasureOptions o;
  o.batch = 2;
  o.resolution = 32;
  o.warmup = 1;
  o.repeats = 2;
  o.threads = 1;
  return o;
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("anb_measure_test_" + name);
  fs::remove_all(dir);
  return dir;
}

MeasureRunOptions tiny_run(const fs::path& dir) {
  MeasureRunOptions run;
  run.name = "testcpu";
  run.out_dir = dir;
  run.measure = tiny();
  return run;
}

TEST(Measure, ParsesDevices) {
  EXPECT_TRUE(parse_device("cpu").is_cpu());
  EXPECT_TRUE(parse_device("cuda").is_cuda());
  EXPECT_EQ(parse_device("cuda:3").index(), 3);
  EXPECT_THROW(parse_device("tpu"), std::invalid_argument);
  EXPECT_THROW(parse_device("cuda:"), std::invalid_argument);
  EXPECT_THROW(parse_device("cuda:x"), std::invalid_argument);
  EXPECT_THROW(parse_precision("fp8"), std::invalid_argument);
  EXPECT_EQ(parse_precision("bf16"), Precision::kBf16);
}

TEST(Measure, Fp16RunsOnlyOnCuda) {
  const torch::Device cpu = parse_device("cpu");
  const torch::Device cuda = parse_device("cuda:1");
  EXPECT_FALSE(precision_runs_on(Precision::kFp16, cpu));
  EXPECT_TRUE(precision_runs_on(Precision::kFp16, cuda));
  for (auto p : {Precision::kFp32, Precision::kBf16}) {
    EXPECT_TRUE(precision_runs_on(p, cpu)) << to_string(p);
    EXPECT_TRUE(precision_runs_on(p, cuda)) << to_string(p);
  }
  // Measurement and training apply the same rule (construct::TrainOptions in its own test).
  MeasureOptions o = tiny();
  o.precision = Precision::kFp16;
  try {
    o.validate();
    ADD_FAILURE() << "fp16 on the cpu accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(kPrecisionRule), std::string::npos) << e.what();
  }
}

TEST(Measure, CudaWithoutCudaSupportIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a GPU is visible";
  try {
    require_device_available(parse_device("cuda:0"));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no CUDA support"), std::string::npos) << e.what();
  }
  MeasureOptions o = tiny();
  o.device = "cuda";
  EXPECT_THROW(measure_architecture(space::Architecture(), o), std::runtime_error);
}

TEST(Measure, OptionsAreValidated) {
  const auto rejects = [](auto change, const std::string& field) {
    MeasureOptions o = tiny();
    change(o);
    try {
      o.validate();
      ADD_FAILURE() << "accepted bad " << field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  rejects([](MeasureOptions& o) { o.batch = 0; }, "batch");
  rejects([](MeasureOptions& o) { o.resolution = 16; }, "resolution");
  rejects([](MeasureOptions& o) { o.repeats = 0; }, "repeats");
  rejects([](MeasureOptions& o) { o.warmup = -1; }, "warmup");
  rejects([](MeasureOptions& o) { o.threads = -2; }, "threads");
  rejects([](MeasureOptions& o) { o.precision = Precision::kFp16; }, "precision");
  rejects([](MeasureOptions& o) { o.device = "gpu"; }, "gpu");
  EXPECT_NO_THROW(tiny().validate());
}

TEST(Measure, TimingSummaries) {
  const Timing t = throughput_from_times({0.5, 1.0, 1.5}, 10);
  EXPECT_DOUBLE_EQ(t.mean, 10.0);  // batch / mean time
  EXPECT_NEAR(t.std, 6.938887, 1e-6);  // sample std of 20, 10, 6.667
  const Timing l = latency_from_times({0.001, 0.003});
  EXPECT_DOUBLE_EQ(l.mean, 2.0);
  EXPECT_NEAR(l.std, 1.41421356, 1e-6);
  EXPECT_DOUBLE_EQ(latency_from_times({0.004}).std, 0.0);
}

TEST(Measure, MeasuresATinyNetwork) {
  const ArchMeasurement m = measure_architecture(space::Architecture(), tiny());
  EXPECT_GT(m.throughput.mean, 0.0);
  EXPECT_GE(m.throughput.std, 0.0);
  EXPECT_GT(m.latency.mean, 0.0);
  EXPECT_GT(m.seconds, 0.0);
  MeasureOptions bf = tiny();
  bf.precision = Precision::kBf16;
  bf.latency = false;
  const ArchMeasurement b = measure_architecture(space::Architecture(), bf);
  EXPECT_GT(b.throughput.mean, 0.0);
  EXPECT_EQ(b.latency.mean, 0.0);
}

TEST(MeasureRun, WritesOriginalFormatRecordsAndResumes) {
  const fs::path dir = fresh_dir("resume");
  const auto archs = space::sample(2, 11);
  const MeasureRunOptions run = tiny_run(dir);
  std::size_t calls = 0;
  const MeasureRunSummary first =
      run_measurements({archs[0], archs[1], archs[0]}, run,
                       [&](std::size_t, const space::Architecture&, const ArchMeasurement&,
                           bool skipped) {
                         EXPECT_FALSE(skipped);
                         ++calls;
                       });
  EXPECT_EQ(first.measured, 2u);  // the repeated architecture is measured once
  EXPECT_EQ(calls, 2u);
  EXPECT_GT(first.peak_rss_mib, 0.0);

  const data::Dataset records = data::Dataset::load(dir);
  ASSERT_EQ(records.size(), 2u);
  for (const auto& r : records.records()) {
    EXPECT_GT(*r.target("throughput_testcpu"), 0.0);
    EXPECT_GT(*r.target("latency_testcpu"), 0.0);
    EXPECT_TRUE(r.perf.at("throughput_testcpu").std.has_value());
    EXPECT_TRUE(r.macs.has_value());
    EXPECT_EQ(r.metadata["batch"], 2);
    EXPECT_EQ(r.metadata["resolution"], 32);
    EXPECT_EQ(r.metadata["precision"], "fp32");
    EXPECT_TRUE(r.metadata.contains("libtorch"));
    EXPECT_TRUE(r.metadata.contains("date"));
  }
  const std::string before = io::read_file(dir / record_file_name(archs[0]));
  const MeasureRunSummary second = run_measurements(archs, run);
  EXPECT_EQ(second.measured, 0u);
  EXPECT_EQ(second.skipped, 2u);
  EXPECT_EQ(io::read_file(dir / record_file_name(archs[0])), before);
  fs::remove_all(dir);
}

TEST(MeasureRun, CorruptEarlierRecordStopsTheRunAndStaysUntouched) {
  const fs::path dir = fresh_dir("corrupt");
  const auto archs = space::sample(2, 12);
  const fs::path bad = dir / record_file_name(archs[1]);
  io::write_file_atomic(bad, "{\"architecture\": {\"block0_e\": 4");
  try {
    run_measurements(archs, tiny_run(dir));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("corrupt"), std::string::npos) << e.what();
  }
  EXPECT_EQ(io::read_file(bad), "{\"architecture\": {\"block0_e\": 4");
  EXPECT_FALSE(fs::exists(dir / record_file_name(archs[0])));  // nothing measured
  fs::remove_all(dir);
}

TEST(MeasureRun, RecordOfAnotherArchitectureOrSettingIsRejected) {
  const fs::path dir = fresh_dir("mismatch");
  const auto archs = space::sample(2, 13);
  MeasureRunOptions run = tiny_run(dir);
  run_measurements({archs[0]}, run);
  fs::copy_file(dir / record_file_name(archs[0]), dir / record_file_name(archs[1]));
  EXPECT_THROW(run_measurements({archs[1]}, run), std::runtime_error);
  fs::remove(dir / record_file_name(archs[1]));
  run.measure.batch = 3;
  try {
    run_measurements({archs[0]}, run);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("batch"), std::string::npos) << e.what();
  }
  run.measure.batch = 2;
  run.name = "other";
  EXPECT_THROW(run_measurements({archs[0]}, run), std::runtime_error);  // no throughput_other
  fs::remove_all(dir);
}

TEST(MeasureRun, UnwritableDirectoryAndBadNameAreClearErrors) {
  const fs::path file = fresh_dir("file");
  io::write_file_atomic(file, "not a directory");
  try {
    run_measurements(space::sample(1, 1), tiny_run(file / "out"));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("output directory"), std::string::npos) << e.what();
  }
  fs::remove(file);
  MeasureRunOptions run = tiny_run(fresh_dir("name"));
  run.name = "My GPU";
  EXPECT_THROW(run.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace anb::nets
