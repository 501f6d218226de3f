#pragma once
// Where and in which arithmetic the real networks run: device names ("cpu", "cuda", "cuda:N"),
// precisions (fp32, and fp16/bf16 under autocast), availability checks and the autocast switch.
// Shared by measurement (measure.h) and training (construct/trainer.h).

#include <torch/torch.h>

#include <string>
#include <string_view>

namespace anb::nets {

// Arithmetic precision. fp16 and bf16 run under autocast (weights and BN stay fp32,
// convolutions and matrix products run in the lower precision), like torch.autocast in PyTorch.
enum class Precision { kFp32, kFp16, kBf16 };

// Parses "fp32", "fp16" or "bf16"; throws std::invalid_argument quoting the text otherwise.
Precision parse_precision(std::string_view text);

// "fp32", "fp16" or "bf16".
std::string to_string(Precision precision);

// Whether `precision` runs on `device`: fp16 needs CUDA (libtorch's CPU kernels have no fp16
// convolutions); fp32 and bf16 run anywhere. The one rule behind MeasureOptions::validate and
// construct::TrainOptions::validate; kPrecisionRule says it in messages.
bool precision_runs_on(Precision precision, const torch::Device& device);
inline constexpr const char* kPrecisionRule =
    "libtorch's CPU kernels do not run fp16 convolutions; use fp32 or bf16 on the cpu";

// Parses "cpu", "cuda" or "cuda:N" (syntax only); throws std::invalid_argument naming the text
// and the accepted forms.
torch::Device parse_device(std::string_view text);

// Throws std::runtime_error when `device` cannot be used here: CUDA requested while this
// libtorch has no CUDA support or sees no GPU, or a CUDA index beyond the visible GPUs.
void require_device_available(const torch::Device& device);

// A human-readable description of the device: the CPU model and core count, or the GPU's name,
// index and the number of visible GPUs.
std::string describe_device(const torch::Device& device);

// Waits for all work queued on `device` (nothing on the CPU).
void synchronize(const torch::Device& device);

// Turns autocast on for `device` in `precision` for the guard's lifetime (nothing for fp32).
// Autocast state is per thread: create the guard in the thread that runs the forward.
class AutocastGuard {
 public:
  AutocastGuard(Precision precision, const torch::Device& device);
  ~AutocastGuard();
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_;
  bool cuda_;
  at::ScalarType dtype_;
};

}  // namespace anb::nets
