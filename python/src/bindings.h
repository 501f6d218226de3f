#pragma once
// Declarations shared by the binding files of the `anb._core` module: one `bind_*` function per
// concept (each in its own .cpp) and the conversions from Python objects they share.

#include <pybind11/pybind11.h>

#include <vector>

#include "anb/space/architecture.h"

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

// Architectures from a Python object: one Architecture or str (a list of one), a sequence of
// Architecture objects and/or strings, or a 2-D numeric array of shape (n, 28) holding feature
// encodings (space::encode). Throws std::invalid_argument naming the offending item.
std::vector<space::Architecture> to_architectures(py::handle archs);

// True if `archs` stands for a single architecture (an Architecture or a str).
bool is_single_architecture(py::handle archs);

}  // namespace anb::python
