// Bindings of the Recorder (anb/search/history.h), ask/tell (ask_tell.h) and the `anb search`
// output folder (output.h): a search written in Python is budgeted, de-duplicated and recorded
// by the same C++ code as the built-in algorithms, and writes the same files.
//
// Shapes follow Benchmark.query: the n axis is dropped for a single architecture, the k axis
// when `objectives` was given as one name (a float for both); a SearchResult always has both.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anb/io/json.h"
#include "anb/search/ask_tell.h"
#include "anb/search/output.h"
#include "anb/search/report.h"
#include "bindings.h"

namespace anb::python {
namespace {

using FilePath = std::optional<std::filesystem::path>;

// A Recorder with what its Python side needs: the problem object kept alive (a callable is only
// borrowed by the C++ problem), the name and seed of the run, and the shape rule.
struct PyRecorder {
  std::unique_ptr<search::Recorder> recorder;
  py::object problem;  // None for a tell-only recorder
  std::string algorithm;
  std::uint64_t seed = 0;
  bool k_axis = true;                           // false: objectives given as one name
  const surrogate::Benchmark* bench = nullptr;  // set when the problem is a Benchmark without noise
};

std::shared_ptr<PyRecorder> make_recorder(py::handle problem, py::handle objectives,
                                          py::handle budget, py::handle seed, py::handle bounds,
                                          FilePath hv_reference, bool noise,
                                          const std::string& duplicates,
                                          const std::string& algorithm) {
  auto r = std::make_shared<PyRecorder>();
  r->problem = py::reinterpret_borrow<py::object>(problem);
  r->algorithm = algorithm;
  r->seed = to_seed(seed, "seed");
  r->k_axis = !py::isinstance<py::str>(objectives);
  const std::size_t n = to_count(budget, "budget", 1);
  const auto* bench = py::isinstance<surrogate::Benchmark>(problem)
                          ? &problem.cast<const surrogate::Benchmark&>()
                          : nullptr;
  const auto objs = to_objectives(objectives, false, bench);
  const auto box = to_bounds(bounds, objs, hv_reference, bench);
  const auto dup = search::parse_duplicates(duplicates);
  search::Problem p;
  if (problem.is_none()) {
    if (noise) throw std::invalid_argument("noise=True needs a Benchmark problem");
    p.objectives = objs;
    p.bounds = box;
  } else {
    p = make_problem(problem, objs, box, noise, r->seed);
    if (bench && !noise) r->bench = bench;
  }
  r->recorder = std::make_unique<search::Recorder>(std::move(p), n, dup);
  return r;
}

// Values rows shaped by the rule in the file comment.
py::object shaped(const std::vector<std::vector<double>>& rows, std::size_t k, bool single,
                  bool k_axis) {
  if (single && !k_axis) return py::float_(rows.at(0).at(0));
  std::vector<py::ssize_t> shape;
  if (!single) shape.push_back(static_cast<py::ssize_t>(rows.size()));
  if (k_axis) shape.push_back(static_cast<py::ssize_t>(k));
  py::array_t<double> out(shape);
  double* p = out.mutable_data();
  for (const auto& r : rows) {
    if (k_axis) {
      p = std::copy(r.begin(), r.end(), p);
    } else {
      *p++ = r[0];
    }
  }
  return std::move(out);
}

std::string spent(const search::Recorder& r) {
  return "budget: the " + std::to_string(r.budget()) +
         " evaluations are spent (Recorder.remaining is 0)";
}

// Whether `a` can still be recorded (a cached repeat always can).
bool fits(const search::Recorder& r, const space::Architecture& a) {
  return !r.exhausted() || (r.duplicates() == search::Duplicates::kCache && r.find(a) != nullptr);
}

// A Benchmark without noise: one batch query per objective for the admitted architectures (the
// same means as one query each, see test_search.py), then recorded in order.
std::vector<std::vector<double>> batch_values(const PyRecorder& self,
                                              const std::vector<space::Architecture>& archs) {
  const auto& objectives = self.recorder->problem().objectives;
  std::vector<std::vector<double>> columns(objectives.size());
  std::vector<double> sd;
  for (std::size_t k = 0; k < objectives.size(); ++k) {
    self.bench->query_batch(archs, objectives[k].name, columns[k], sd);
  }
  std::vector<std::vector<double>> rows(archs.size(), std::vector<double>(objectives.size()));
  for (std::size_t i = 0; i < archs.size(); ++i) {
    for (std::size_t k = 0; k < objectives.size(); ++k) rows[i][k] = columns[k][i];
  }
  return rows;
}

std::vector<std::vector<double>> evaluate_batch(PyRecorder& self,
                                                const std::vector<space::Architecture>& archs) {
  search::Recorder& r = *self.recorder;
  const std::vector<space::Architecture> todo(
      archs.begin(), archs.begin() + static_cast<std::ptrdiff_t>(r.admitted(archs)));
  const auto values = batch_values(self, todo);
  std::vector<std::vector<double>> rows;
  rows.reserve(todo.size());
  for (std::size_t i = 0; i < todo.size(); ++i) rows.push_back(r.tell(todo[i], values[i]).values);
  return rows;
}

py::object evaluate(PyRecorder& self, py::handle archs_obj) {
  search::Recorder& r = *self.recorder;
  if (!r.problem().evaluate) {
    throw py::type_error(
        "Recorder.evaluate: this recorder has no problem; record values with "
        "tell(archs, values)");
  }
  const bool single = is_single_architecture(archs_obj);
  const auto archs = to_architectures(archs_obj);
  if (single && !fits(r, archs[0])) throw py::value_error(spent(r));
  std::vector<std::vector<double>> rows;
  rows.reserve(archs.size());
  {
    py::gil_scoped_release release;  // a Python objective re-acquires it per call
    if (self.bench && archs.size() > 1) {
      rows = evaluate_batch(self, archs);
    } else {
      for (const auto& a : archs) {
        if (!fits(r, a)) break;
        rows.push_back(r.evaluate(a).values);
      }
    }
  }
  return shaped(rows, r.problem().objectives.size(), single, self.k_axis);
}

void tell(PyRecorder& self, py::handle archs_obj, py::handle values) {
  search::Recorder& r = *self.recorder;
  const std::size_t k = r.problem().objectives.size();
  const bool single = is_single_architecture(archs_obj);
  const auto archs = to_architectures(archs_obj);
  std::vector<std::vector<double>> rows;
  if (single) {
    const auto flat =
        py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
    if (!flat || static_cast<std::size_t>(flat.size()) != k) {
      throw py::value_error("values: expected " + std::to_string(k) +
                            " value(s) for one architecture");
    }
    rows.emplace_back(flat.data(), flat.data() + k);
  } else {
    rows = to_rows(values, k, "values");
  }
  if (rows.size() != archs.size()) {
    throw py::value_error("values: got " + std::to_string(rows.size()) + " rows for " +
                          std::to_string(archs.size()) + " architectures");
  }
  for (std::size_t i = 0; i < archs.size(); ++i) {
    if (!fits(r, archs[i])) throw py::value_error(spent(r));
    r.tell(archs[i], rows[i]);
  }
}

search::Result run_optimizer(py::handle optimizer, py::handle problem, py::handle objectives,
                             py::handle budget, py::handle seed, std::optional<std::string> name,
                             py::handle bounds, FilePath hv_reference, bool noise,
                             const std::string& duplicates) {
  if (!py::hasattr(optimizer, "ask") || !py::hasattr(optimizer, "tell")) {
    throw py::type_error(
        "optimizer: expected an object with ask() and tell(archs, values) "
        "methods, got " +
        std::string(py::str(py::type::of(optimizer).attr("__name__"))));
  }
  if (problem.is_none())
    throw py::type_error("problem: expected a Benchmark or a callable, got None");
  const std::string algorithm =
      name ? *name : std::string(py::str(py::type::of(optimizer).attr("__name__")));
  auto self = make_recorder(problem, objectives, budget, seed, bounds, hv_reference, noise,
                            duplicates, algorithm);
  const py::object ask = optimizer.attr("ask");
  const py::object tell_fn = optimizer.attr("tell");
  const std::size_t k = self->recorder->problem().objectives.size();
  search::run_ask_tell(
      *self->recorder,
      [&] {
        const py::object proposed = ask();
        return to_architectures(proposed);
      },
      [&](const std::vector<space::Architecture>& archs,
          const std::vector<std::vector<double>>& values) {
        py::list told;
        for (const auto& a : archs) told.append(py::cast(a));
        tell_fn(told, values.empty() ? py::object(py::array_t<double>(0))
                                     : shaped(values, k, false, self->k_axis));
      },
      self->bench ? search::BatchFunction([&](const std::vector<space::Architecture>& archs) {
        py::gil_scoped_release release;
        return batch_values(*self, archs);
      })
                  : search::BatchFunction());
  return self->recorder->finish(self->algorithm, self->seed);
}

py::dict write_folder(const std::filesystem::path& out, const std::vector<search::Result>& results,
                      bool force, bool plots, py::handle marks, py::handle extra) {
  search::FolderOptions options;
  options.force = force;
  options.plots = plots;
  if (!marks.is_none()) {
    for (auto item : marks.cast<py::dict>()) {
      options.marks.push_back(
          {py::str(item.first).cast<std::string>(), item.second.cast<std::vector<double>>()});
    }
  }
  if (!extra.is_none()) {
    const std::string text = py::module_::import("json").attr("dumps")(extra).cast<std::string>();
    options.extra = io::parse_json(text, "extra");
  }
  search::FolderReport report;
  {
    py::gil_scoped_release release;
    report = search::write_search_folder(out, results, options);
  }
  if (!report.warnings.empty()) {
    const auto warn = py::module_::import("warnings").attr("warn");
    for (const auto& w : report.warnings) warn(w);
  }
  return py::module_::import("json").attr("loads")(report.summary_json.dump());
}

}  // namespace

void bind_recorder(py::module_& m) {
  py::class_<PyRecorder, std::shared_ptr<PyRecorder>>(
      m, "Recorder",
      "Budgets, de-duplicates and records a search written in Python, exactly like the built-in\n"
      "algorithms (same history, best so far / hypervolume so far, archive, files).")
      .def(py::init(&make_recorder), py::arg("problem") = py::none(), py::kw_only(),
           py::arg("objectives") = "accuracy", py::arg("budget") = py::int_(600),
           py::arg("seed") = py::int_(0), py::arg("bounds") = py::none(),
           py::arg("hv_reference") = py::none(), py::arg("noise") = false,
           py::arg("duplicates") = "count", py::arg("algorithm") = "custom",
           "problem: a Benchmark, a callable arch -> value(s), or None (values come from tell).\n"
           "duplicates: 'count' (a repeat is evaluated again and costs one evaluation, the\n"
           "built-in algorithms' rule) or 'cache' (a repeat returns the first evaluation and\n"
           "costs nothing). seed: the run's seed (and its noise stream with noise=True).")
      .def("evaluate", &evaluate, py::arg("archs"),
           "Evaluates and records architectures in order while the budget lasts; returns their\n"
           "values (fewer rows than asked when the budget ran out; ValueError for a single\n"
           "architecture once it is spent).")
      .def("tell", &tell, py::arg("archs"), py::arg("values"),
           "Records values computed elsewhere (one per objective, natural units).")
      .def(
          "find",
          [](const PyRecorder& r,
             const space::Architecture& a) -> std::optional<search::Evaluation> {
            const search::Evaluation* e = r.recorder->find(a);
            return e ? std::optional<search::Evaluation>(*e) : std::nullopt;
          },
          py::arg("arch"), "The first Evaluation of `arch`, or None.")
      .def_property_readonly("remaining",
                             [](const PyRecorder& r) { return r.recorder->remaining(); })
      .def_property_readonly("budget", [](const PyRecorder& r) { return r.recorder->budget(); })
      .def_property_readonly("exhausted",
                             [](const PyRecorder& r) { return r.recorder->exhausted(); })
      .def_property_readonly(
          "progress", [](const PyRecorder& r) { return r.recorder->progress(); },
          "Best value so far (one objective) or hypervolume so far.")
      .def_property_readonly(
          "duplicates",
          [](const PyRecorder& r) { return search::duplicates_name(r.recorder->duplicates()); })
      .def("__len__", [](const PyRecorder& r) { return r.recorder->history().size(); })
      .def(
          "result", [](const PyRecorder& r) { return r.recorder->snapshot(r.algorithm, r.seed); },
          "A SearchResult of everything recorded so far (the recorder keeps going).")
      .def("__repr__", [](const PyRecorder& r) {
        return "Recorder('" + r.algorithm + "', seed=" + std::to_string(r.seed) + ", " +
               std::to_string(r.recorder->history().size()) + "/" +
               std::to_string(r.recorder->budget()) + " evaluations)";
      });

  m.def("run_optimizer", &run_optimizer, py::arg("optimizer"), py::arg("problem"), py::kw_only(),
        py::arg("objectives") = "accuracy", py::arg("budget") = py::int_(600),
        py::arg("seed") = py::int_(0), py::arg("name") = py::none(), py::arg("bounds") = py::none(),
        py::arg("hv_reference") = py::none(), py::arg("noise") = false,
        py::arg("duplicates") = "count",
        "Ask/tell: calls optimizer.ask() -> architecture(s) and optimizer.tell(archs, values)\n"
        "until the budget is spent, recording every evaluation like the built-in algorithms;\n"
        "returns the SearchResult (algorithm = name or the optimizer's class name).");
  add_usage_error(m, "run_optimizer",
                  "run_optimizer(optimizer, problem, *, objectives='accuracy', budget=600, "
                  "seed=0, ...) (optimizer and problem are positional)");
  m.def("write_search_folder", &write_folder, py::arg("out"), py::arg("results"), py::kw_only(),
        py::arg("force") = false, py::arg("plots") = true, py::arg("marks") = py::none(),
        py::arg("extra") = py::none(),
        "Writes the `anb search` folder for the results of one algorithm (trajectories, fronts,\n"
        "summary.json, progress.png / front.png) and returns the summary dict. A folder holding\n"
        "another run is refused unless force=True (then cleared).");
  add_usage_error(m, "write_search_folder",
                  "write_search_folder(out, results, *, force=False, plots=True, marks=None, "
                  "extra=None) (results: a list of SearchResults of one algorithm)");
}

}  // namespace anb::python
