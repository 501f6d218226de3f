#include "anb/nets/squeeze_excite.h"

namespace anb::nets {

SqueezeExciteImpl::SqueezeExciteImpl(const SqueezeExciteOptions& options_) : options(options_) {
  reset();
}

void SqueezeExciteImpl::reset() {
  using torch::nn::Conv2dOptions;
  reduce = register_module(
      "reduce", torch::nn::Conv2d(Conv2dOptions(options.channels(), options.squeeze_channels(), 1)));
  expand = register_module(
      "expand", torch::nn::Conv2d(Conv2dOptions(options.squeeze_channels(), options.channels(), 1)));
}

torch::Tensor SqueezeExciteImpl::forward(const torch::Tensor& x) {
  torch::Tensor scale = torch::adaptive_avg_pool2d(x, {1, 1});
  scale = activate_(reduce->forward(scale), options.activation());
  scale = gate(expand->forward(scale), options.activation());
  return x * scale;
}

}  // namespace anb::nets
