#include "anb/nets/activation.h"

#include <stdexcept>

namespace anb::nets {

Activation parse_activation(std::string_view text) {
  if (text == "relu") return Activation::kRelu;
  if (text == "silu") return Activation::kSilu;
  throw std::invalid_argument("activation '" + std::string(text) +
                              "': must be 'relu' (ReLU + hard-sigmoid) or 'silu' (SiLU + sigmoid)");
}

std::string to_string(Activation activation) {
  return activation == Activation::kRelu ? "relu" : "silu";
}

torch::Tensor activate_(torch::Tensor x, Activation activation) {
  if (activation == Activation::kRelu) return torch::relu_(x);
  return torch::silu_(x);
}

torch::Tensor gate(const torch::Tensor& x, Activation activation) {
  if (activation == Activation::kRelu) return torch::hardsigmoid(x);
  return torch::sigmoid(x);
}

}  // namespace anb::nets
