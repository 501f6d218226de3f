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

}  // namespace

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
  if (!precision_runs_on(precision, d)) fail("precision", to_string(precision), kPrecisionRule);
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
