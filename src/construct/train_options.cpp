#include "anb/construct/train_options.h"

#include <cstdlib>
#include <stdexcept>

#include "anb/nets/device.h"

namespace anb::construct {
namespace {

void fail(const std::string& field, const std::string& value, const std::string& rule) {
  throw std::invalid_argument("training option " + field + " = " + value + ": " + rule);
}

}  // namespace

void TrainOptions::validate() const {
  torch::Device d(torch::kCPU);
  try {
    d = nets::parse_device(device);
  } catch (const std::invalid_argument&) {
    fail("device", "'" + device + "'", "must be cpu, cuda or cuda:N");
  }
  if (precision != "auto") {
    nets::Precision p = nets::Precision::kFp32;
    try {
      p = nets::parse_precision(precision);
    } catch (const std::invalid_argument&) {
      fail("precision", "'" + precision + "'", "must be auto, fp32, fp16 or bf16");
    }
    if (!nets::precision_runs_on(p, d)) fail("precision", precision, nets::kPrecisionRule);
  }
  if (loader_threads < 1 || loader_threads > 256) {
    fail("loader_threads", std::to_string(loader_threads), "must be in [1, 256]");
  }
}

std::string TrainOptions::resolved_precision() const {
  if (precision != "auto") return precision;
  return nets::parse_device(device).is_cuda() ? "fp16" : "fp32";
}

nlohmann::json TrainOptions::to_json() const {
  return {{"device", device},
          {"precision", resolved_precision()},
          {"channels_last", channels_last},
          {"cudnn_benchmark", cudnn_benchmark},
          {"loader_threads", loader_threads},
          {"prefetch", prefetch}};
}

std::string device_for_worker(const std::string& requested, int local_rank, int gpus) {
  if (requested != "cuda" || gpus <= 1 || local_rank < 0) return requested;
  return "cuda:" + std::to_string(local_rank % gpus);
}

int local_rank_from_environment(int fallback,
                                const std::function<const char*(const char*)>& getenv) {
  const auto read = [&](const char* name) -> const char* {
    return getenv ? getenv(name) : std::getenv(name);
  };
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID"}) {
    const char* value = read(name);
    if (value == nullptr || *value == '\0') continue;
    char* end = nullptr;
    const long rank = std::strtol(value, &end, 10);
    if (*end == '\0' && rank >= 0 && rank < 1000000) return static_cast<int>(rank);
  }
  return fallback;
}

TrainOptions for_local_worker(TrainOptions options, int fallback_rank) {
  if (options.device == "cuda" && torch::cuda::is_available()) {
    options.device = device_for_worker(options.device, local_rank_from_environment(fallback_rank),
                                       static_cast<int>(torch::cuda::device_count()));
  }
  return options;
}

}  // namespace anb::construct
