#include "anb/construct/image_decode.h"

#include <memory>
#include <stdexcept>

#if defined(ANB_HAVE_TURBOJPEG)
#include <turbojpeg.h>
#endif

#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace anb::construct {
namespace {

Image decode_stb(const std::vector<std::uint8_t>& bytes, int channels, const std::string& name) {
  int w = 0, h = 0, comp = 0;
  std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> data(
      stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &comp, channels),
      stbi_image_free);
  if (!data) {
    throw std::runtime_error(name + ": cannot decode image (" + stbi_failure_reason() +
                             "; truncated or not an image?)");
  }
  Image image;
  image.height = h;
  image.width = w;
  image.channels = channels;
  image.pixels.assign(data.get(), data.get() + static_cast<std::size_t>(w) * h * channels);
  return image;
}

#if defined(ANB_HAVE_TURBOJPEG)
// One decompressor per thread, created on first use (tjInitDecompress is not free; a handle must
// not be shared between threads).
tjhandle thread_decompressor() {
  struct Handle {
    tjhandle h = tjInitDecompress();
    ~Handle() {
      if (h) tjDestroy(h);
    }
  };
  thread_local Handle handle;
  if (!handle.h) throw std::runtime_error("libjpeg-turbo: cannot create a decompressor");
  return handle.h;
}

// Decodes with TurboJPEG; false (and `image` unspecified) when libjpeg-turbo reports an error or
// a warning (truncated data, a CMYK JPEG it cannot convert...): the caller then tries stb_image,
// so a file decodes if either library reads it cleanly, and stb_image's message names the
// problem otherwise.
bool decode_turbojpeg(const std::vector<std::uint8_t>& bytes, int channels, Image& image) {
  tjhandle tj = thread_decompressor();
  const auto size = static_cast<unsigned long>(bytes.size());
  int w = 0, h = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(tj, bytes.data(), size, &w, &h, &subsampling, &colorspace) != 0) {
    return false;
  }
  image.height = h;
  image.width = w;
  image.channels = channels;
  image.pixels.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) *
                      static_cast<std::size_t>(channels));
  const int format = channels == 1 ? TJPF_GRAY : TJPF_RGB;
  // Flags 0: accurate integer IDCT and smooth ("fancy") chroma upsampling, as stb_image does.
  return tjDecompress2(tj, bytes.data(), size, image.pixels.data(), w, 0, h, format, 0) == 0;
}
#endif

}  // namespace

bool turbojpeg_available() {
#if defined(ANB_HAVE_TURBOJPEG)
  return true;
#else
  return false;
#endif
}

bool is_jpeg(const std::vector<std::uint8_t>& bytes) {
  return bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}

int stored_channels(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &comp)) {
    throw std::runtime_error(name + ": not a decodable image (" + stbi_failure_reason() + ")");
  }
  return comp;
}

Image decode_image(const std::vector<std::uint8_t>& bytes, int channels, const std::string& name,
                   ImageDecoder decoder) {
  if (channels != 1 && channels != 3) {
    throw std::invalid_argument("decode_image: channels = " + std::to_string(channels) +
                                "; need 1 (grey) or 3 (RGB)");
  }
  if (decoder == ImageDecoder::kTurboJpeg) {
    if (!turbojpeg_available()) {
      throw std::invalid_argument("decode_image: this build has no libjpeg-turbo (install "
                                  "libturbojpeg0-dev and rebuild)");
    }
    if (!is_jpeg(bytes)) {
      throw std::invalid_argument(name + ": not a JPEG file; the TurboJPEG decoder reads JPEG only");
    }
  }
#if defined(ANB_HAVE_TURBOJPEG)
  if (decoder != ImageDecoder::kStb && is_jpeg(bytes)) {
    Image image;
    if (decode_turbojpeg(bytes, channels, image)) return image;
  }
#endif
  return decode_stb(bytes, channels, name);
}

}  // namespace anb::construct
