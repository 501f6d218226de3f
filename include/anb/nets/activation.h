#pragma once
// The two activation schemes of the network: "relu" (ReLU everywhere, hard-sigmoid as the
// squeeze-excite gate; the whole Accel-NASBench dataset uses it because FPGA DPUs need it) and
// "silu" (SiLU everywhere, sigmoid gate; the EfficientNet original).

#include <string>
#include <string_view>

#include <torch/torch.h>

namespace anb::nets {

// Which non-linearity and squeeze-excite gate the network uses.
enum class Activation {
  kRelu,  // ReLU + hard-sigmoid gate (the dataset's networks)
  kSilu,  // SiLU + sigmoid gate
};

// Parses "relu" or "silu"; throws std::invalid_argument quoting the text otherwise.
Activation parse_activation(std::string_view text);

// "relu" or "silu".
std::string to_string(Activation activation);

// Applies the non-linearity (in place on `x`, which is returned).
torch::Tensor activate_(torch::Tensor x, Activation activation);

// Applies the squeeze-excite gate (hard-sigmoid or sigmoid), out of place.
torch::Tensor gate(const torch::Tensor& x, Activation activation);

}  // namespace anb::nets
