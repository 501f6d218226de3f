#pragma once
// Dynamic loss scaling for fp16 training, with the rules of PyTorch's GradScaler: the loss is
// multiplied by a scale before backward so small fp16 gradients do not flush to zero; gradients
// are divided by it again before the update; a step whose gradients hold an inf or NaN is
// skipped and the scale halved; after `growth_interval` finite steps in a row it doubles.
// Disabled (scale 1, nothing skipped) for fp32 and bf16, whose range needs no scaling.

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace anb::construct {

struct LossScalerOptions {
  bool enabled = true;
  double init_scale = 65536.0;
  double growth_factor = 2.0;
  double backoff_factor = 0.5;
  int growth_interval = 2000;

  // Throws std::invalid_argument naming the field, the value and the rule.
  void validate() const;
};

class LossScaler {
 public:
  explicit LossScaler(LossScalerOptions options = {});

  // loss * scale (the loss itself when disabled).
  torch::Tensor scale(const torch::Tensor& loss) const;

  // Divides `grads` by the scale in place and returns whether all of them are finite (always
  // true when disabled, without looking at the gradients). Then updates the scale: a non-finite
  // step backs it off, a run of finite steps grows it.
  bool unscale_and_update(const std::vector<torch::Tensor>& grads);

  double current_scale() const { return scale_; }
  std::int64_t skipped_steps() const { return skipped_; }

 private:
  LossScalerOptions options_;
  double scale_;
  int finite_run_ = 0;
  std::int64_t skipped_ = 0;
};

}  // namespace anb::construct
