#include "anb/nets/device.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <fstream>
#include <stdexcept>
#include <thread>

namespace anb::nets {
namespace {

// Switches autocast for CUDA or the CPU. libtorch >= 2.4 takes the device type (the per-device
// functions of older versions still exist there but warn on every call); Debian's 1.13 has only
// the per-device ones.
void set_autocast(bool cuda, bool enabled, at::ScalarType dtype) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  const at::DeviceType type = cuda ? at::kCUDA : at::kCPU;
  if (enabled) at::autocast::set_autocast_dtype(type, dtype);
  at::autocast::set_autocast_enabled(type, enabled);
#else
  if (cuda) {
    if (enabled) at::autocast::set_autocast_gpu_dtype(dtype);
    at::autocast::set_enabled(enabled);
  } else {
    if (enabled) at::autocast::set_autocast_cpu_dtype(dtype);
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown CPU";
}

}  // namespace

Precision parse_precision(std::string_view text) {
  if (text == "fp32") return Precision::kFp32;
  if (text == "fp16") return Precision::kFp16;
  if (text == "bf16") return Precision::kBf16;
  throw std::invalid_argument("precision '" + std::string(text) + "': must be fp32, fp16 or bf16");
}

std::string to_string(Precision precision) {
  switch (precision) {
    case Precision::kFp32:
      return "fp32";
    case Precision::kFp16:
      return "fp16";
    case Precision::kBf16:
      return "bf16";
  }
  return "fp32";
}

bool precision_runs_on(Precision precision, const torch::Device& device) {
  return precision != Precision::kFp16 || device.is_cuda();
}

torch::Device parse_device(std::string_view text) {
  const std::string s(text);
  if (s == "cpu") return torch::Device(torch::kCPU);
  if (s == "cuda") return torch::Device(torch::kCUDA);
  if (s.rfind("cuda:", 0) == 0 && s.size() > 5 && s.size() <= 8 &&
      s.find_first_not_of("0123456789", 5) == std::string::npos) {
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(std::stoi(s.substr(5))));
  }
  throw std::invalid_argument("device '" + s + "': unknown; use cpu, cuda or cuda:N");
}

void require_device_available(const torch::Device& device) {
  if (!device.is_cuda()) return;
  if (!torch::cuda::is_available()) {
    throw std::runtime_error(
        "device " + device.str() +
        " requested, but this anb's libtorch has no CUDA support or sees no GPU "
        "(torch::cuda::is_available() is false); build anb against a CUDA libtorch "
        "(docs/networks.md, 'Building against a CUDA libtorch') or use the cpu");
  }
  const auto count = torch::cuda::device_count();
  if (device.has_index() && static_cast<int>(device.index()) >= static_cast<int>(count)) {
    throw std::runtime_error("device " + device.str() + " requested, but only " +
                             std::to_string(count) + " GPU(s) are visible");
  }
}

std::string describe_device(const torch::Device& device) {
  if (device.is_cuda()) {
    return "CUDA device " + std::to_string(device.has_index() ? device.index() : 0) + " of " +
           std::to_string(torch::cuda::device_count()) + " visible";
  }
  return cpu_model() + ", " + std::to_string(std::thread::hardware_concurrency()) +
         " logical cores";
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : -1);
}

AutocastGuard::AutocastGuard(Precision precision, const torch::Device& device)
    : active_(precision != Precision::kFp32),
      cuda_(device.is_cuda()),
      dtype_(precision == Precision::kFp16 ? at::kHalf : at::kBFloat16) {
  if (active_) set_autocast(cuda_, true, dtype_);
}

AutocastGuard::~AutocastGuard() {
  if (!active_) return;
  set_autocast(cuda_, false, dtype_);
  at::autocast::clear_cache();
}

}  // namespace anb::nets
