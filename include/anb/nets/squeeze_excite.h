#pragma once
// Squeeze-and-excite block of an MBConv layer: global average pool -> 1x1 conv (with bias) to
// the squeeze width -> activation -> 1x1 conv (with bias) back -> gate -> channel-wise multiply.
// The squeeze width is max(1, floor(C_in / 4)) of the *layer's* input channels, not of the
// expanded channels (space::LayerShape::squeeze_channels).

#include <torch/torch.h>

#include "anb/nets/activation.h"

namespace anb::nets {

// Sizes of a squeeze-excite block.
struct SqueezeExciteOptions {
  SqueezeExciteOptions(int64_t channels, int64_t squeeze_channels)
      : channels_(channels), squeeze_channels_(squeeze_channels) {}
  TORCH_ARG(int64_t, channels);          // channels of the feature map (expanded channels)
  TORCH_ARG(int64_t, squeeze_channels);  // width of the bottleneck
  TORCH_ARG(Activation, activation) = Activation::kRelu;
};

// The block itself; forward returns x scaled channel-wise by the gate.
class SqueezeExciteImpl : public torch::nn::Cloneable<SqueezeExciteImpl> {
 public:
  explicit SqueezeExciteImpl(const SqueezeExciteOptions& options);

  // (Re)creates the two convolutions (called by the constructor and by clone()).
  void reset() override;

  // x: N x channels x H x W.
  torch::Tensor forward(const torch::Tensor& x);

  SqueezeExciteOptions options;
  torch::nn::Conv2d reduce{nullptr};
  torch::nn::Conv2d expand{nullptr};
};
TORCH_MODULE(SqueezeExcite);

}  // namespace anb::nets
