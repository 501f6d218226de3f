#include "anb/construct/train_options.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>

#include "anb/nets/device.h"
#include "error_message.h"

namespace anb::construct {
namespace {

std::string error_for(const TrainOptions& o) {
  return anb::testing::error_of([&] { o.validate(); });
}

TEST(TrainOptions, DefaultsAreValidAndResolvePrecisionByDevice) {
  TrainOptions o;
  EXPECT_EQ(error_for(o), "");
  EXPECT_EQ(o.resolved_precision(), "fp32");
  o.device = "cuda:1";
  EXPECT_EQ(o.resolved_precision(), "fp16");
  o.precision = "bf16";
  EXPECT_EQ(o.resolved_precision(), "bf16");
  EXPECT_EQ(o.to_json()["precision"], "bf16");
  EXPECT_EQ(o.to_json()["device"], "cuda:1");
}

TEST(TrainOptions, ErrorsNameFieldValueAndRule) {
  TrainOptions o;
  o.device = "tpu";
  EXPECT_NE(error_for(o).find("device = 'tpu'"), std::string::npos) << error_for(o);
  o = {};
  o.precision = "fp8";
  EXPECT_NE(error_for(o).find("precision = 'fp8'"), std::string::npos);
  o = {};
  o.precision = "fp16";  // on the CPU
  EXPECT_NE(error_for(o).find("fp16"), std::string::npos);
  EXPECT_NE(error_for(o).find(nets::kPrecisionRule), std::string::npos) << error_for(o);
  o.device = "cuda";  // the rule of nets::precision_runs_on: fp16 is fine on CUDA
  EXPECT_EQ(error_for(o), "");
  o = {};
  o.loader_threads = 0;
  EXPECT_NE(error_for(o).find("loader_threads = 0"), std::string::npos);
  o.loader_threads = 100000;
  EXPECT_NE(error_for(o).find("[1, 256]"), std::string::npos);
}

TEST(TrainOptions, WorkersSpreadOverLocalGpus) {
  EXPECT_EQ(device_for_worker("cuda", 5, 4), "cuda:1");
  EXPECT_EQ(device_for_worker("cuda", 5, 1), "cuda");
  EXPECT_EQ(device_for_worker("cuda:3", 5, 4), "cuda:3");
  EXPECT_EQ(device_for_worker("cpu", 5, 4), "cpu");
}

TEST(TrainOptions, LocalRankFromLauncherEnvironment) {
  std::map<std::string, std::string> env;
  const auto get = [&](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(local_rank_from_environment(7, get), 7);
  env["SLURM_LOCALID"] = "2";
  EXPECT_EQ(local_rank_from_environment(7, get), 2);
  env["OMPI_COMM_WORLD_LOCAL_RANK"] = "3";
  EXPECT_EQ(local_rank_from_environment(7, get), 3);
  env["OMPI_COMM_WORLD_LOCAL_RANK"] = "x";
  EXPECT_EQ(local_rank_from_environment(7, get), 2);  // not a number: next variable
  env["SLURM_LOCALID"] = "-1";
  EXPECT_EQ(local_rank_from_environment(7, get), 7);
}

TEST(TrainOptions, ForLocalWorkerLeavesCudaAloneWithoutGpus) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "a GPU is visible here";
  TrainOptions o;
  o.device = "cuda";
  EXPECT_EQ(for_local_worker(o, 3).device, "cuda");  // nothing to map without GPUs
}

}  // namespace
}  // namespace anb::construct
