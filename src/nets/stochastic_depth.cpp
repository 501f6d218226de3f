#include "anb/nets/stochastic_depth.h"

#include <stdexcept>
#include <string>

namespace anb::nets {

torch::Tensor stochastic_depth(const torch::Tensor& x, double p, bool training) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument("stochastic depth probability " + std::to_string(p) +
                                ": must be in [0, 1]");
  }
  if (!training || p == 0.0) return x;
  const double keep = 1.0 - p;
  std::vector<int64_t> noise_shape(static_cast<std::size_t>(x.dim()), 1);
  noise_shape[0] = x.size(0);
  torch::Tensor noise = torch::empty(noise_shape, x.options()).bernoulli_(keep);
  if (keep > 0.0) noise.div_(keep);
  return x * noise;
}

double stochastic_depth_probability(double p, int global_index, int total_layers) {
  if (total_layers <= 0) return 0.0;
  return p * static_cast<double>(global_index) / static_cast<double>(total_layers);
}

}  // namespace anb::nets
