#include "anb/construct/image_batch.h"

#include <gtest/gtest.h>

namespace anb::construct {
namespace {

Image ramp(int h, int w) {
  Image image{h, w, 1, {}};
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) image.pixels.push_back(static_cast<std::uint8_t>(10 * x + y));
  }
  return image;
}

ChannelStats identity_stats() { return {{0.0f}, {1.0f}}; }

TEST(ImageBatch, FullBoxAtNativeSizeCopiesPixels) {
  const Image image = ramp(4, 6);
  std::vector<float> out(16);
  // Square output of a non-square box: resample 4x6 -> 4x4; corners keep the edge pixels.
  render(image, full_box(image), 4, identity_stats(), out.data());
  Image square = ramp(5, 5);
  std::vector<float> same(25);
  render(square, full_box(square), 5, identity_stats(), same.data());
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 5; ++x) {
      EXPECT_NEAR(same[static_cast<std::size_t>(y * 5 + x)] * 255.0f, square.at(y, x, 0), 1e-3);
    }
  }
}

TEST(ImageBatch, NormalisesPerChannel) {
  Image image{2, 2, 1, {51, 51, 51, 51}};
  std::vector<float> out(4);
  render(image, full_box(image), 2, {{0.1f}, {0.5f}}, out.data());
  EXPECT_NEAR(out[0], (0.2f - 0.1f) / 0.5f, 1e-6);
}

TEST(ImageBatch, FlipMirrorsColumns) {
  const Image image = ramp(5, 5);
  CropBox box = full_box(image);
  std::vector<float> plain(25), flipped(25);
  render(image, box, 5, identity_stats(), plain.data());
  box.flip = true;
  render(image, box, 5, identity_stats(), flipped.data());
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 5; ++x) {
      EXPECT_FLOAT_EQ(flipped[static_cast<std::size_t>(y * 5 + x)],
                      plain[static_cast<std::size_t>(y * 5 + 4 - x)]);
    }
  }
}

TEST(ImageBatch, PaddedCropShiftsAndPadsWithZero) {
  const Image image = ramp(5, 5);
  CropBox box = full_box(image);
  box.x = -2;  // two columns of padding on the left
  std::vector<float> out(25);
  render(image, box, 5, identity_stats(), out.data());
  EXPECT_FLOAT_EQ(out[0], 0.0f);
  EXPECT_FLOAT_EQ(out[1], 0.0f);
  EXPECT_NEAR(out[2] * 255.0f, image.at(0, 0, 0), 1e-3);
}

TEST(ImageBatch, AugmentationIsDeterministicUnderASeed) {
  ImageDataset data;
  data.channels = 1;
  data.num_classes = 1;
  for (int i = 0; i < 6; ++i) {
    data.images.push_back(ramp(8, 8));
    data.labels.push_back(0);
  }
  for (const std::string kind : {"crop", "resized_crop"}) {
    TrainingScheme scheme;
    scheme.augmentation = kind;
    stats::Rng a(5), b(5), c(6);
    const std::vector<std::size_t> idx{0, 1, 2, 3, 4, 5};
    const auto x = make_batch(data, idx, 16, identity_stats(), scheme, &a);
    const auto y = make_batch(data, idx, 16, identity_stats(), scheme, &b);
    const auto z = make_batch(data, idx, 16, identity_stats(), scheme, &c);
    EXPECT_EQ(x, y) << kind;
    EXPECT_NE(x, z) << kind;
    EXPECT_EQ(x.size(), 6u * 16 * 16);
  }
}

TEST(ImageBatch, ResizedCropStaysInsideTheImage) {
  const Image image = ramp(10, 10);
  TrainingScheme scheme;
  scheme.augmentation = "resized_crop";
  stats::Rng rng(1);
  for (int i = 0; i < 100; ++i) {
    const CropBox box = sample_box(image, scheme, rng);
    EXPECT_GE(box.y, 0.0);
    EXPECT_GE(box.x, 0.0);
    EXPECT_LE(box.y + box.height, 10.0);
    EXPECT_LE(box.x + box.width, 10.0);
    EXPECT_GE(box.height * box.width, 0.08 * 100 - 10);
  }
}

}  // namespace
}  // namespace anb::construct
