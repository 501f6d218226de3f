#pragma once
// The layer-by-layer shape of the network an architecture stands for (reference skeleton:
// stem conv, seven stages of MBConv layers, 1x1 head conv, pooling, classifier). Shared by the
// analytic cost model and the libtorch network builder so both see the same channels.

#include <string>
#include <vector>

#include "anb/space/architecture.h"

namespace anb::space {

// Settings of the network around an architecture. The defaults are those of the dataset
// (ImageNet, 224 px for MACs/params).
struct NetworkOptions {
  int resolution = 224;           // input side in pixels
  int num_classes = 1000;         // classifier outputs
  int input_channels = 3;         // image channels (1 for Fashion-MNIST)
  int stem_stride = 2;            // 2 as in the original; 1 for small images
  double width_multiplier = 1.0;  // scales every channel count (rounded to multiples of 8)

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;

  // Total spatial down-sampling of the network (16 x stem stride).
  int total_stride() const { return 16 * stem_stride; }
};

// One MBConv layer.
struct LayerShape {
  int stage = 0;            // 0..6
  int index_in_stage = 0;   // 0..layers-1
  int global_index = 0;     // 0..total_layers-1 (used for stochastic depth)
  int in_channels = 0;
  int expanded_channels = 0;  // == in_channels when expansion is 1 (no expand conv)
  int squeeze_channels = 0;   // SE width max(1, in_channels / 4); 0 without SE
  int out_channels = 0;
  int kernel = 3;
  int stride = 1;
  bool expand = false;    // has the 1x1 expansion conv
  bool se = false;
  bool residual = false;  // stride 1 and in == out
  int in_size = 0;        // input feature-map side
  int out_size = 0;       // output feature-map side
};

// The whole network.
struct NetworkShape {
  int input_channels = 3;
  int input_size = 224;
  int stem_channels = 32;
  int stem_stride = 2;
  int stem_size = 112;  // feature-map side after the stem
  std::vector<LayerShape> layers;
  int head_in_channels = 320;
  int head_channels = 1280;
  int final_size = 7;  // side of the head's feature map
  int num_classes = 1000;
};

// Rounds v to a multiple of 8, never below 90 % of v (the MobileNet rule).
int make_divisible(double v, int divisor = 8);

// The shape of `arch` under `options` (validated first).
NetworkShape network_shape(const Architecture& arch, const NetworkOptions& options = {});

}  // namespace anb::space
