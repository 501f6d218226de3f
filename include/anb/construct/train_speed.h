#pragma once
// Training-step speed: times the trainer's own step (train_step.h: autocast forward, loss,
// scaled backward, multi-tensor SGD) on one fixed random batch, without a data path, so it can
// be set side by side with the same loop in Python PyTorch (bench/bench_train_python.py) on the
// same network, batch and precision.

#include <cstdint>
#include <nlohmann/json.hpp>

#include "anb/construct/train_options.h"
#include "anb/construct/training_scheme.h"
#include "anb/space/architecture.h"

namespace anb::construct {

struct TrainSpeedOptions {
  int batch = 64;       // images per step
  int resolution = 32;  // input side in px
  int channels = 3;     // input channels
  int classes = 1000;   // classifier outputs
  int warmup = 3;       // untimed steps first (cuDNN autotuning, allocator warm-up)
  int steps = 20;       // timed steps

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

struct TrainSpeed {
  double seconds = 0.0;            // wall time of the timed steps (device synchronised)
  double images_per_second = 0.0;  // batch * steps / seconds
  std::int64_t skipped_steps = 0;  // fp16 steps skipped for overflow (warm-up included)

  nlohmann::json to_json() const;
};

// Builds `arch` as `scheme` trains it (width, stem stride, dropout, stochastic depth, seeded
// initialisation) for `speed.classes` classes and `speed.channels` channels, moves it to the
// device of `options` and times training steps on a fixed random batch drawn from scheme.seed.
TrainSpeed time_training_steps(const space::Architecture& arch, const TrainingScheme& scheme,
                               const TrainOptions& options, const TrainSpeedOptions& speed);

}  // namespace anb::construct
