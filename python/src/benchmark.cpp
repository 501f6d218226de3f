// Bindings of the surrogate benchmark (anb/surrogate/benchmark.h) and of target names
// (anb/data/targets.h). `Benchmark.query` converts its input to architectures once and then runs
// the C++ batch query per target with the GIL released: no Python code runs per architecture.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <chrono>
#include <string>
#include <vector>

#include "anb/data/targets.h"
#include "anb/surrogate/benchmark.h"
#include "bindings.h"

namespace anb::python {
namespace {

using surrogate::Benchmark;

// The target names of a query: all (None: the benchmark's own list, not copied), one (str) or a
// list (stored in `own`); checked against the benchmark.
const std::vector<std::string>& query_targets(const Benchmark& b, py::handle targets,
                                              std::vector<std::string>& own) {
  if (targets.is_none()) return b.targets();
  if (py::isinstance<py::str>(targets)) {
    own.assign(1, targets.cast<std::string>());
  } else {
    own = targets.cast<std::vector<std::string>>();
    if (own.empty()) throw std::invalid_argument("targets: got an empty list; give None for all");
  }
  for (const auto& n : own) {
    if (!b.has_target(n)) b.query(space::Architecture(), n);  // throws, listing the targets
  }
  return own;
}

// Means and stds of every (architecture, target) pair, row-major (n, k). With `seed`, each mean
// is replaced by one draw from N(mean, std^2), drawn in row-major order from Rng(seed).
void fill(const Benchmark& b, const std::vector<space::Architecture>& archs,
          const std::vector<std::string>& names, const std::optional<std::uint64_t>& seed,
          double* mean, double* std) {
  const std::size_t n = archs.size(), k = names.size();
  if (n == 1) {
    for (std::size_t j = 0; j < k; ++j) {
      const surrogate::Prediction p = b.query(archs[0], names[j]);
      mean[j] = p.mean;
      std[j] = p.std;
    }
  } else {
    std::vector<double> m, s;
    for (std::size_t j = 0; j < k; ++j) {
      b.query_batch(archs, names[j], m, s);
      for (std::size_t i = 0; i < n; ++i) {
        mean[i * k + j] = m[i];
        std[i * k + j] = s[i];
      }
    }
  }
  if (!seed) return;
  stats::Rng rng(*seed);
  for (std::size_t i = 0; i < n * k; ++i) mean[i] = rng.normal(mean[i], std[i]);
}

// Lower and upper bounds of the calibrated interval at `level` for every (architecture, target)
// pair, row-major (n, k), around the means in `mean`.
void fill_interval(const Benchmark& b, const std::vector<space::Architecture>& archs,
                   const std::vector<std::string>& names, double level, double* lower,
                   double* upper) {
  const std::size_t k = names.size();
  for (std::size_t i = 0; i < archs.size(); ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const surrogate::IntervalPrediction p = b.query_interval(archs[i], names[j], level);
      lower[i * k + j] = p.lower;
      upper[i * k + j] = p.upper;
    }
  }
}

// Noisy draws from the targets' noise models (NoiseSource::kMeasurement), row-major from
// Rng(seed), replacing the means.
void fill_measurement_noise(const Benchmark& b, const std::vector<space::Architecture>& archs,
                            const std::vector<std::string>& names, std::uint64_t seed,
                            double* mean) {
  stats::Rng rng(seed);
  const std::size_t k = names.size();
  for (std::size_t i = 0; i < archs.size(); ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      mean[i * k + j] =
          b.query_noisy(archs[i], names[j], rng, surrogate::NoiseSource::kMeasurement);
    }
  }
}

// noise: False, True (the ensemble spread, as before) or "ensemble" / "measurement".
std::optional<surrogate::NoiseSource> noise_source(py::handle noise) {
  if (py::isinstance<py::bool_>(noise)) {
    if (!noise.cast<bool>()) return std::nullopt;
    return surrogate::NoiseSource::kEnsemble;
  }
  if (py::isinstance<py::str>(noise)) return surrogate::parse_noise_source(noise.cast<std::string>());
  throw std::invalid_argument("query: noise must be False, True, 'ensemble' or 'measurement'");
}

