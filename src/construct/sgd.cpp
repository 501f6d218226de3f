#include "anb/construct/sgd.h"

#include <stdexcept>
#include <string>

namespace anb::construct {

MultiTensorSgd::MultiTensorSgd(std::vector<SgdGroup> groups, double momentum, bool nesterov)
    : momentum_(momentum), nesterov_(nesterov) {
  if (!(momentum >= 0.0 && momentum < 1.0)) {
    throw std::invalid_argument("SGD momentum = " + std::to_string(momentum) +
                                ": must be in [0, 1)");
  }
  for (auto& g : groups) {
    if (!(g.weight_decay >= 0.0)) {
      throw std::invalid_argument("SGD weight_decay = " + std::to_string(g.weight_decay) +
                                  ": must be >= 0");
    }
    State s;
    s.momentum.resize(g.params.size());
    s.group = std::move(g);
    states_.push_back(std::move(s));
  }
}

void MultiTensorSgd::zero_grad() {
  for (auto& s : states_) {
    for (auto& p : s.group.params) p.mutable_grad() = torch::Tensor();
  }
}

std::vector<torch::Tensor> MultiTensorSgd::gradients() const {
  std::vector<torch::Tensor> grads;
  for (const auto& s : states_) {
    for (const auto& p : s.group.params) {
      if (p.grad().defined()) grads.push_back(p.grad());
    }
  }
  return grads;
}

void MultiTensorSgd::step(double lr) {
  torch::NoGradGuard no_grad;
  for (auto& s : states_) {
    // Parameters with a gradient; those stepping for the first time get a buffer equal to
    // their (weight-decayed) gradient, the others the momentum update.
    std::vector<torch::Tensor> params, grads, bufs, old_bufs, old_grads;
    std::vector<std::size_t> fresh;
    for (std::size_t i = 0; i < s.group.params.size(); ++i) {
      const torch::Tensor& p = s.group.params[i];
      if (!p.grad().defined()) continue;
      params.push_back(p);
      grads.push_back(p.grad());
      if (s.momentum[i].defined()) {
        old_bufs.push_back(s.momentum[i]);
        old_grads.push_back(p.grad());
      } else {
        fresh.push_back(i);
      }
    }
    if (params.empty()) continue;
    if (s.group.weight_decay != 0.0) at::_foreach_add_(grads, params, s.group.weight_decay);
    if (momentum_ == 0.0) {
      at::_foreach_add_(params, grads, -lr);
      continue;
    }
    if (!old_bufs.empty()) {
      at::_foreach_mul_(old_bufs, momentum_);
      at::_foreach_add_(old_bufs, old_grads);
    }
    for (std::size_t i : fresh) s.momentum[i] = s.group.params[i].grad().clone();
    for (std::size_t i = 0; i < s.group.params.size(); ++i) {
      if (s.group.params[i].grad().defined()) bufs.push_back(s.momentum[i]);
    }
    if (nesterov_) {
      at::_foreach_add_(grads, bufs, momentum_);
      at::_foreach_add_(params, grads, -lr);
    } else {
      at::_foreach_add_(params, bufs, -lr);
    }
  }
}

}  // namespace anb::construct
