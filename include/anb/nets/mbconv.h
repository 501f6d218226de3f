#pragma once
// One MBConv layer (inverted residual): optional 1x1 expansion conv + BN + activation,
// depthwise k x k conv (stride s) + BN + activation, optional squeeze-excite, 1x1 projection
// conv + BN (no activation), and a residual connection iff stride 1 and C_in == C_out, with
// stochastic depth on the branch in training.

#include <torch/torch.h>

#include "anb/nets/activation.h"
#include "anb/nets/squeeze_excite.h"
#include "anb/space/network_shape.h"

namespace anb::nets {

// What one layer is: its shape (channels, kernel, stride, SE, residual) from space::network_shape
// plus the activation and its stochastic-depth probability.
struct MBConvOptions {
  explicit MBConvOptions(const space::LayerShape& shape) : shape_(shape) {}
  TORCH_ARG(space::LayerShape, shape);
  TORCH_ARG(Activation, activation) = Activation::kRelu;
  TORCH_ARG(double, stochastic_depth) = 0.0;  // drop probability of this layer's branch
};

// The layer. Submodules: expand_conv/expand_bn (only when the shape expands), depthwise_conv,
// depthwise_bn, se (only with SE), project_conv, project_bn.
class MBConvImpl : public torch::nn::Cloneable<MBConvImpl> {
 public:
  explicit MBConvImpl(const MBConvOptions& options);

  // (Re)creates the submodules (called by the constructor and by clone()).
  void reset() override;

  // x: N x in_channels x in_size x in_size -> N x out_channels x out_size x out_size.
  torch::Tensor forward(const torch::Tensor& x);

  MBConvOptions options;
  torch::nn::Conv2d expand_conv{nullptr};
  torch::nn::BatchNorm2d expand_bn{nullptr};
  torch::nn::Conv2d depthwise_conv{nullptr};
  torch::nn::BatchNorm2d depthwise_bn{nullptr};
  SqueezeExcite se{nullptr};
  torch::nn::Conv2d project_conv{nullptr};
  torch::nn::BatchNorm2d project_bn{nullptr};
};
TORCH_MODULE(MBConv);

}  // namespace anb::nets