py::tuple query(const Benchmark& b, py::handle archs_obj, py::handle targets, py::handle noise_obj,
                std::optional<std::uint64_t> seed, std::optional<double> interval) {
  const std::optional<surrogate::NoiseSource> source = noise_source(noise_obj);
  if (source && !seed) {
    throw std::invalid_argument(
        "query: noise=True needs an explicit seed (the same seed gives the same draws)");
  }
  if (interval) surrogate::check_interval_level(*interval);
  if (!source) seed.reset();
  const bool measurement = source == surrogate::NoiseSource::kMeasurement;
  const std::optional<std::uint64_t> ensemble_seed = measurement ? std::nullopt : seed;
  const bool one_arch = is_single_architecture(archs_obj);
  const bool one_target = py::isinstance<py::str>(targets);
  std::vector<std::string> own;
  const std::vector<std::string>& names = query_targets(b, targets, own);
  const std::vector<space::Architecture> archs = to_architectures(archs_obj);
  const auto n = static_cast<py::ssize_t>(archs.size());
  const auto k = static_cast<py::ssize_t>(names.size());
  if (interval) {
    for (const auto& t : names) {
      // Throws, saying the target needs a refit (before any architecture is looked at).
      if (!b.has_interval(t)) b.query_interval(space::Architecture(), t, *interval);
    }
  }
  if (measurement) {
    for (const auto& t : names) {
      if (!b.has_noise_model(t)) {
        stats::Rng unused(0);  // throws, naming the target, before drawing
        b.query_noisy(space::Architecture(), t, unused, *source);
      }
    }
  }
  auto compute = [&](double* pm, double* ps, double* pl, double* pu) {
    fill(b, archs, names, ensemble_seed, pm, ps);
    if (interval) fill_interval(b, archs, names, *interval, pl, pu);
    if (measurement) fill_measurement_noise(b, archs, names, *seed, pm);
  };
  if (one_arch && one_target) {
    double mean = 0.0, std = 0.0, lower = 0.0, upper = 0.0;
    compute(&mean, &std, &lower, &upper);
    if (interval) return py::make_tuple(mean, std, lower, upper);
    return py::make_tuple(mean, std);
  }
  std::vector<py::ssize_t> shape;
  if (!one_arch) shape.push_back(n);
  if (!one_target) shape.push_back(k);
  py::array_t<double> mean(shape), std(shape), lower(shape), upper(shape);
  double* pm = mean.mutable_data();
  double* ps = std.mutable_data();
  double* pl = lower.mutable_data();
  double* pu = upper.mutable_data();
  {
    py::gil_scoped_release release;
    compute(pm, ps, pl, pu);
  }
  if (interval) return py::make_tuple(mean, std, lower, upper);
  return py::make_tuple(mean, std);
}

// Seconds of the fastest of `repeats` C++ batch queries of `archs` over `targets` (None: all),
// the same work as Benchmark.query minus the Python conversions (for bench_python_query.py).
double time_batch(const Benchmark& b, py::handle archs_obj, py::handle targets, int repeats) {
  std::vector<std::string> own;
  const auto& names = query_targets(b, targets, own);
  const auto archs = to_architectures(archs_obj);
  py::gil_scoped_release release;
  std::vector<double> m, s;
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& t : names) b.query_batch(archs, t, m, s);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, sec);
  }
  return best;
}

// Mean microseconds of `calls` C++ queries of every target of `arch` (Benchmark::query per
// target), the C++ side of the single-architecture overhead measurement.
double time_single(const Benchmark& b, const space::Architecture& arch, py::handle targets,
                   int calls) {
  std::vector<std::string> own;
  const auto& names = query_targets(b, targets, own);
  py::gil_scoped_release release;
  double sink = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < calls; ++c) {
    for (const auto& t : names) sink += b.query(arch, t).mean;
  }
  const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (sink == -1.0) return 0.0;  // keeps the loop from being optimised away
  return sec / calls * 1e6;
}

