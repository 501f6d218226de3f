#pragma once
// Tiny image datasets written on the fly for the construction tests (header-only, no torch):
// IDX files with a learnable pattern (class c = a bright vertical band at a class-specific
// position, plus seeded noise) and helpers for temporary folders.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "anb/stats/random.h"

namespace anb::testing {

// A fresh empty folder under the system temp dir.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("anb_construct_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void put_be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
}

// IDX image file bytes for `count` images of rows x cols; labels[i] = i % classes.
inline std::vector<std::uint8_t> idx_images(std::uint32_t count, std::uint32_t rows,
                                            std::uint32_t cols, int classes, std::uint64_t seed) {
  std::vector<std::uint8_t> b{0, 0, 8, 3};
  put_be32(b, count);
  put_be32(b, rows);
  put_be32(b, cols);
  stats::Rng rng(seed);
  for (std::uint32_t i = 0; i < count; ++i) {
    const int label = static_cast<int>(i % static_cast<std::uint32_t>(classes));
    const int band = static_cast<int>(cols) * label / classes;
    const int width = std::max(1, static_cast<int>(cols) / classes);
    for (std::uint32_t y = 0; y < rows; ++y) {
      for (std::uint32_t x = 0; x < cols; ++x) {
        const bool on = static_cast<int>(x) >= band && static_cast<int>(x) < band + width;
        const int v = (on ? 200 : 30) + static_cast<int>(rng.uniform_int(40));
        b.push_back(static_cast<std::uint8_t>(v));
      }
    }
  }
  return b;
}

// IDX label file bytes: label i = i % classes.
inline std::vector<std::uint8_t> idx_labels(std::uint32_t count, int classes) {
  std::vector<std::uint8_t> b{0, 0, 8, 1};
  put_be32(b, count);
  for (std::uint32_t i = 0; i < count; ++i) {
    b.push_back(static_cast<std::uint8_t>(i % static_cast<std::uint32_t>(classes)));
  }
  return b;
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// A complete IDX dataset folder (train + t10k splits) of 12x12 images.
inline std::filesystem::path write_idx_dataset(const std::string& name, std::uint32_t train = 64,
                                               std::uint32_t eval = 32, int classes = 4) {
  const auto dir = fresh_dir(name);
  write_bytes(dir / "train-images-idx3-ubyte", idx_images(train, 12, 12, classes, 1));
  write_bytes(dir / "train-labels-idx1-ubyte", idx_labels(train, classes));
  write_bytes(dir / "t10k-images-idx3-ubyte", idx_images(eval, 12, 12, classes, 2));
  write_bytes(dir / "t10k-labels-idx1-ubyte", idx_labels(eval, classes));
  return dir;
}

// A tiny training scheme (JSON text) that trains in well under a second per architecture.
inline std::string tiny_scheme_json(int epochs = 1) {
  return "{\"epochs\": " + std::to_string(epochs) +
         ", \"batch_size\": 16, \"lr\": 0.1, \"warmup_epochs\": 0, \"resolution\": 16, "
         "\"stem_stride\": 1, \"width_multiplier\": 0.25, \"eval_batch_size\": 64, "
         "\"crop_padding\": 1, \"seed\": 3}";
}

// Two small architectures (the smallest of the space and a slightly bigger one).
inline std::vector<std::string> tiny_archs() {
  return {"e1111111-k3333333-l1111111-seFFFFFFF", "e4444444-k3333333-l1111111-seFFFFFFF",
          "e1111111-k5555555-l1111111-seTTTTTTT"};
}

}  // namespace anb::testing
