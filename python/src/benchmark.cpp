// Bindings of the surrogate benchmark (anb/surrogate/benchmark.h) and of target names
// (anb/data/targets.h). `Benchmark.query` converts its input to choice rows once (an (n, 28)
// array directly, without Architecture objects) and then runs the one C++ batch path for every
// target with the GIL released: no Python code runs per architecture.
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

// The target indices of a query: all (None), one (str) or a list, checked by require_target.
std::vector<std::size_t> query_targets(const Benchmark& b, py::handle targets) {
  if (targets.is_none()) return b.require_targets(b.targets());
  if (py::isinstance<py::str>(targets)) return {b.require_target(targets.cast<std::string>())};
  const auto names = targets.cast<std::vector<std::string>>();
  if (names.empty()) throw std::invalid_argument("targets: got an empty list; give None for all");
  return b.require_targets(names);
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

// Means and stds (n, k) of every architecture and target, from the one C++ batch path; with
// `interval`, the calibrated bounds; with `source`, each mean replaced by one draw, row-major
// from Rng(seed).
void compute(const Benchmark& b, const std::vector<std::uint8_t>& rows,
             const std::vector<std::size_t>& index, std::optional<surrogate::NoiseSource> source,
             std::optional<std::uint64_t> seed, std::optional<double> interval, double* mean,
             double* std, double* lower, double* upper) {
  const std::size_t n = rows.size() / surrogate::kChoiceRow;
  if (interval) {
    b.query_interval_choices(rows.data(), n, index, *interval, mean, std, lower, upper);
  }
  if (source) {
    stats::Rng rng(*seed);
    b.query_noisy_choices(rows.data(), n, index, rng, *source, mean, std);
  } else if (!interval) {
    b.query_choices(rows.data(), n, index, mean, std);
  }
}

py::tuple query(const Benchmark& b, py::handle archs_obj, py::handle targets, py::handle noise_obj,
                std::optional<std::uint64_t> seed, std::optional<double> interval) {
  const std::optional<surrogate::NoiseSource> source = noise_source(noise_obj);
  if (source && !seed) {
    throw std::invalid_argument(
        "query: noise=True needs an explicit seed (the same seed gives the same draws)");
  }
  if (interval) surrogate::check_interval_level(*interval);
  const bool one_arch = is_single_architecture(archs_obj);
  const bool one_target = py::isinstance<py::str>(targets);
  const std::vector<std::size_t> index = query_targets(b, targets);
  const std::vector<std::uint8_t> rows = to_choice_rows(archs_obj);
  const auto n = static_cast<py::ssize_t>(rows.size() / surrogate::kChoiceRow);
  const auto k = static_cast<py::ssize_t>(index.size());
  if (one_arch && one_target) {
    double mean = 0.0, std = 0.0, lower = 0.0, upper = 0.0;
    compute(b, rows, index, source, seed, interval, &mean, &std, &lower, &upper);
    if (interval) return py::make_tuple(mean, std, lower, upper);
    return py::make_tuple(mean, std);
  }
  std::vector<py::ssize_t> shape;
  if (!one_arch) shape.push_back(n);
  if (!one_target) shape.push_back(k);
  py::array_t<double> mean(shape), std(shape);
  py::array_t<double> lower(interval ? shape : std::vector<py::ssize_t>{0});
  py::array_t<double> upper(interval ? shape : std::vector<py::ssize_t>{0});
  double* pm = mean.mutable_data();
  double* ps = std.mutable_data();
  double* pl = lower.mutable_data();
  double* pu = upper.mutable_data();
  {
    py::gil_scoped_release release;
    compute(b, rows, index, source, seed, interval, pm, ps, pl, pu);
  }
  if (interval) return py::make_tuple(mean, std, lower, upper);
  return py::make_tuple(mean, std);
}

// Seconds of the fastest of `repeats` C++ batch queries of `archs` over `targets` (None: all),
// the same work as Benchmark.query minus the Python conversions (for bench_python_query.py):
// choice rows of the Architecture objects, then one query_choices call for every target.
double time_batch(const Benchmark& b, py::handle archs_obj, py::handle targets, int repeats) {
  const std::vector<std::size_t> index = query_targets(b, targets);
  const auto archs = to_architectures(archs_obj);
  py::gil_scoped_release release;
  std::vector<double> m(archs.size() * index.size()), s(m.size());
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::uint8_t> rows = surrogate::choice_rows(archs);
    b.query_choices(rows.data(), archs.size(), index, m.data(), s.data());
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, sec);
  }
  return best;
}

// Mean microseconds of `calls` C++ queries of every target of `arch` (Benchmark::query per
// target), the C++ side of the single-architecture overhead measurement.
double time_single(const Benchmark& b, const space::Architecture& arch, py::handle targets,
                   int calls) {
  const std::vector<std::size_t> index = query_targets(b, targets);
  std::vector<std::string> names;
  for (const std::size_t j : index) names.push_back(b.targets()[j]);
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
      .def("require_target", &Benchmark::require_target, py::arg("target"),
           "Index of `target` in `targets`; ValueError naming it and the available targets.")
      .def("query", &query, py::arg("archs"), py::arg("targets") = py::none(),
           py::arg("noise") = false, py::arg("seed") = py::none(),
           py::arg("interval") = py::none(),
           "Ensemble mean and std (population std over members) of `targets` for `archs`.\n\n"
           "archs: an Architecture or str, a sequence of them, or an (n, 28) array of choice\n"
           "indices (the encoding, any numeric dtype; read directly, no Architecture objects).\n"
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
