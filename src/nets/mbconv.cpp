#include "anb/nets/mbconv.h"

#include "anb/nets/stochastic_depth.h"

namespace anb::nets {
namespace {

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t groups) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                               .stride(stride)
                               .padding((kernel - 1) / 2)
                               .groups(groups)
                               .bias(false));
}

}  // namespace

MBConvImpl::MBConvImpl(const MBConvOptions& options_) : options(options_) { reset(); }

void MBConvImpl::reset() {
  const space::LayerShape& s = options.shape();
  const int64_t exp = s.expanded_channels;
  if (s.expand) {
    expand_conv = register_module("expand_conv", conv(s.in_channels, exp, 1, 1, 1));
    expand_bn = register_module("expand_bn", torch::nn::BatchNorm2d(exp));
  }
  depthwise_conv = register_module("depthwise_conv", conv(exp, exp, s.kernel, s.stride, exp));
  depthwise_bn = register_module("depthwise_bn", torch::nn::BatchNorm2d(exp));
  if (s.se) {
    se = register_module(
        "se", SqueezeExcite(SqueezeExciteOptions(exp, s.squeeze_channels)
                                .activation(options.activation())));
  }
  project_conv = register_module("project_conv", conv(exp, s.out_channels, 1, 1, 1));
  project_bn = register_module("project_bn", torch::nn::BatchNorm2d(s.out_channels));
}

torch::Tensor MBConvImpl::forward(const torch::Tensor& x) {
  const space::LayerShape& s = options.shape();
  const Activation act = options.activation();
  torch::Tensor y = x;
  if (s.expand) y = activate_(expand_bn->forward(expand_conv->forward(y)), act);
  y = activate_(depthwise_bn->forward(depthwise_conv->forward(y)), act);
  if (s.se) y = se->forward(y);
  y = project_bn->forward(project_conv->forward(y));
  if (!s.residual) return y;
  return stochastic_depth(y, options.stochastic_depth(), is_training()) + x;
}

}  // namespace anb::nets
