// Bindings of the regression and rank-agreement metrics (anb/stats/metrics.h). Inputs are any
// 1-D sequences or arrays of numbers; errors (unequal lengths, fewer than two values, non-finite
// values) raise ValueError with the C++ message.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "anb/stats/metrics.h"
#include "bindings.h"

namespace anb::python {
namespace {

using Values = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::vector<double> to_vector(const Values& a, const char* name) {
  if (a.ndim() != 1) {
    throw std::invalid_argument(std::string(name) + ": expected a 1-D sequence of numbers, got " +
                                std::to_string(a.ndim()) + " dimensions");
  }
  return std::vector<double>(a.data(), a.data() + a.size());
}

// Wraps a metric f(measured, predicted) for 1-D inputs.
template <double (*F)(const std::vector<double>&, const std::vector<double>&)>
double metric(const Values& x, const Values& y) {
  return F(to_vector(x, "first argument"), to_vector(y, "second argument"));
}

}  // namespace

void bind_metrics(py::module_& m) {
  py::class_<stats::RegressionMetrics>(m, "RegressionMetrics",
                                       "All metrics of one comparison of predictions with "
                                       "measurements.")
      .def_readonly("n", &stats::RegressionMetrics::n)
      .def_readonly("r2", &stats::RegressionMetrics::r2)
      .def_readonly("kendall_tau", &stats::RegressionMetrics::kendall_tau)
      .def_readonly("spearman", &stats::RegressionMetrics::spearman)
      .def_readonly("mae", &stats::RegressionMetrics::mae)
      .def_readonly("rmse", &stats::RegressionMetrics::rmse)
      .def("to_dict",
           [](const stats::RegressionMetrics& r) {
             py::dict d;
             d["n"] = r.n;
             d["r2"] = r.r2;
             d["kendall_tau"] = r.kendall_tau;
             d["spearman"] = r.spearman;
             d["mae"] = r.mae;
             d["rmse"] = r.rmse;
             return d;
           })
      .def("__repr__", [](const stats::RegressionMetrics& r) {
        return "RegressionMetrics(n=" + std::to_string(r.n) +
               ", r2=" + py::repr(py::float_(r.r2)).cast<std::string>() +
               ", kendall_tau=" + py::repr(py::float_(r.kendall_tau)).cast<std::string>() +
               ", spearman=" + py::repr(py::float_(r.spearman)).cast<std::string>() +
               ", mae=" + py::repr(py::float_(r.mae)).cast<std::string>() +
               ", rmse=" + py::repr(py::float_(r.rmse)).cast<std::string>() + ")";
      });

  m.def("r2_score", &metric<stats::r2_score>, py::arg("measured"), py::arg("predicted"),
        "Coefficient of determination 1 - SS_res / SS_tot (NaN for constant measurements).");
  m.def("kendall_tau", &metric<stats::kendall_tau>, py::arg("x"), py::arg("y"),
        "Kendall's tau-b, ties corrected as scipy.stats.kendalltau.");
  m.def("spearman", &metric<stats::spearman>, py::arg("x"), py::arg("y"),
        "Spearman's rank correlation (average ranks).");
  m.def("pearson", &metric<stats::pearson>, py::arg("x"), py::arg("y"),
        "Pearson's linear correlation coefficient.");
  m.def("mean_absolute_error", &metric<stats::mean_absolute_error>, py::arg("measured"),
        py::arg("predicted"), "Mean absolute error.");
  m.def("root_mean_squared_error", &metric<stats::root_mean_squared_error>, py::arg("measured"),
        py::arg("predicted"), "Root mean squared error.");
  m.def(
      "average_ranks",
      [](const Values& v) {
        const auto r = stats::average_ranks(to_vector(v, "values"));
        return py::array_t<double>(static_cast<py::ssize_t>(r.size()), r.data());
      },
      py::arg("values"), "Ranks 1..n, ties averaged (scipy.stats.rankdata 'average').");
  m.def(
      "regression_metrics",
      [](const Values& measured, const Values& predicted) {
        return stats::regression_metrics(to_vector(measured, "measured"),
                                         to_vector(predicted, "predicted"));
      },
      py::arg("measured"), py::arg("predicted"), "Every metric of `predicted` against `measured`.");
}

}  // namespace anb::python
