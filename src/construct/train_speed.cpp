#include "anb/construct/train_speed.h"

#include <chrono>
#include <stdexcept>
#include <string>

#include "anb/construct/train_step.h"
#include "anb/nets/device.h"
#include "anb/nets/network.h"

namespace anb::construct {
namespace {

void fail(const std::string& field, int value, const std::string& rule) {
  throw std::invalid_argument("train speed option " + field + " = " + std::to_string(value) + ": " +
                              rule);
}

}  // namespace

void TrainSpeedOptions::validate() const {
  if (batch < 2 || batch > 65536)
    fail("batch", batch, "must be in [2, 65536] (batch norm needs 2)");
  if (resolution < 16 || resolution > 4096) fail("resolution", resolution, "must be in [16, 4096]");
  if (channels < 1 || channels > 64) fail("channels", channels, "must be in [1, 64]");
  if (classes < 2 || classes > 100000) fail("classes", classes, "must be in [2, 100000]");
  if (warmup < 0 || warmup > 100000) fail("warmup", warmup, "must be in [0, 100000]");
  if (steps < 1 || steps > 1000000) fail("steps", steps, "must be in [1, 1000000]");
}

nlohmann::json TrainSpeed::to_json() const {
  return {{"seconds", seconds},
          {"images_per_second", images_per_second},
          {"skipped_steps", skipped_steps}};
}

TrainSpeed time_training_steps(const space::Architecture& arch, const TrainingScheme& scheme,
                               const TrainOptions& options, const TrainSpeedOptions& speed) {
  scheme.validate();
  options.validate();
  speed.validate();
  const torch::Device device = nets::parse_device(options.device);
  nets::require_device_available(device);
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(options.cudnn_benchmark);
  torch::manual_seed(scheme.seed);
  nets::Network net =
      training_network(arch, scheme, options, speed.classes, speed.channels, speed.resolution);
  net->train();
  TrainStep step(net, scheme, options);

  DeviceBatch batch;
  batch.images =
      torch::randn({speed.batch, speed.channels, speed.resolution, speed.resolution}).to(device);
  if (options.channels_last) {
    batch.images = batch.images.contiguous(torch::MemoryFormat::ChannelsLast);
  }
  batch.labels = torch::randint(speed.classes, {speed.batch}, torch::kInt64).to(device);
  const double lr = scheme.lr * 0.1;  // a small constant rate: the weights stay finite
  for (int i = 0; i < speed.warmup; ++i) step.run(batch, lr);
  nets::synchronize(device);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < speed.steps; ++i) step.run(batch, lr);
  nets::synchronize(device);
  TrainSpeed out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.images_per_second = static_cast<double>(speed.batch) * speed.steps / out.seconds;
  out.skipped_steps = step.skipped_steps();
  return out;
}

}  // namespace anb::construct
