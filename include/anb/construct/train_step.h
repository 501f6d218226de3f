#pragma once
// One optimisation step of a network under a training scheme and training options: forward
// under autocast, label-smoothed cross-entropy, backward of the (scaled) loss, multi-tensor SGD
// update with weight decay on conv and linear weights only. The trainer and the training-speed
// benchmark (train_speed.h) both step through this class, so the benchmark times the real path.

#include <torch/torch.h>

#include <cstdint>

#include "anb/construct/batch_loader.h"
#include "anb/construct/loss_scaler.h"
#include "anb/construct/sgd.h"
#include "anb/construct/train_options.h"
#include "anb/construct/training_scheme.h"
#include "anb/nets/device.h"
#include "anb/nets/network.h"

namespace anb::construct {

// The network of `arch` as `scheme` trains it (width, stem stride, dropout, stochastic depth,
// initialisation seeded by scheme.seed) for `num_classes` classes of `channels`-channel images
// at `resolution` px, built on the CPU (the same weights for every device), then moved to the
// device of `options` in its memory format.
nets::Network training_network(const space::Architecture& arch, const TrainingScheme& scheme,
                               const TrainOptions& options, int num_classes, int channels,
                               int resolution);

// A batch on the training device: images (channels-last when asked) and int64 labels.
struct DeviceBatch {
  torch::Tensor images;
  torch::Tensor labels;
};

// Copies a rendered batch to `device` (one host-to-device copy each for images and labels).
DeviceBatch to_device(LoadedBatch& batch, const torch::Device& device, bool channels_last);

class TrainStep {
 public:
  // `net` must already be on options.device in its final memory format. Validates `options`.
  TrainStep(nets::Network net, const TrainingScheme& scheme, const TrainOptions& options);

  // One step at learning rate `lr`; returns the unscaled loss, detached, on the device (read it
  // rarely: every read waits for the device). A step whose fp16 gradients overflow is skipped.
  torch::Tensor run(const DeviceBatch& batch, double lr);

  std::int64_t skipped_steps() const { return scaler_.skipped_steps(); }
  nets::Precision precision() const { return precision_; }
  const torch::Device& device() const { return device_; }

 private:
  nets::Network net_;
  torch::Device device_;
  nets::Precision precision_;
  MultiTensorSgd optimizer_;
  LossScaler scaler_;
  torch::nn::functional::CrossEntropyFuncOptions loss_options_;
};

}  // namespace anb::construct
