#pragma once
// A training scheme: every knob of how one architecture is trained on an image dataset, read
// from and written to a JSON object whose keys are the field names below.
//
//   {"epochs": 16, "batch_size": 128, "lr": 0.425, "schedule": "triangle", "warmup_epochs": 2,
//    "resolution": 32, "progressive_resolution": [[0, 24], [3, 32]], "data_fraction": 0.5, ...}
//
// Keys that are absent keep their defaults; unknown keys are rejected by name. The defaults are
// the original proxified scheme (reference.md §2.2) where it applies to small images: SGD
// momentum 0.9 without Nesterov, peak lr 0.425 reached linearly at epoch 2 and decayed linearly
// to 0 (per iteration), weight decay 1e-4 on conv/linear weights only, label smoothing 0.1,
// dropout 0.2, stochastic depth 0.2, random crop and horizontal flip.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "anb/space/architecture.h"
#include "anb/space/network_shape.h"

namespace anb::construct {

// One step of a progressive resolution schedule: from `epoch` on, train at `resolution` px.
struct ResolutionStep {
  int epoch = 0;
  int resolution = 32;

  friend bool operator==(const ResolutionStep& a, const ResolutionStep& b) {
    return a.epoch == b.epoch && a.resolution == b.resolution;
  }
};

// Everything that decides how an architecture is trained.
struct TrainingScheme {
  int epochs = 16;                   // passes over the (sub-sampled) training split
  int batch_size = 128;              // images per SGD step
  double lr = 0.425;                 // peak learning rate
  double momentum = 0.9;             // SGD momentum
  bool nesterov = false;             // Nesterov momentum
  std::string schedule = "triangle";  // "triangle", "cosine" or "step"
  double warmup_epochs = 2.0;        // linear warm-up from 1e-4 * lr to lr (triangle peak)
  double step_epochs = 1.0;          // "step": decay period in epochs after warm-up
  double step_gamma = 0.1;           // "step": factor per period
  double weight_decay = 1e-4;        // on conv and linear weights only (never BN or biases)
  double label_smoothing = 0.1;      // cross-entropy label smoothing
  double dropout = 0.2;              // before the classifier
  double stochastic_depth = 0.2;     // drop probability of the last MBConv layer
  int resolution = 32;               // training side in px (when no progressive schedule)
  std::vector<ResolutionStep> progressive_resolution;  // overrides `resolution` when set
  int eval_resolution = 0;           // evaluation side in px; 0 = last training resolution
  double data_fraction = 1.0;        // seeded subset of the training split, in (0, 1]
  double width_multiplier = 1.0;     // scales every channel count
  int stem_stride = 2;               // 2 as in the original, 1 for small images
  std::string augmentation = "crop";  // "none", "crop" (pad + random crop), "resized_crop"
  int crop_padding = 4;              // "crop": zero padding on each side, in source pixels
  double min_crop_scale = 0.08;      // "resized_crop": smallest crop area fraction
  bool flip = true;                  // random horizontal flip
  int eval_batch_size = 256;         // images per evaluation forward pass
  std::uint64_t seed = 0;            // initialisation, data order, subset and augmentation

  // Throws std::invalid_argument naming the field, its value and the rule it breaks.
  void validate() const;

  // Parses a JSON object (absent keys keep defaults, unknown keys are an error); validates.
  // `context` (e.g. the file name) is put in front of every error message.
  static TrainingScheme from_json(const nlohmann::json& object, std::string_view context = {});

  // Reads a scheme file (JSON); errors name the file.
  static TrainingScheme load(const std::string& path);

  // The full JSON form (every field).
  nlohmann::json to_json() const;

  // Training resolution in epoch `epoch` (0-based).
  int resolution_at(int epoch) const;

  // Resolution used for evaluation.
  int evaluation_resolution() const;

  // Learning rate at fractional epoch `t` in [0, epochs] (t = epoch + iteration / iterations).
  double learning_rate(double t) const;

  // Network options this scheme trains with, for a dataset of `num_classes` classes and
  // `input_channels` channels, at `resolution` px.
  space::NetworkOptions network_options(int num_classes, int input_channels,
                                        int resolution) const;
};

// A copy of `base` with field `field` set to `value` (validated). Used to expand a grid of
// candidate schemes; throws std::invalid_argument for an unknown field or a bad value.
TrainingScheme with_field(const TrainingScheme& base, const std::string& field,
                          const nlohmann::json& value);

// Number of training images actually used per epoch for a training split of `train_size`.
std::int64_t images_per_epoch(const TrainingScheme& scheme, std::int64_t train_size);

// Analytic training cost in FLOPs of `arch` under `scheme` on a training split of `train_size`
// images: sum over epochs of space::training_flops_per_image at that epoch's resolution times
// the images seen. Independent of the machine.
double training_flops(const space::Architecture& arch, const TrainingScheme& scheme,
                      std::int64_t train_size, int num_classes, int input_channels);

}  // namespace anb::construct
