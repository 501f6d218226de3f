#include "anb/construct/image_dataset.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "anb/construct/idx_dataset.h"
#include "anb/construct/image_folder.h"
#include "anb/io/atomic_file.h"
#include "construct/fixtures.h"
#include "construct/stb_write.h"
#include "error_message.h"

namespace anb::construct {
namespace {

namespace fs = std::filesystem;
using anb::testing::fresh_dir;
using anb::testing::idx_images;
using anb::testing::idx_labels;
using anb::testing::write_bytes;

using anb::testing::error_of;

TEST(IdxDataset, ParsesImagesAndLabels) {
  const auto images = parse_idx_images(idx_images(3, 4, 5, 2, 7), "x");
  ASSERT_EQ(images.size(), 3u);
  EXPECT_EQ(images[0].height, 4);
  EXPECT_EQ(images[0].width, 5);
  EXPECT_EQ(images[0].pixels.size(), 20u);
  const auto labels = parse_idx_labels(idx_labels(3, 2), "y");
  EXPECT_EQ(labels, (std::vector<int>{0, 1, 0}));
}

TEST(IdxDataset, BadMagicAndTruncationAreNamed) {
  auto bytes = idx_images(3, 4, 5, 2, 7);
  auto bad = bytes;
  bad[2] = 0x0D;  // float data
  EXPECT_NE(error_of([&] { parse_idx_images(bad, "imgs"); }).find("imgs: bad IDX magic"),
            std::string::npos);
  bytes.resize(bytes.size() - 3);
  const std::string msg = error_of([&] { parse_idx_images(bytes, "imgs"); });
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  EXPECT_NE(error_of([&] {
              parse_idx_labels(idx_images(1, 2, 2, 1, 1), "lbl");
            }).find("3 dimensions, expected 1"),
            std::string::npos);
}

TEST(IdxDataset, LoadsPlainAndGzippedSplits) {
  const auto dir = anb::testing::write_idx_dataset("idx_plain", 20, 8, 4);
  const auto data = load_idx_split(dir.string(), "train");
  EXPECT_EQ(data.size(), 20u);
  EXPECT_EQ(data.num_classes, 4);
  EXPECT_EQ(data.channels, 1);
  ASSERT_EQ(std::system(("gzip -q " + (dir / "t10k-images-idx3-ubyte").string()).c_str()), 0);
  const auto eval = load_idx_split(dir.string(), "t10k");
  EXPECT_EQ(eval.size(), 8u);
  EXPECT_EQ(eval.images[3].pixels, load_idx_split(dir.string(), "t10k").images[3].pixels);
}

TEST(IdxDataset, MissingOrCorruptFilesAreNamed) {
  EXPECT_NE(error_of([] { load_idx_split("/no/such/dir", "train"); }).find("/no/such/dir"),
            std::string::npos);
  const auto dir = anb::testing::write_idx_dataset("idx_bad", 20, 8, 4);
  fs::remove(dir / "train-labels-idx1-ubyte");
  EXPECT_NE(error_of([&] {
              load_idx_split(dir.string(), "train");
            }).find("missing train-labels-idx1-ubyte"),
            std::string::npos);
  write_bytes(dir / "train-labels-idx1-ubyte", idx_labels(19, 4));
  EXPECT_NE(error_of([&] { load_idx_split(dir.string(), "train"); }).find("19 labels"),
            std::string::npos);
  write_bytes(dir / "junk.gz", {1, 2, 3, 4, 5});
  EXPECT_NE(error_of([&] { read_maybe_gzipped((dir / "junk.gz").string()); }).find("junk.gz"),
            std::string::npos);
}

TEST(DatasetSpec, ParsesKindsAndLimits) {
  const auto s = DatasetSpec::parse("idx:/usr/share/datasets/fashion-mnist?train=600&eval=200");
  EXPECT_EQ(s.kind, "idx");
  EXPECT_EQ(s.path, "/usr/share/datasets/fashion-mnist");
  EXPECT_EQ(s.train_limit, 600);
  EXPECT_EQ(s.eval_limit, 200);
  EXPECT_EQ(DatasetSpec::parse(s.to_string()).to_string(), s.to_string());
  EXPECT_EQ(DatasetSpec::parse("folder:/data/imagenet").kind, "folder");
  EXPECT_NE(error_of([] { DatasetSpec::parse("tfrecord:/x"); }).find("unknown kind 'tfrecord'"),
            std::string::npos);
  EXPECT_NE(error_of([] { DatasetSpec::parse("/just/a/path"); }).find("KIND:PATH"),
            std::string::npos);
  EXPECT_NE(error_of([] { DatasetSpec::parse("idx:/x?train=0"); }).find("train = '0'"),
            std::string::npos);
  EXPECT_NE(error_of([] { DatasetSpec::parse("idx:/x?size=3"); }).find("unknown option 'size'"),
            std::string::npos);
}

TEST(DatasetSpec, LoadAppliesLimits) {
  const auto dir = anb::testing::write_idx_dataset("idx_limits", 20, 8, 4);
  const auto splits = load_dataset(DatasetSpec::parse("idx:" + dir.string() + "?train=10&eval=5"));
  EXPECT_EQ(splits.train.size(), 10u);
  EXPECT_EQ(splits.eval.size(), 5u);
  EXPECT_EQ(splits.eval.num_classes, 4);
}

void write_png(const fs::path& path, int w, int h, int channels, std::uint8_t value) {
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w * h * channels), value);
  ASSERT_NE(stbi_write_png(path.string().c_str(), w, h, channels, pixels.data(), w * channels), 0);
}

