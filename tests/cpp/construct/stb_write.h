#pragma once
// stb_image_write for tests and benchmarks: the implementation, compiled static into the one
// file that includes this header (so several test files of one binary may), with stb's warnings
// silenced, and encoders of pixel rows into in-memory PNG / JPEG files.

#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace anb::testing {

inline void append_to_bytes(void* context, void* data, int size) {
  if (size <= 0) return;
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const std::size_t old = out->size();
  out->resize(old + static_cast<std::size_t>(size));
  std::memcpy(out->data() + old, data, static_cast<std::size_t>(size));
}

// A JPEG file (quality 1-100) of `pixels` (rows of w x channels bytes); empty if stb fails.
inline std::vector<std::uint8_t> encode_jpeg(const std::vector<std::uint8_t>& pixels, int w, int h,
                                             int channels, int quality) {
  std::vector<std::uint8_t> out;
  if (!stbi_write_jpg_to_func(append_to_bytes, &out, w, h, channels, pixels.data(), quality)) {
    out.clear();
  }
  return out;
}

// A PNG file of `pixels`; empty if stb fails.
inline std::vector<std::uint8_t> encode_png(const std::vector<std::uint8_t>& pixels, int w, int h,
                                            int channels) {
  std::vector<std::uint8_t> out;
  if (!stbi_write_png_to_func(append_to_bytes, &out, w, h, channels, pixels.data(), w * channels)) {
    out.clear();
  }
  return out;
}

}  // namespace anb::testing
