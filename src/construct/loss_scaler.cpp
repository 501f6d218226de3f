#include "anb/construct/loss_scaler.h"

#include <stdexcept>
#include <string>

namespace anb::construct {
namespace {

void fail(const std::string& field, double value, const std::string& rule) {
  throw std::invalid_argument("loss scaler " + field + " = " + std::to_string(value) + ": " + rule);
}

// True when every element of every tensor is finite: the norms of the tensors are finite
// exactly then (an inf or NaN element makes its tensor's norm inf or NaN). One device sync.
bool all_finite(const std::vector<torch::Tensor>& grads) {
  if (grads.empty()) return true;
  const std::vector<torch::Tensor> norms = at::_foreach_norm(grads);
  return torch::stack(norms).isfinite().all().item<bool>();
}

}  // namespace

void LossScalerOptions::validate() const {
  if (!(init_scale > 0.0)) fail("init_scale", init_scale, "must be > 0");
  if (!(growth_factor > 1.0)) fail("growth_factor", growth_factor, "must be > 1");
  if (!(backoff_factor > 0.0 && backoff_factor < 1.0)) {
    fail("backoff_factor", backoff_factor, "must be in (0, 1)");
  }
  if (growth_interval < 1) fail("growth_interval", growth_interval, "must be >= 1");
}

LossScaler::LossScaler(LossScalerOptions options)
    : options_(options), scale_(options.enabled ? options.init_scale : 1.0) {
  options_.validate();
}

torch::Tensor LossScaler::scale(const torch::Tensor& loss) const {
  return options_.enabled ? loss * scale_ : loss;
}

bool LossScaler::unscale_and_update(const std::vector<torch::Tensor>& grads) {
  if (!options_.enabled) return true;
  {
    torch::NoGradGuard no_grad;
    if (!grads.empty()) at::_foreach_mul_(grads, 1.0 / scale_);
  }
  const bool finite = all_finite(grads);
  if (finite) {
    if (++finite_run_ >= options_.growth_interval) {
      scale_ *= options_.growth_factor;
      finite_run_ = 0;
    }
  } else {
    scale_ *= options_.backoff_factor;
    finite_run_ = 0;
    ++skipped_;
  }
  return finite;
}

}  // namespace anb::construct
