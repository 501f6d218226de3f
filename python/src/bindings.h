#pragma once
// Declarations shared by the binding files of the `anb._core` module: one `bind_*` function per
// concept (each in its own .cpp) and the conversions from Python objects they share.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "anb/search/problem.h"
#include "anb/space/architecture.h"
#include "anb/surrogate/benchmark.h"

namespace anb::python {

namespace py = pybind11;

// Random engine (anb::stats::Rng).
void bind_random(py::module_& m);
// Regression and rank metrics (anb::stats).
void bind_metrics(py::module_& m);
// Architecture and SearchSpace (anb::space).
void bind_space(py::module_& m);
// Benchmark and target names (anb::surrogate::Benchmark, anb::data targets).
void bind_benchmark(py::module_& m);
// Dataset, fit and evaluate (anb::data::Dataset, anb::surrogate fitting).
void bind_fit(py::module_& m);
// Optimizers, results and Pareto tools (anb::search).
void bind_search(py::module_& m);
// Recorder, ask/tell and the `anb search` output folder (anb::search::Recorder, output.h).
void bind_recorder(py::module_& m);
// Direction-aware multi-objective tools and plots (anb::search front.h, plots.h).
void bind_front(py::module_& m);

// Architectures from a Python object: one Architecture or str (a list of one), a sequence of
// Architecture objects and/or strings, or a 2-D numeric array of shape (n, 28) holding feature
// encodings (space::encode). Throws std::invalid_argument naming the offending item.
std::vector<space::Architecture> to_architectures(py::handle archs);

// The same architectures as choice rows (surrogate/choice_rows.h), row-major n x 28, without
// building Architecture objects for an (n, 28) array: its values are the choice indices
// themselves (checked: "encodings row i: ..." names a value outside its decision's choices).
std::vector<std::uint8_t> to_choice_rows(py::handle archs);

// True if `archs` stands for a single architecture (an Architecture, a str or a dict).
bool is_single_architecture(py::handle archs);

// Argument checks of the bindings: one-line ValueError / TypeError naming the argument and the
// value, instead of pybind11's signature dump (see convert.cpp).
// An int >= `min` (not a bool): TypeError for another type, ValueError below `min`.
std::size_t to_count(py::handle value, const char* name, std::size_t min);
// A seed: an int in [0, 2^64).
std::uint64_t to_seed(py::handle value, const char* name);
// Objectives: a target name or a list of target names (direction from the name), "max"/"min"
// (when `directions_ok`), or (name, "max"/"min") pairs. With `bench` non-null, target names are
// checked against it first (the Benchmark's "unknown target" message, listing its targets).
std::vector<search::Objective> to_objectives(py::handle objectives, bool directions_ok,
                                             const surrogate::Benchmark* bench = nullptr);
// Rows of values: an (n, k) array or nested sequences; a 1-D input is (n, 1) when `k` is 1.
std::vector<std::vector<double>> to_rows(py::handle values, std::size_t k, const char* name);
// The search problem of `problem` for one seed: a Benchmark (the values `anb search` evaluates,
// noise included) or a Python callable arch -> value(s) (GIL re-acquired per call).
search::Problem make_problem(py::handle problem, const std::vector<search::Objective>& objectives,
                             const std::vector<search::ObjectiveBounds>& bounds, bool noise,
                             std::uint64_t seed);
// Hypervolume bounds: [(reference, ideal), ...] or the box surrogate::search_box picks (with
// `bench`, a pair without a reference box gets one estimated from the models, and a
// UserWarning); none for one objective.
std::vector<search::ObjectiveBounds> to_bounds(py::handle bounds,
                                               const std::vector<search::Objective>& objectives,
                                               const std::optional<std::filesystem::path>& file,
                                               const surrogate::Benchmark* bench = nullptr);
// Wraps the module function `name` (defined before) so that a call matching no signature raises
// one TypeError line "<name>: the arguments do not match <usage>; got N positional argument(s)
// and keywords a, b" instead of pybind11's signature dump.
void add_usage_error(py::module_& m, const char* name, std::string usage);

}  // namespace anb::python
