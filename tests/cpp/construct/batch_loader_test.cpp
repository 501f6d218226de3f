#include "anb/construct/batch_loader.h"

#include <gtest/gtest.h>

#include "anb/construct/image_batch.h"
#include "error_message.h"

namespace anb::construct {
namespace {

ImageDataset gradient_images(std::size_t n) {
  ImageDataset data;
  data.channels = 1;
  data.num_classes = 3;
  for (std::size_t i = 0; i < n; ++i) {
    Image image;
    image.height = image.width = 8;
    for (int p = 0; p < 64; ++p)
      image.pixels.push_back(static_cast<std::uint8_t>((p * 3 + i * 7) % 256));
    data.images.push_back(image);
    data.labels.push_back(static_cast<int>(i % 3));
  }
  return data;
}

std::vector<std::vector<std::size_t>> batches_of(std::size_t n, std::size_t size) {
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t s = 0; s < n; s += size) {
    std::vector<std::size_t> b;
    for (std::size_t i = s; i < std::min(n, s + size); ++i) b.push_back(n - 1 - i);
    out.push_back(b);
  }
  return out;
}

// The batches a loader delivers, with the generator seeded as a training epoch would.
std::vector<LoadedBatch> drain(const ImageDataset& data, int threads, bool prefetch, bool augment) {
  TrainingScheme scheme;
  scheme.augmentation = "crop";
  scheme.crop_padding = 2;
  stats::Rng rng(11);
  BatchLoader loader(data, batches_of(data.size(), 5), 12, channel_stats(data), scheme,
                     augment ? &rng : nullptr, threads, prefetch);
  std::vector<LoadedBatch> out;
  LoadedBatch b;
  while (loader.next(b)) out.push_back(b);
  EXPECT_EQ(loader.stats().images, static_cast<std::int64_t>(data.size()));
  EXPECT_GE(loader.stats().render_seconds, 0.0);
  return out;
}

TEST(BatchLoader, SameImagesForAnyThreadCountAndWithPrefetch) {
  const ImageDataset data = gradient_images(23);
  const auto serial = drain(data, 1, false, true);
  ASSERT_EQ(serial.size(), 5u);
  EXPECT_EQ(serial.back().size, 3u);
  for (const auto& [threads, prefetch] :
       {std::pair{3, false}, std::pair{1, true}, std::pair{4, true}}) {
    const auto other = drain(data, threads, prefetch, true);
    ASSERT_EQ(other.size(), serial.size());
    for (std::size_t k = 0; k < serial.size(); ++k) {
      EXPECT_EQ(other[k].pixels, serial[k].pixels)
          << "batch " << k << ", " << threads << " threads";
      EXPECT_EQ(other[k].labels, serial[k].labels);
    }
  }
}

TEST(BatchLoader, MatchesMakeBatchAndKeepsLabels) {
  const ImageDataset data = gradient_images(10);
  const auto batches = drain(data, 2, true, false);
  TrainingScheme scheme;
  const auto expected = make_batch(data, {9, 8, 7, 6, 5}, 12, channel_stats(data), scheme, nullptr);
  EXPECT_EQ(batches[0].pixels, expected);
  EXPECT_EQ(batches[0].labels, (std::vector<std::int64_t>{0, 2, 1, 0, 2}));
  EXPECT_EQ(batches[0].channels, 1);
  EXPECT_EQ(batches[0].resolution, 12);
}

TEST(BatchLoader, AugmentedBatchesDifferFromPlainOnes) {
  const ImageDataset data = gradient_images(10);
  EXPECT_NE(drain(data, 1, true, true)[0].pixels, drain(data, 1, true, false)[0].pixels);
}

TEST(BatchLoader, RejectsBadThreadsAndIndices) {
  const ImageDataset data = gradient_images(4);
  TrainingScheme scheme;
  EXPECT_NE(anb::testing::error_of([&] {
              BatchLoader l(data, {{0, 1}}, 8, channel_stats(data), scheme, nullptr, 0, true);
            }).find("threads = 0"),
            std::string::npos);
  EXPECT_NE(anb::testing::error_of([&] {
              BatchLoader l(data, {{0, 9}}, 8, channel_stats(data), scheme, nullptr, 1, true);
            }).find("index 9"),
            std::string::npos);
}

TEST(BatchLoader, StopsAndCanBeDestroyedMidway) {
  const ImageDataset data = gradient_images(30);
  TrainingScheme scheme;
  BatchLoader loader(data, batches_of(30, 4), 8, channel_stats(data), scheme, nullptr, 2, true);
  LoadedBatch b;
  EXPECT_TRUE(loader.next(b));  // a prefetch is now in flight; the destructor waits for it
}

}  // namespace
}  // namespace anb::construct
