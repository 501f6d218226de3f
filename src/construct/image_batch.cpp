#include "anb/construct/image_batch.h"

#include <algorithm>
#include <cmath>
#include <vector>

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
      box.y =
          static_cast<double>(rng.uniform_int(static_cast<std::uint64_t>(image.height - h) + 1));
      box.x = static_cast<double>(rng.uniform_int(static_cast<std::uint64_t>(image.width - w) + 1));
      return box;
    }
  }
  return full_box(image);
}

// One output coordinate's two source taps (i0 = floor, i1 = i0 + 1), whether each lies inside
// the image (outside reads as zero padding), and the weight d of the second tap.
struct Tap {
  int i0 = 0;
  int i1 = 0;
  bool in0 = false;
  bool in1 = false;
  float d = 0.0f;
};

Tap tap(double v, int size) {
  const double f = std::floor(v);
  Tap t;
  t.i0 = static_cast<int>(f);
  t.i1 = t.i0 + 1;
  t.in0 = t.i0 >= 0 && t.i0 < size;
  t.in1 = t.i1 >= 0 && t.i1 < size;
  t.d = static_cast<float>(v - f);
  return t;
}

// Horizontal interpolation of source row `y` (zero when the row is outside the image).
float pixel(const Image& image, int y, bool row_inside, const Tap& x, int c) {
  if (!row_inside) return 0.0f;
  const float left = x.in0 ? static_cast<float>(image.at(y, x.i0, c)) : 0.0f;
  const float right = x.in1 ? static_cast<float>(image.at(y, x.i1, c)) : 0.0f;
  return left * (1 - x.d) + right * x.d;
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
  // The source coordinates of every output row and column, computed once per image: the same
  // values (and so the same arithmetic) as resampling pixel by pixel.
  std::vector<Tap> rows(static_cast<std::size_t>(resolution));
  std::vector<Tap> cols(static_cast<std::size_t>(resolution));
  for (int o = 0; o < resolution; ++o) {
    rows[static_cast<std::size_t>(o)] =
        tap(clamp_inside(box.y + (o + 0.5) * scale_y - 0.5, box.y, box.height, image.height),
            image.height);
    const int col = box.flip ? resolution - 1 - o : o;
    cols[static_cast<std::size_t>(o)] =
        tap(clamp_inside(box.x + (col + 0.5) * scale_x - 0.5, box.x, box.width, image.width),
            image.width);
  }
  for (int c = 0; c < image.channels; ++c) {
    const float mean = stats.mean[static_cast<std::size_t>(c)];
    const float inv = 1.0f / stats.stddev[static_cast<std::size_t>(c)];
    float* dst = out + static_cast<std::size_t>(c) * plane;
    for (int oy = 0; oy < resolution; ++oy) {
      const Tap& r = rows[static_cast<std::size_t>(oy)];
      for (int ox = 0; ox < resolution; ++ox) {
        const Tap& q = cols[static_cast<std::size_t>(ox)];
        const float top = pixel(image, r.i0, r.in0, q, c);
        const float bottom = pixel(image, r.i1, r.in1, q, c);
        const float v = (top * (1 - r.d) + bottom * r.d) / 255.0f;
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
