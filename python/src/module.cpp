// The `anb._core` extension module: registers every concept's bindings and maps C++ exceptions
// to Python ones with the same message. pybind11 already turns std::invalid_argument,
// std::domain_error and std::length_error into ValueError and other std::exception types into
// RuntimeError; std::out_of_range (an index or value outside its domain) becomes ValueError here
// instead of IndexError.
#include <pybind11/pybind11.h>

#include <stdexcept>

#include "bindings.h"

#ifndef ANB_VERSION
#define ANB_VERSION "unknown"
#endif

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "Compiled core of anb (Accel-NASBench in C++): thin bindings, see anb/__init__.py";
  m.attr("__version__") = ANB_VERSION;
  py::register_local_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const std::out_of_range& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  anb::python::bind_random(m);
  anb::python::bind_metrics(m);
  anb::python::bind_space(m);
  anb::python::bind_benchmark(m);
  anb::python::bind_fit(m);
  anb::python::bind_search(m);
  anb::python::bind_recorder(m);
  anb::python::bind_front(m);
}
