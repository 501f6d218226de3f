#pragma once
// SGD with momentum, optional Nesterov momentum and decoupled-by-group weight decay, stepping all
// parameters of a group with a handful of multi-tensor ("foreach") kernels instead of a few
// kernels per parameter. Same update as torch.optim.SGD (dampening 0):
//
//   g <- grad + wd * p          (wd of the parameter's group)
//   b <- g on the first step, b <- momentum * b + g afterwards
//   d <- g + momentum * b (Nesterov) or d <- b
//   p <- p - lr * d
//
// On a GPU an EfficientNet-sized network has ~200 parameter tensors: per-parameter updates cost
// ~1,000 kernel launches per step, which bound the training of small networks; PyTorch's Python
// SGD uses the same foreach path by default on CUDA.

#include <torch/torch.h>

#include <vector>

namespace anb::construct {

struct SgdGroup {
  std::vector<torch::Tensor> params;
  double weight_decay = 0.0;
};

class MultiTensorSgd {
 public:
  // Throws std::invalid_argument for momentum outside [0, 1) or a negative weight decay.
  MultiTensorSgd(std::vector<SgdGroup> groups, double momentum, bool nesterov);

  // Drops every gradient (set to undefined, like zero_grad(set_to_none=True)).
  void zero_grad();

  // Every defined gradient, group by group (for unscaling and finiteness checks).
  std::vector<torch::Tensor> gradients() const;

  // One update at learning rate `lr`; parameters without a gradient are left alone.
  void step(double lr);

 private:
  struct State {
    SgdGroup group;
    std::vector<torch::Tensor> momentum;  // one per parameter; undefined until its first step
  };
  std::vector<State> states_;
  double momentum_;
  bool nesterov_;
};

}  // namespace anb::construct
