#pragma once
// The real network of an architecture (reference.md §1.2): stem conv 3x3 + BN + activation,
// the architecture's MBConv layers stage by stage, head 1x1 conv (4 x last channels) + BN +
// activation, global average pool, dropout, linear classifier. Channels, strides and SE widths
// come from space::network_shape, so the parameter count equals space::cost(...).params exactly.
//
// Example:
//   anb::nets::Network net(anb::nets::NetworkOptions(anb::space::Architecture::efficientnet_b0()));
//   net->eval();
//   torch::Tensor logits = net->forward(torch::randn({1, 3, 224, 224}));

#include <cstdint>

#include <torch/torch.h>

#include "anb/nets/activation.h"
#include "anb/nets/mbconv.h"
#include "anb/space/architecture.h"
#include "anb/space/network_shape.h"

namespace anb::nets {

// Everything that defines a network. The defaults build the dataset's networks (ImageNet,
// 1000 classes, ReLU + hard-sigmoid, dropout 0.2, stochastic depth 0.2).
struct NetworkOptions {
  explicit NetworkOptions(space::Architecture arch) : arch_(arch) {}

  // Throws std::invalid_argument naming the field, the value and the rule (also validates
  // `shape`).
  void validate() const;

  TORCH_ARG(space::Architecture, arch);
  // Classes, input channels, width multiplier, stem stride and resolution (the resolution only
  // sets the shapes reported by space::network_shape; the network accepts any input of at
  // least the total stride).
  TORCH_ARG(space::NetworkOptions, shape);
  TORCH_ARG(Activation, activation) = Activation::kRelu;
  TORCH_ARG(double, dropout) = 0.2;           // before the classifier, training only
  TORCH_ARG(double, stochastic_depth) = 0.2;  // p; layer i drops with p * i / total_layers
  TORCH_ARG(std::uint64_t, init_seed) = 0;    // seed of the weight initialisation
};

// The network. Submodules: stem_conv, stem_bn, layers (a ModuleList of MBConv), head_conv,
// head_bn, dropout, classifier.
class NetworkImpl : public torch::nn::Cloneable<NetworkImpl> {
 public:
  // Builds and initialises the network (conv kaiming-normal fan_out, BN weight 1 / bias 0,
  // linear uniform(+-1/sqrt(num_classes)) with bias 0, SE conv biases 0), drawing from a
  // generator seeded by options.init_seed(): the same options give the same weights.
  explicit NetworkImpl(const NetworkOptions& options);

  // (Re)creates and initialises the submodules.
  void reset() override;

  // x: N x input_channels x H x W (H, W >= total stride) -> logits N x num_classes.
  torch::Tensor forward(const torch::Tensor& x);

  // Feature map before pooling: N x head_channels x H/stride x W/stride.
  torch::Tensor features(const torch::Tensor& x);

  // The layer-by-layer shape the network was built from.
  const space::NetworkShape& shape() const { return shape_; }

  NetworkOptions options;
  torch::nn::Conv2d stem_conv{nullptr};
  torch::nn::BatchNorm2d stem_bn{nullptr};
  torch::nn::ModuleList layers{nullptr};
  torch::nn::Conv2d head_conv{nullptr};
  torch::nn::BatchNorm2d head_bn{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};

 private:
  void initialize();
  space::NetworkShape shape_;
};
TORCH_MODULE(Network);

// Number of trainable parameters (every parameter's numel; BN running stats are buffers).
std::int64_t parameter_count(const torch::nn::Module& module);

// Converts every 4-D parameter and buffer of `module` to the channels-last memory format in
// place (the C++ frontend's Module::to has no memory-format argument).
void to_channels_last(torch::nn::Module& module);

}  // namespace anb::nets
