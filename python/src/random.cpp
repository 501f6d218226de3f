// Bindings of anb::stats::Rng, the portable seeded engine every stochastic call of anb draws
// from (same seed, same numbers, on every platform).
#include <cstdint>

#include "anb/stats/random.h"
#include "bindings.h"

namespace anb::python {

void bind_random(py::module_& m) {
  py::class_<stats::Rng>(m, "Rng",
                         "Seeded random engine (64-bit Mersenne Twister with portable "
                         "transforms). Pass one to Architecture.mutate to draw a stream of "
                         "mutations from a single seed.")
      .def(py::init<std::uint64_t>(), py::arg("seed"), "Engine whose stream is fixed by `seed`.")
      .def("next", &stats::Rng::next, "Next raw 64-bit value.")
      .def("uniform_int", &stats::Rng::uniform_int, py::arg("n"), "Uniform integer in [0, n).")
      .def("uniform", &stats::Rng::uniform, "Uniform float in [0, 1).")
      .def("normal", py::overload_cast<double, double>(&stats::Rng::normal), py::arg("mean") = 0.0,
           py::arg("std") = 1.0, "Normal draw N(mean, std^2).")
      .def_static("substream", &stats::Rng::substream, py::arg("seed"), py::arg("stream"),
                  "Independent engine for sub-stream `stream` of `seed`.");
}

}  // namespace anb::python