py::dict target_info(const std::string& name) {
  const data::TargetInfo t = data::target_info(name);
  py::dict d;
  d["name"] = t.name;
  d["metric"] = t.metric;
  d["device"] = t.device;
  d["unit"] = t.unit;
  d["direction"] = t.direction == data::Direction::kMaximize ? "max" : "min";
  return d;
}

}  // namespace

void bind_benchmark(py::module_& m) {
  py::class_<Benchmark>(m, "Benchmark",
                        "Every fitted target of a model directory (written by `anb fit` or "
                        "anb.fit), queried by architecture.")
      .def(py::init([](const std::filesystem::path& dir) {
             py::gil_scoped_release release;
             return Benchmark::load(dir);
           }),
           py::arg("models_dir"),
           "Loads and verifies a model directory (RuntimeError naming the file on any problem).")
      .def_property_readonly("targets", &Benchmark::targets, "Target names, manifest order.")
      .def_property_readonly("directory",
                             [](const Benchmark& b) { return b.directory().string(); })
      .def_property_readonly(
          "manifest",
          [](const Benchmark& b) {
            return py::module_::import("json").attr("loads")(b.manifest().to_json().dump());
          },
          "The manifest as a dict (units, directions, hyperparameters, member files, ...).")
      .def("has_target", &Benchmark::has_target, py::arg("target"))
      .def("query", &query, py::arg("archs"), py::arg("targets") = py::none(),
           py::arg("noise") = false, py::arg("seed") = py::none(),
           py::arg("interval") = py::none(),
           "Ensemble mean and std (population std over members) of `targets` for `archs`.\n\n"
           "archs: an Architecture or str, a sequence of them, or an (n, 28) encoding array.\n"
           "targets: None (all, in `targets` order), a list of names, or one name.\n"
           "Returns (mean, std): arrays of shape (n, k); the n axis is dropped for a single\n"
           "architecture and the k axis for a single target name (floats when both).\n"
           "noise=True (or 'ensemble') replaces each mean by one draw from N(mean, std^2),\n"
           "drawn row by row from Rng(seed) (seed required); noise='measurement' draws one new\n"
           "training run / measurement from the target's noise model instead (ValueError for\n"
           "a target without one).\n"
           "interval=0.9 also returns the calibrated 90 % interval: (mean, std, lower, upper)\n"
           "(ValueError for a level outside (0, 1) or a model directory fitted before\n"
           "intervals existed).")
      .def("has_interval", &Benchmark::has_interval, py::arg("target"),
           "True if the target has a calibrated interval.")
      .def("has_noise_model", &Benchmark::has_noise_model, py::arg("target"),
           "True if the target has a noise model (noise='measurement').")
      .def(
          "query_members",
          [](const Benchmark& b, const space::Architecture& a, const std::string& target) {
            std::vector<double> out;
            b.query_members(a, target, out);
            return py::array_t<double>(static_cast<py::ssize_t>(out.size()), out.data());
          },
          py::arg("arch"), py::arg("target"), "Every member's prediction, in the target's unit.")
      .def("__repr__", [](const Benchmark& b) {
        return "Benchmark('" + b.directory().string() + "', " + std::to_string(b.targets().size()) +
               " targets)";
      });

  m.def("target_info", &target_info, py::arg("name"),
        "What a target name means: metric, device, unit, direction ('max' or 'min').");
  m.def("original_targets", &data::original_targets, "The nine targets of the original benchmark.");
  m.def("_time_cpp_query_batch", &time_batch, py::arg("benchmark"), py::arg("archs"),
        py::arg("targets") = py::none(), py::arg("repeats") = 5,
        "Benchmark helper: seconds of the fastest of `repeats` pure C++ batch queries.");
  m.def("_time_cpp_query_single", &time_single, py::arg("benchmark"), py::arg("arch"),
        py::arg("targets") = py::none(), py::arg("calls") = 100000,
        "Benchmark helper: mean microseconds of one pure C++ query of all `targets`.");
}

}  // namespace anb::python
