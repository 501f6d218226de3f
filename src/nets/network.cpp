#include "anb/nets/network.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <ATen/CPUGeneratorImpl.h>

#include "anb/nets/stochastic_depth.h"

namespace anb::nets {
namespace {

void require_probability(const char* field, double value) {
  if (!(value >= 0.0 && value < 1.0)) {
    throw std::invalid_argument(std::string("network option ") + field + " = " +
                                std::to_string(value) + ": must be in [0, 1)");
  }
}

// Kaiming-normal, fan_out mode, ReLU gain (torchvision's EfficientNet init).
void kaiming_normal_fan_out(torch::Tensor& weight, at::Generator& gen) {
  const int64_t receptive = weight[0][0].numel();
  const double fan_out = static_cast<double>(weight.size(0) * receptive);
  weight.normal_(0.0, std::sqrt(2.0 / fan_out), gen);
}

}  // namespace

void NetworkOptions::validate() const {
  shape_.validate();
  require_probability("dropout", dropout_);
  require_probability("stochastic_depth", stochastic_depth_);
}

NetworkImpl::NetworkImpl(const NetworkOptions& options_) : options(options_) { reset(); }

void NetworkImpl::reset() {
  options.validate();
  shape_ = space::network_shape(options.arch(), options.shape());
  using torch::nn::Conv2dOptions;
  stem_conv = register_module(
      "stem_conv", torch::nn::Conv2d(Conv2dOptions(shape_.input_channels, shape_.stem_channels, 3)
                                         .stride(shape_.stem_stride)
                                         .padding(1)
                                         .bias(false)));
  stem_bn = register_module("stem_bn", torch::nn::BatchNorm2d(shape_.stem_channels));
  layers = register_module("layers", torch::nn::ModuleList());
  const int total = static_cast<int>(shape_.layers.size());
  for (const space::LayerShape& layer : shape_.layers) {
    layers->push_back(MBConv(
        MBConvOptions(layer)
            .activation(options.activation())
            .stochastic_depth(stochastic_depth_probability(options.stochastic_depth(),
                                                           layer.global_index, total))));
  }
  head_conv = register_module(
      "head_conv",
      torch::nn::Conv2d(
          Conv2dOptions(shape_.head_in_channels, shape_.head_channels, 1).bias(false)));
  head_bn = register_module("head_bn", torch::nn::BatchNorm2d(shape_.head_channels));
  dropout = register_module("dropout", torch::nn::Dropout(options.dropout()));
  classifier = register_module("classifier",
                               torch::nn::Linear(shape_.head_channels, shape_.num_classes));
  initialize();
}

void NetworkImpl::initialize() {
  torch::NoGradGuard no_grad;
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(options.init_seed());
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* conv = module->as<torch::nn::Conv2d>()) {
      kaiming_normal_fan_out(conv->weight, gen);
      if (conv->bias.defined()) conv->bias.zero_();
    } else if (auto* bn = module->as<torch::nn::BatchNorm2d>()) {
      bn->weight.fill_(1.0);
      bn->bias.zero_();
    } else if (auto* linear = module->as<torch::nn::Linear>()) {
      const double range = 1.0 / std::sqrt(static_cast<double>(linear->weight.size(0)));
      linear->weight.uniform_(-range, range, gen);
      linear->bias.zero_();
    }
  }
}

torch::Tensor NetworkImpl::features(const torch::Tensor& x) {
  torch::Tensor y = activate_(stem_bn->forward(stem_conv->forward(x)), options.activation());
  for (const auto& layer : *layers) y = layer->as<MBConvImpl>()->forward(y);
  return activate_(head_bn->forward(head_conv->forward(y)), options.activation());
}

torch::Tensor NetworkImpl::forward(const torch::Tensor& x) {
  torch::Tensor y = torch::adaptive_avg_pool2d(features(x), {1, 1}).flatten(1);
  return classifier->forward(dropout->forward(y));
}

std::int64_t parameter_count(const torch::nn::Module& module) {
  std::int64_t total = 0;
  for (const auto& p : module.parameters()) total += p.numel();
  return total;
}

namespace {

// A copy with NHWC strides even where NCHW and NHWC describe the same memory order (1 x 1
// kernels, depthwise kernels with one input channel): `contiguous(ChannelsLast)` returns such a
// tensor unchanged, with NCHW strides, and libtorch then treats the layer as NCHW whenever its
// input is ambiguous too (1 x 1 feature maps), taking slow reorder and GEMM paths on the CPU.
torch::Tensor with_channels_last_strides(const torch::Tensor& t) {
  return torch::empty_like(t, torch::MemoryFormat::ChannelsLast).copy_(t);
}

}  // namespace

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.parameters()) {
    if (p.dim() == 4) p.set_data(with_channels_last_strides(p));
  }
  for (auto& b : module.buffers()) {
    if (b.dim() == 4) b.set_data(with_channels_last_strides(b));
  }
}

}  // namespace anb::nets
