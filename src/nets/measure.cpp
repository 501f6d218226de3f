#include "anb/nets/measure.h"

#include <dlfcn.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "anb/nets/network.h"

namespace anb::nets {
namespace {

void fail(const std::string& field, const std::string& value, const std::string& rule) {
  throw std::invalid_argument("measure option " + field + " = " + value + ": " + rule);
}

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Sample standard deviation (n - 1); 0 for a single value.
double std_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double sum = 0.0;
  for (double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

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

// Turns autocast on for the lifetime of the guard (nothing for fp32).
class AutocastGuard {
 public:
  AutocastGuard(Precision precision, const torch::Device& device)
      : active_(precision != Precision::kFp32),
        cuda_(device.is_cuda()),
        dtype_(precision == Precision::kFp16 ? at::kHalf : at::kBFloat16) {
    if (active_) set_autocast(cuda_, true, dtype_);
  }
  ~AutocastGuard() {
    if (!active_) return;
    set_autocast(cuda_, false, dtype_);
    at::autocast::clear_cache();
  }
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool active_;
  bool cuda_;
  at::ScalarType dtype_;
};

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : -1);
}

// Runs `warmup` untimed and `repeats` timed forwards; returns the timed seconds.
std::vector<double> time_forwards(Network& net, const torch::Tensor& input, int warmup,
                                  int repeats, const torch::Device& device) {
  for (int i = 0; i < warmup; ++i) net->forward(input);
  synchronize(device);
  std::vector<double> seconds;
  seconds.reserve(static_cast<std::size_t>(repeats));
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    net->forward(input);
    synchronize(device);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return seconds;
}

torch::Tensor make_input(int batch, int resolution, const MeasureOptions& options,
                         const torch::Device& device) {
  torch::Tensor x = torch::randn({batch, 3, resolution, resolution}).to(device);
  if (options.channels_last) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
  return x;
}

// OpenBLAS (Debian's default BLAS under libtorch) starts its own thread pool, which fights
// libtorch's OpenMP threads: 1x1 convolutions at small batch ran 10x slower on a busy machine.
// libtorch already parallelises around its BLAS calls, so BLAS gets one thread. The variable
// OPENBLAS_NUM_THREADS is read before main, hence the call through dlsym (absent symbol: another
// BLAS, nothing to do).
void single_threaded_blas() {
  using SetThreads = void (*)(int);
  if (void* symbol = dlsym(RTLD_DEFAULT, "openblas_set_num_threads")) {
    reinterpret_cast<SetThreads>(symbol)(1);
  }
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
    case Precision::kFp32: return "fp32";
    case Precision::kFp16: return "fp16";
    case Precision::kBf16: return "bf16";
  }
  return "fp32";
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
        "(docs/networks.md, 'Building against a CUDA libtorch') or use --device cpu");
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

void MeasureOptions::validate() const {
  const torch::Device d = parse_device(device);
  if (batch < 1) fail("batch", std::to_string(batch), "must be >= 1");
  if (resolution < 32) {
    fail("resolution", std::to_string(resolution),
         "must be at least 32, the network's total stride");
  }
  if (threads < 0) fail("threads", std::to_string(threads), "must be >= 0 (0: default)");
  if (warmup < 0) fail("warmup", std::to_string(warmup), "must be >= 0");
  if (repeats < 1) fail("repeats", std::to_string(repeats), "must be >= 1");
  if (precision == Precision::kFp16 && !d.is_cuda()) {
    fail("precision", "fp16",
         "libtorch's CPU kernels do not run fp16 convolutions; use fp32 or bf16 on cpu");
  }
}

Timing throughput_from_times(const std::vector<double>& seconds, int batch) {
  if (seconds.empty()) return {};
  std::vector<double> rates;
  rates.reserve(seconds.size());
  for (double s : seconds) rates.push_back(batch / s);
  return {batch / mean_of(seconds), std_of(rates)};
}

Timing latency_from_times(const std::vector<double>& seconds) {
  if (seconds.empty()) return {};
  std::vector<double> ms;
  ms.reserve(seconds.size());
  for (double s : seconds) ms.push_back(1000.0 * s);
  return {mean_of(ms), std_of(ms)};
}

void prepare_process(const MeasureOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] {
#if defined(__GLIBC__)
    mallopt(M_MMAP_MAX, 0);
#endif
    single_threaded_blas();
    try {
      torch::set_num_interop_threads(1);
    } catch (const std::exception&) {
      // Already set by the embedding program: libtorch allows one call per process.
    }
  });
  if (options.threads > 0) torch::set_num_threads(options.threads);
  if (parse_device(options.device).is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
}

ArchMeasurement measure_architecture(const space::Architecture& arch,
                                     const MeasureOptions& options) {
  options.validate();
  const torch::Device device = parse_device(options.device);
  require_device_available(device);
  prepare_process(options);
  const auto start = std::chrono::steady_clock::now();

  space::NetworkOptions shape;
  shape.resolution = options.resolution;
  Network net(NetworkOptions(arch).shape(shape));
  net->eval();
  net->to(device);
  if (options.channels_last) to_channels_last(*net);

  torch::NoGradGuard no_grad;
  AutocastGuard autocast(options.precision, device);
  ArchMeasurement m;
  const torch::Tensor batch = make_input(options.batch, options.resolution, options, device);
  m.throughput = throughput_from_times(
      time_forwards(net, batch, options.warmup, options.repeats, device), options.batch);
  if (options.latency) {
    const torch::Tensor one = make_input(1, options.resolution, options, device);
    m.latency = latency_from_times(
        time_forwards(net, one, options.warmup, options.repeats, device));
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

double peak_rss_mib() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace anb::nets
