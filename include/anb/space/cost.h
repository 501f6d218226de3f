#pragma once
// Analytic cost of an architecture: multiply-accumulates and parameters under the counting
// convention of the original dataset's `model_info` (thop 0.1.1: conv and linear MACs, batch
// norm as 4 ops per element, average pools as (H*W + 1) per channel; BN affine, SE biases and the
// classifier counted as parameters). Exact: equals model_info * 1e6 for every dataset record.

#include <cstdint>

#include "anb/space/architecture.h"
#include "anb/space/network_shape.h"

namespace anb::space {

// Integer counts of one forward pass at batch 1.
struct Cost {
  std::int64_t macs = 0;    // multiply-accumulates (thop convention)
  std::int64_t params = 0;  // trainable parameters

  double mmacs() const { return static_cast<double>(macs) / 1e6; }      // as model_info.macs
  double mparams() const { return static_cast<double>(params) / 1e6; }  // as model_info.params
};

// Cost of `arch` under `options` (default: 224 px, 1000 classes, as in the dataset).
Cost cost(const Architecture& arch, const NetworkOptions& options = {});

// Analytic training FLOPs of one image seen once: 3 x forward MACs x 2 FLOPs per MAC (forward
// plus the two backward passes), at the given resolution.
double training_flops_per_image(const Architecture& arch, const NetworkOptions& options = {});

}  // namespace anb::space
