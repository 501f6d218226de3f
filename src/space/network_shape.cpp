#include "anb/space/network_shape.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace anb::space {
namespace {

constexpr std::array<int, kNumStages> kStageOut = {16, 24, 40, 80, 112, 192, 320};
constexpr std::array<int, kNumStages> kStageStride = {1, 2, 2, 2, 1, 2, 1};
constexpr int kStemChannels = 32;
constexpr int kHeadFactor = 4;  // head conv has 4 x the last stage's channels (1280)

int conv_out(int size, int stride) { return (size - 1) / stride + 1; }  // padding (k-1)/2

}  // namespace

void NetworkOptions::validate() const {
  const auto fail = [](const std::string& field, const std::string& value,
                       const std::string& rule) {
    throw std::invalid_argument("network option " + field + " = " + value + ": " + rule);
  };
  if (stem_stride != 1 && stem_stride != 2) {
    fail("stem_stride", std::to_string(stem_stride), "must be 1 or 2");
  }
  if (resolution < total_stride()) {
    fail("resolution", std::to_string(resolution),
         "must be at least the network's total stride " + std::to_string(total_stride()));
  }
  if (num_classes < 1) fail("num_classes", std::to_string(num_classes), "must be >= 1");
  if (input_channels < 1) fail("input_channels", std::to_string(input_channels), "must be >= 1");
  if (!(width_multiplier > 0.0 && width_multiplier <= 8.0)) {
    fail("width_multiplier", std::to_string(width_multiplier), "must be in (0, 8]");
  }
}

int make_divisible(double v, int divisor) {
  int rounded = std::max(divisor, static_cast<int>(v + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

NetworkShape network_shape(const Architecture& arch, const NetworkOptions& options) {
  options.validate();
  const auto scale = [&](int c) { return make_divisible(c * options.width_multiplier); };
  NetworkShape shape;
  shape.input_channels = options.input_channels;
  shape.input_size = options.resolution;
  shape.stem_channels = scale(kStemChannels);
  shape.stem_stride = options.stem_stride;
  shape.stem_size = conv_out(options.resolution, options.stem_stride);
  shape.num_classes = options.num_classes;

  int channels = shape.stem_channels;
  int size = shape.stem_size;
  int global = 0;
  for (int s = 0; s < kNumStages; ++s) {
    const Stage& stage = arch.stage(s);
    const int out = scale(kStageOut[static_cast<std::size_t>(s)]);
    for (int i = 0; i < stage.layers; ++i) {
      LayerShape layer;
      layer.stage = s;
      layer.index_in_stage = i;
      layer.global_index = global++;
      layer.in_channels = channels;
      layer.expanded_channels = make_divisible(channels * stage.expansion);
      layer.expand = layer.expanded_channels != channels;
      layer.se = stage.se;
      layer.squeeze_channels = stage.se ? std::max(1, channels / 4) : 0;
      layer.out_channels = out;
      layer.kernel = stage.kernel;
      layer.stride = i == 0 ? kStageStride[static_cast<std::size_t>(s)] : 1;
      layer.residual = layer.stride == 1 && layer.in_channels == layer.out_channels;
      layer.in_size = size;
      layer.out_size = conv_out(size, layer.stride);
      shape.layers.push_back(layer);
      channels = out;
      size = layer.out_size;
    }
  }
  shape.head_in_channels = channels;
  shape.head_channels = kHeadFactor * channels;
  shape.final_size = size;
  return shape;
}

}  // namespace anb::space
