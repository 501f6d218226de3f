// JPEG decoding speed, one thread: stb_image vs libjpeg-turbo (TurboJPEG API), the two decoders
// of construct/image_decode.h, on the same files in one run. By default 32 synthetic photo-like
// JPEGs of ImageNet's typical size (500 x 375, quality 90, 4:2:0, written by stb_image_write);
// ANB_BENCH_JPEG_DIR=DIR times the *.jpg / *.jpeg / *.JPEG files of DIR instead (e.g. an
// ImageNet class folder).
//   build/bench/bench_image_decode --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "anb/construct/image_decode.h"
#include "anb/stats/random.h"
#include "construct/stb_write.h"  // tests/cpp: the JPEG writer

namespace {

using anb::construct::ImageDecoder;
using Bytes = std::vector<std::uint8_t>;

// Smooth shapes plus fine noise, so the entropy coder has photo-like work to do.
Bytes synthetic_jpeg(int w, int h, std::uint64_t seed) {
  anb::stats::Rng rng(seed);
  const double fx = 8.0 + static_cast<double>(rng.uniform_int(40));
  const double fy = 8.0 + static_cast<double>(rng.uniform_int(40));
  std::vector<std::uint8_t> pixels;
  pixels.reserve(static_cast<std::size_t>(w * h * 3));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int c = 0; c < 3; ++c) {
        const double v = 128 + 50 * std::sin(x / fx + c) * std::cos(y / fy - c) +
                         40.0 * (x - y) / (w + h) + static_cast<double>(rng.uniform_int(24));
        pixels.push_back(static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0)));
      }
    }
  }
  return anb::testing::encode_jpeg(pixels, w, h, 3, 90);
}

const std::vector<Bytes>& files() {
  static const std::vector<Bytes> all = [] {
    std::vector<Bytes> out;
    if (const char* dir = std::getenv("ANB_BENCH_JPEG_DIR")) {
      for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const auto ext = e.path().extension().string();
        if (ext != ".jpg" && ext != ".jpeg" && ext != ".JPEG") continue;
        std::ifstream in(e.path(), std::ios::binary);
        out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      }
    } else {
      for (std::uint64_t i = 0; i < 32; ++i) out.push_back(synthetic_jpeg(500, 375, i + 1));
    }
    return out;
  }();
  return all;
}

void decode(benchmark::State& state, ImageDecoder decoder) {
  if (decoder == ImageDecoder::kTurboJpeg && !anb::construct::turbojpeg_available()) {
    state.SkipWithError("this build has no libjpeg-turbo");
    return;
  }
  const auto& all = files();
  if (all.empty()) {
    state.SkipWithError("no JPEG files");
    return;
  }
  std::size_t i = 0, pixels = 0;
  for (auto _ : state) {
    const auto image = anb::construct::decode_image(all[i], 3, "bench", decoder);
    pixels += image.pixels.size() / 3;
    benchmark::DoNotOptimize(image.pixels.data());
    i = (i + 1) % all.size();
  }
  state.counters["images/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["Mpixel/s"] =
      benchmark::Counter(static_cast<double>(pixels) / 1e6, benchmark::Counter::kIsRate);
}

void BM_DecodeStb(benchmark::State& state) {
  decode(state, ImageDecoder::kStb);
}
void BM_DecodeTurboJpeg(benchmark::State& state) {
  decode(state, ImageDecoder::kTurboJpeg);
}
BENCHMARK(BM_DecodeStb)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecodeTurboJpeg)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