fs::path write_folder_dataset(const std::string& name) {
  const auto root = fresh_dir(name);
  for (const std::string split : {"train", "val"}) {
    for (const std::string cls : {"cat", "dog"}) {
      fs::create_directories(root / split / cls);
      write_png(root / split / cls / "a.png", 6, 5, 3, cls == "cat" ? 10 : 240);
      write_png(root / split / cls / "b.png", 7, 4, 3, 100);
    }
  }
  return root;
}

TEST(ImageFolder, LoadsClassesInSortedOrder) {
  const auto root = write_folder_dataset("folder_ok");
  const auto splits = load_dataset(DatasetSpec::parse("folder:" + root.string()));
  EXPECT_EQ(splits.train.class_names, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(splits.train.size(), 4u);
  EXPECT_EQ(splits.train.channels, 3);
  EXPECT_EQ(splits.train.labels, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(splits.train.images[0].width, 6);
  EXPECT_EQ(splits.train.images[0].at(2, 3, 1), 10);
  EXPECT_EQ(splits.train.images[2].at(0, 0, 0), 240);
  EXPECT_EQ(splits.eval.num_classes, 2);
}

TEST(ImageFolder, BadFoldersAndImagesAreNamed) {
  const auto root = write_folder_dataset("folder_bad");
  fs::create_directories(root / "train" / "emu");
  std::string msg = error_of([&] { load_dataset(DatasetSpec::parse("folder:" + root.string())); });
  EXPECT_NE(msg.find("empty class folder"), std::string::npos) << msg;
  EXPECT_NE(msg.find("emu"), std::string::npos) << msg;
  fs::remove_all(root / "train" / "emu");

  const auto png = root / "train" / "dog" / "a.png";
  std::string bytes = io::read_file(png);
  write_bytes(png, std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 30));
  msg = error_of([&] { load_image_folder((root / "train").string()); });
  EXPECT_NE(msg.find("a.png"), std::string::npos) << msg;
  EXPECT_NE(msg.find("decode"), std::string::npos) << msg;

  msg = error_of([&] { load_dataset(DatasetSpec::parse("folder:/no/such/images")); });
  EXPECT_NE(msg.find("/no/such/images"), std::string::npos) << msg;
  const auto empty = fresh_dir("folder_empty");
  fs::create_directories(empty / "train");
  msg = error_of([&] { load_image_folder((empty / "train").string()); });
  EXPECT_NE(msg.find("no class subfolders"), std::string::npos) << msg;
}

TEST(ImageFolder, ParallelDecodeKeepsFileOrder) {
  const auto root = fresh_dir("folder_parallel");
  std::vector<std::string> files;
  for (int i = 0; i < 9; ++i) {
    const auto path = root / ("img" + std::to_string(i) + ".png");
    write_png(path, 3 + i, 4, 1, static_cast<std::uint8_t>(20 * i));
    files.push_back(path.string());
  }
  const auto one = decode_all(files, 1, 1);
  const auto four = decode_all(files, 1, 4);
  ASSERT_EQ(four.size(), 9u);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(four[static_cast<std::size_t>(i)].width, 3 + i);
    EXPECT_EQ(four[static_cast<std::size_t>(i)].pixels, one[static_cast<std::size_t>(i)].pixels);
  }
  write_bytes(root / "img5.png", std::vector<std::uint8_t>{1, 2, 3});
  const std::string msg = error_of([&] { decode_all(files, 1, 4); });
  EXPECT_NE(msg.find("img5.png"), std::string::npos) << msg;
}

TEST(ChannelStats, MeanAndStddevOfPixels) {
  ImageDataset data;
  data.channels = 1;
  data.images.push_back({1, 2, 1, {0, 255}});
  const auto stats = channel_stats(data);
  EXPECT_NEAR(stats.mean[0], 0.5f, 1e-6);
  EXPECT_NEAR(stats.stddev[0], 0.5f, 1e-6);
}

}  // namespace
}  // namespace anb::construct
