#pragma once
// Stochastic depth in "row" mode (torchvision's StochasticDepth(p, "row")): in training, each
// sample of the batch keeps its residual branch with probability 1 - p, and kept branches are
// scaled by 1 / (1 - p); in evaluation the branch passes unchanged. libtorch's C++ frontend has no
// such module. Random draws come from libtorch's default generator of the tensor's device
// (seed it with torch::manual_seed for reproducible training).

#include <torch/torch.h>

namespace anb::nets {

// Drops whole samples of the residual branch `x` (shape N x ...) with probability `p` when
// `training` is true; returns `x` unchanged otherwise or when p == 0. Throws
// std::invalid_argument if p is outside [0, 1].
torch::Tensor stochastic_depth(const torch::Tensor& x, double p, bool training);

// Drop probability of the layer at `global_index` (0-based) among `total_layers` layers:
// p * global_index / total_layers, as in the original (the first layer is never dropped).
double stochastic_depth_probability(double p, int global_index, int total_layers);

}  // namespace anb::nets
