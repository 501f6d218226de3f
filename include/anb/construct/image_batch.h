#pragma once
// Turning 8-bit images into normalised float batches at a chosen resolution, with the seeded
// training augmentations of a scheme (random crop with zero padding or random resized crop,
// horizontal flip). Plain C++ (no torch): the trainer wraps the buffer as a tensor.

#include <cstddef>
#include <vector>

#include "anb/construct/image_dataset.h"
#include "anb/construct/training_scheme.h"
#include "anb/stats/random.h"

namespace anb::construct {

// The source region an output image is resampled from, in source pixel units. It may reach
// outside the image (zero padding).
struct CropBox {
  double y = 0.0;
  double x = 0.0;
  double height = 0.0;
  double width = 0.0;
  bool flip = false;
};

// The whole image, not flipped (evaluation).
CropBox full_box(const Image& image);

// A training crop of `image` under `scheme` (augmentation "none", "crop" or "resized_crop",
// then a flip with probability 0.5 when scheme.flip). Draws from `rng` in a fixed order.
CropBox sample_box(const Image& image, const TrainingScheme& scheme, stats::Rng& rng);

// Bilinear resampling of `box` of `image` to side `resolution`, normalised per channel as
// (v / 255 - mean) / stddev, written channels-first (C x R x R) to `out`.
void render(const Image& image, const CropBox& box, int resolution, const ChannelStats& stats,
            float* out);

// A batch of `indices` of `data` as a C-contiguous N x C x R x R buffer. Training batches
// (`rng` given) are augmented under `scheme`; evaluation batches (`rng` null) are not.
std::vector<float> make_batch(const ImageDataset& data, const std::vector<std::size_t>& indices,
                              int resolution, const ChannelStats& stats,
                              const TrainingScheme& scheme, stats::Rng* rng);

}  // namespace anb::construct
