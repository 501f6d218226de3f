#include "anb/construct/image_decode.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "construct/stb_write.h"
#include "error_message.h"

namespace anb::construct {
namespace {

using anb::testing::error_of;

// A smooth, photo-like test picture: gradients plus a ring pattern, `channels` channels.
std::vector<std::uint8_t> picture(int w, int h, int channels) {
  std::vector<std::uint8_t> p;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double r = std::sqrt((x - w / 2.0) * (x - w / 2.0) + (y - h / 2.0) * (y - h / 2.0));
      for (int c = 0; c < channels; ++c) {
        const double v = 128 + 60 * std::sin(r / (4.0 + c)) + 50.0 * (x + c * y) / (w + h);
        p.push_back(static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0)));
      }
    }
  }
  return p;
}

std::vector<std::uint8_t> jpeg(int w, int h, int channels) {
  auto out = anb::testing::encode_jpeg(picture(w, h, channels), w, h, channels, 90);
  EXPECT_FALSE(out.empty());
  return out;
}

std::vector<std::uint8_t> png(int w, int h, int channels) {
  auto out = anb::testing::encode_png(picture(w, h, channels), w, h, channels);
  EXPECT_FALSE(out.empty());
  return out;
}

double mean_abs_difference(const Image& a, const Image& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) sum += std::abs(a.pixels[i] - b.pixels[i]);
  return sum / static_cast<double>(a.pixels.size());
}

TEST(ImageDecode, RecognisesJpegByItsMarker) {
  EXPECT_TRUE(is_jpeg(jpeg(16, 8, 3)));
  EXPECT_FALSE(is_jpeg(png(16, 8, 3)));
  EXPECT_FALSE(is_jpeg({0xFF, 0xD8}));
}

TEST(ImageDecode, JpegDecodesAlikeWithBothDecoders) {
  const auto bytes = jpeg(96, 64, 3);
  const Image stb = decode_image(bytes, 3, "a.jpg", ImageDecoder::kStb);
  const Image automatic = decode_image(bytes, 3, "a.jpg");
  ASSERT_EQ(stb.width, 96);
  ASSERT_EQ(stb.height, 64);
  ASSERT_EQ(automatic.pixels.size(), stb.pixels.size());
  EXPECT_LT(mean_abs_difference(stb, automatic), 1.0);  // IDCT/upsampling rounding only
  const Image grey = decode_image(bytes, 1, "a.jpg");
  EXPECT_EQ(grey.channels, 1);
  EXPECT_EQ(grey.pixels.size(), 96u * 64u);
  EXPECT_LT(mean_abs_difference(grey, decode_image(bytes, 1, "a.jpg", ImageDecoder::kStb)), 1.0);
}

TEST(ImageDecode, TurboJpegOnlyWhereBuiltAndOnlyForJpeg) {
  if (!turbojpeg_available()) {
    EXPECT_NE(error_of([] {
                decode_image(jpeg(8, 8, 3), 3, "x.jpg", ImageDecoder::kTurboJpeg);
              }).find("no libjpeg-turbo"),
              std::string::npos);
    return;
  }
  const Image turbo = decode_image(jpeg(8, 8, 3), 3, "x.jpg", ImageDecoder::kTurboJpeg);
  EXPECT_EQ(turbo.pixels.size(), 8u * 8u * 3u);
  const std::string msg =
      error_of([] { decode_image(png(8, 8, 3), 3, "x.png", ImageDecoder::kTurboJpeg); });
  EXPECT_NE(msg.find("x.png: not a JPEG file"), std::string::npos) << msg;
}

TEST(ImageDecode, OtherFormatsGoThroughStb) {
  const auto bytes = png(20, 10, 3);
  const Image image = decode_image(bytes, 3, "p.png");
  EXPECT_EQ(image.pixels, picture(20, 10, 3));  // PNG is lossless
  EXPECT_EQ(stored_channels(bytes, "p.png"), 3);
  EXPECT_EQ(stored_channels(png(4, 4, 1), "g.png"), 1);
}

TEST(ImageDecode, BadInputIsNamed) {
  auto bytes = jpeg(64, 64, 3);
  bytes.resize(40);  // header only: no image data left
  std::string msg = error_of([&] { decode_image(bytes, 3, "cut.jpg"); });
  EXPECT_NE(msg.find("cut.jpg: cannot decode image"), std::string::npos) << msg;
  msg = error_of([] { decode_image({1, 2, 3, 4}, 3, "junk.bin"); });
  EXPECT_NE(msg.find("junk.bin"), std::string::npos) << msg;
  EXPECT_NE(error_of([] {
              stored_channels({1, 2, 3}, "junk.bin");
            }).find("junk.bin"),
            std::string::npos);
  EXPECT_THROW(decode_image(jpeg(8, 8, 3), 2, "x.jpg"), std::invalid_argument);
}

}  // namespace
}  // namespace anb::construct
