#include "anb/construct/image_batch.h"

#include <algorithm>
#include <cmath>

namespace anb::construct {
namespace {

CropBox padded_crop(const Image& image, int padding, stats::Rng& rng) {
  const auto span = static_cast<std::uint64_t>(2 * padding + 1);
  CropBox box = full_box(image);
  box.y = static_cast<double>(rng.uniform_int(span)) - padding;
  box.x = static_cast<double>(rng.uniform_int(span)) - padding;
  return box;
}

CropBox resized_crop(const Image& image, double min_scale, stats::Rng& rng) {
  const double area = static_cast<double>(image.height) * image.width;
  const double log_lo = std::log(3.0 / 4.0);
  const double log_hi = std::log(4.0 / 3.0);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * (min_scale + (1.0 - min_scale) * rng.uniform());
    const double ratio = std::exp(log_lo + (log_hi - log_lo) * rng.uniform());
    const double w = std::round(std::sqrt(target * ratio));
    const double h = std::round(std::sqrt(target / ratio));
    if (w >= 1 && h >= 1 && w <= image.width && h <= image.height) {
      CropBox box;
      box.height = h;
      box.width = w;
      box.y = static_cast<double>(rng.uniform_int(static_cast<std::uint64_t>(image.height - h) + 1));
      box.x = static_cast<double>(rng.uniform_int(static_cast<std::uint64_t>(image.width - w) + 1));
      return box;
    }
  }
  return full_box(image);
}

float sample(const Image& image, int y, int x, int c) {
  if (y < 0 || x < 0 || y >= image.height || x >= image.width) return 0.0f;
  return image.at(y, x, c);
}

float bilinear(const Image& image, double sy, double sx, int c) {
  const double fy = std::floor(sy);
  const double fx = std::floor(sx);
  const auto y0 = static_cast<int>(fy);
  const auto x0 = static_cast<int>(fx);
  const auto dy = static_cast<float>(sy - fy);
  const auto dx = static_cast<float>(sx - fx);
  const float top = sample(image, y0, x0, c) * (1 - dx) + sample(image, y0, x0 + 1, c) * dx;
  const float bottom =
      sample(image, y0 + 1, x0, c) * (1 - dx) + sample(image, y0 + 1, x0 + 1, c) * dx;
  return top * (1 - dy) + bottom * dy;
}

// Clamps a source coordinate into the image when the box lies inside it, so edge pixels are
// replicated rather than faded towards the zero padding.
double clamp_inside(double v, double box_start, double box_size, int size) {
  if (box_start >= 0.0 && box_start + box_size <= size) {
    return std::clamp(v, 0.0, static_cast<double>(size - 1));
  }
  return v;
}

}  // namespace

CropBox full_box(const Image& image) {
  CropBox box;
  box.height = image.height;
  box.width = image.width;
  return box;
}

CropBox sample_box(const Image& image, const TrainingScheme& scheme, stats::Rng& rng) {
  CropBox box = full_box(image);
  if (scheme.augmentation == "crop") {
    box = padded_crop(image, scheme.crop_padding, rng);
  } else if (scheme.augmentation == "resized_crop") {
    box = resized_crop(image, scheme.min_crop_scale, rng);
  }
  if (scheme.flip) box.flip = rng.uniform_int(2) == 1;
  return box;
}

void render(const Image& image, const CropBox& box, int resolution, const ChannelStats& stats,
            float* out) {
  const double scale_y = box.height / resolution;
  const double scale_x = box.width / resolution;
  const std::size_t plane = static_cast<std::size_t>(resolution) * resolution;
  for (int c = 0; c < image.channels; ++c) {
    const float mean = stats.mean[static_cast<std::size_t>(c)];
    const float inv = 1.0f / stats.stddev[static_cast<std::size_t>(c)];
    float* dst = out + static_cast<std::size_t>(c) * plane;
    for (int oy = 0; oy < resolution; ++oy) {
      const double sy =
          clamp_inside(box.y + (oy + 0.5) * scale_y - 0.5, box.y, box.height, image.height);
      for (int ox = 0; ox < resolution; ++ox) {
        const int col = box.flip ? resolution - 1 - ox : ox;
        const double sx =
            clamp_inside(box.x + (col + 0.5) * scale_x - 0.5, box.x, box.width, image.width);
        const float v = bilinear(image, sy, sx, c) / 255.0f;
        dst[static_cast<std::size_t>(oy) * resolution + ox] = (v - mean) * inv;
      }
    }
  }
}

std::vector<float> make_batch(const ImageDataset& data, const std::vector<std::size_t>& indices,
                              int resolution, const ChannelStats& stats,
                              const TrainingScheme& scheme, stats::Rng* rng) {
  const std::size_t each =
      static_cast<std::size_t>(data.channels) * static_cast<std::size_t>(resolution) * resolution;
  std::vector<float> out(indices.size() * each);
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const Image& image = data.images.at(indices[i]);
    const CropBox box = rng ? sample_box(image, scheme, *rng) : full_box(image);
    render(image, box, resolution, stats, out.data() + i * each);
  }
  return out;
}

}  // namespace anb::construct
