#pragma once
// Readers for the IDX format of MNIST, Fashion-MNIST and their kin: a big-endian header
// (two zero bytes, type 0x08 = unsigned byte, number of dimensions, then each dimension as a
// 32-bit count) followed by the data. Files may be gzipped; a ".gz" name is decompressed.

#include <cstdint>
#include <string>
#include <vector>

#include "anb/construct/image_dataset.h"

namespace anb::construct {

// Reads a whole file, gunzipping it when its name ends in ".gz". Throws std::runtime_error
// naming the path if it is missing or not a valid gzip stream.
std::vector<std::uint8_t> read_maybe_gzipped(const std::string& path);

// Parses an IDX image file (3 dimensions: count, rows, columns) held in `bytes`. `name` is used
// in error messages (bad magic, wrong dimension count, truncated data).
std::vector<Image> parse_idx_images(const std::vector<std::uint8_t>& bytes,
                                    const std::string& name);

// Parses an IDX label file (1 dimension).
std::vector<int> parse_idx_labels(const std::vector<std::uint8_t>& bytes, const std::string& name);

// Loads split `prefix` ("train" or "t10k") from `dir`: `<prefix>-images-idx3-ubyte[.gz]` and
// `<prefix>-labels-idx1-ubyte[.gz]`. Throws std::runtime_error if files are missing, corrupt or
// disagree in count.
ImageDataset load_idx_split(const std::string& dir, const std::string& prefix);

}  // namespace anb::construct
