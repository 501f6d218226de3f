#pragma once
// Labelled image datasets held in memory as 8-bit pixels, and the dataset SPEC strings the
// command line takes:
//
//   idx:DIR      MNIST-style IDX files in DIR: train-images-idx3-ubyte, train-labels-idx1-ubyte
//                (training split) and t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte
//                (evaluation split), each optionally gzipped (".gz"). Fashion-MNIST from Debian:
//                idx:/usr/share/datasets/fashion-mnist
//   folder:DIR   ImageFolder layout: DIR/train/<class>/<image> and DIR/val/<class>/<image>
//                (JPEG, PNG, BMP, GIF, ...); classes are the sorted subfolder names of DIR/train.
//
// A SPEC may end in "?train=N&eval=M" to keep only the first N training and M evaluation images
// (after loading, in file order): e.g. idx:/usr/share/datasets/fashion-mnist?train=6000&eval=2000.

#include <cstdint>
#include <string>
#include <vector>

namespace anb::construct {

// One image: height x width x channels bytes, row-major, channels last.
struct Image {
  int height = 0;
  int width = 0;
  int channels = 1;
  std::vector<std::uint8_t> pixels;

  // Pixel value at (y, x, c); no bounds check.
  std::uint8_t at(int y, int x, int c) const {
    return pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                   static_cast<std::size_t>(x)) *
                      static_cast<std::size_t>(channels) +
                  static_cast<std::size_t>(c)];
  }
};

// A labelled split.
struct ImageDataset {
  std::vector<Image> images;
  std::vector<int> labels;  // in [0, num_classes)
  int num_classes = 0;
  int channels = 1;  // every image has this many channels
  std::vector<std::string> class_names;

  std::size_t size() const { return images.size(); }
};

// A parsed SPEC string (see file comment).
struct DatasetSpec {
  std::string kind;   // "idx" or "folder"
  std::string path;   // the directory
  std::int64_t train_limit = 0;  // 0 = all
  std::int64_t eval_limit = 0;   // 0 = all

  // Parses SPEC; throws std::invalid_argument quoting it for an unknown kind or bad option.
  static DatasetSpec parse(const std::string& spec);

  // The canonical text form.
  std::string to_string() const;
};

// Both splits of a dataset.
struct DatasetSplits {
  ImageDataset train;
  ImageDataset eval;
};

// Loads both splits named by `spec`; throws std::runtime_error naming the file or folder that is
// missing or corrupt.
DatasetSplits load_dataset(const DatasetSpec& spec);

// Keeps the first `limit` images of `data` (limit 0 keeps all).
void truncate(ImageDataset& data, std::int64_t limit);

// Per-channel mean and standard deviation of the pixels scaled to [0, 1].
struct ChannelStats {
  std::vector<float> mean;
  std::vector<float> stddev;
};

// Statistics over all pixels of `data` (used for input normalisation).
ChannelStats channel_stats(const ImageDataset& data);

}  // namespace anb::construct
