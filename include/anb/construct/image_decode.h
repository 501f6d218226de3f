#pragma once
// Decoding one image file into pixels. JPEG goes through libjpeg-turbo's TurboJPEG API when anb
// was built with it (Debian libturbojpeg0-dev; `turbojpeg_available()`), which decodes a typical
// ImageNet JPEG 1.5-2x faster than stb_image on one core (bench/bench_image_decode.cpp);
// everything else (PNG, BMP, GIF, TGA, PNM, and JPEG in a build without libjpeg-turbo) goes
// through stb_image, as does a JPEG that libjpeg-turbo reports an error or warning for (truncated
// data, CMYK). Both use accurate integer IDCT and smooth chroma upsampling, so a JPEG decodes to
// nearly the same pixels either way (within a few levels; tested).

#include <cstdint>
#include <string>
#include <vector>

#include "anb/construct/image_dataset.h"

namespace anb::construct {

enum class ImageDecoder {
  kAuto,       // TurboJPEG for JPEG when available, stb_image otherwise
  kStb,        // stb_image for every format
  kTurboJpeg,  // TurboJPEG; only JPEG, only in a build with libjpeg-turbo
};

// Whether this build decodes JPEG with libjpeg-turbo.
bool turbojpeg_available();

// Whether `bytes` start like a JPEG file (SOI marker FF D8 FF).
bool is_jpeg(const std::vector<std::uint8_t>& bytes);

// The number of channels stored in the image file held in `bytes` (1 grey, 2 grey + alpha,
// 3 RGB, 4 RGBA). Throws std::runtime_error naming `name` if it is not a decodable image.
int stored_channels(const std::vector<std::uint8_t>& bytes, const std::string& name);

// Decodes one image file held in `bytes` into `channels` channels (1 = grey, 3 = RGB).
// Throws std::runtime_error naming `name` if the data is not a decodable image (this covers
// truncated files), std::invalid_argument for channels other than 1 or 3 and for kTurboJpeg in a
// build without libjpeg-turbo or on data that is not JPEG.
Image decode_image(const std::vector<std::uint8_t>& bytes, int channels, const std::string& name,
                   ImageDecoder decoder = ImageDecoder::kAuto);

}  // namespace anb::construct
