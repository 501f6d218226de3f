// Bindings of the optimizers (anb/search/*.h): run_search / run_seeds on a Benchmark or on a
// Python callable, the result and summary types, and the Pareto tools.
//
// GIL: the C++ search always runs with the GIL released. On a Benchmark no Python code runs at
// all; a Python objective is called with the GIL re-acquired for each evaluation, and a Python
// exception it raises propagates out of run_search unchanged.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anb/search/hypervolume_reference.h"
#include "anb/search/pareto.h"
#include "anb/search/report.h"
#include "anb/search/runner.h"
#include "anb/search/summary.h"
#include "anb/surrogate/benchmark.h"
#include "anb/surrogate/search_problem.h"
#include "anb/surrogate/search_setup.h"
#include "bindings.h"

namespace anb::python {
namespace {

using search::Evaluation;
using search::Result;

using surrogate::SearchSetup;

const surrogate::Benchmark* benchmark_of(py::handle problem) {
  return py::isinstance<surrogate::Benchmark>(problem)
             ? &problem.cast<const surrogate::Benchmark&>()
             : nullptr;
}

// A library note (e.g. an estimated hypervolume box) as a Python UserWarning.
void warn(const std::string& note) {
  if (note.empty()) return;
  if (PyErr_WarnEx(PyExc_UserWarning, note.c_str(), 1) < 0) throw py::error_already_set();
}

// The arguments of run_search / run_seeds as the library's SearchSpec (types converted only),
// resolved by surrogate::make_search_setup as `anb search` does.
SearchSetup make_setup(py::handle problem, const std::string& algorithm, py::handle objectives,
                       py::handle budget, bool noise, py::handle bounds, py::handle population,
                       py::handle sample_size, std::optional<double> learning_rate,
                       const std::string& ls_strategy, std::optional<double> reward_target,
                       std::optional<std::filesystem::path> hv_reference, double train_budget,
                       std::vector<std::uint64_t> seeds, unsigned threads) {
  surrogate::SearchSpec spec;
  const auto* bench = benchmark_of(problem);
  spec.algorithm = algorithm;
  spec.objectives.clear();
  for (const auto& o : to_objectives(objectives, false, bench)) {
    spec.objectives.push_back(o.name);
    spec.directions.push_back(o.direction);
  }
  spec.budget = static_cast<std::int64_t>(
      std::min<std::size_t>(to_count(budget, "budget", 1), std::numeric_limits<std::int64_t>::max()));
  if (!population.is_none()) spec.population = to_count(population, "population", 1);
  if (!sample_size.is_none()) spec.sample_size = to_count(sample_size, "sample_size", 1);
  spec.learning_rate = learning_rate;
  spec.ls_strategy = ls_strategy;
  if (!bounds.is_none()) {
    for (const auto& row : to_rows(bounds, 2, "bounds")) spec.bounds.push_back({row[0], row[1]});
  }
  spec.hv_reference = std::move(hv_reference);
  spec.reward_target = reward_target;
  spec.noise = noise;
  spec.train_budget = train_budget;
  spec.seeds = std::move(seeds);
  spec.threads = threads;
  SearchSetup s = surrogate::make_search_setup(spec, bench);
  warn(s.box_note);
  return s;
}

// Appends the number(s) of `r` to `v`; throws py::cast_error for anything else.
void append_values(const py::object& r, std::vector<double>& v);

// The values a Python objective returned: a number (one objective) or a sequence/array.
std::vector<double> objective_values(const py::object& r, std::size_t count) {
  std::vector<double> v;
  try {
    append_values(r, v);
  } catch (const py::cast_error&) {
    throw py::type_error("objective function must return a number or a sequence of numbers, got " +
                         std::string(py::str(py::type::of(r).attr("__name__"))));
  }
  if (v.size() != count) {
    throw std::invalid_argument("objective function returned " + std::to_string(v.size()) +
                                " values for " + std::to_string(count) + " objectives");
  }
  return v;
}

void append_values(const py::object& r, std::vector<double>& v) {
  if (py::isinstance<py::array>(r)) {
    const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(r);
    if (!a) throw std::invalid_argument("objective function returned a non-numeric array");
    v.assign(a.data(), a.data() + a.size());
  } else if (py::isinstance<py::sequence>(r) && !py::isinstance<py::str>(r)) {
    for (auto x : r) v.push_back(x.cast<double>());
  } else {
    v.push_back(r.cast<double>());
  }
}

// The searches of a setup, one per seed (GIL released): on a Benchmark with a train budget,
// surrogate::run_search_setup (each run priced with train_time and cut where the budget is
// spent, as `anb search --train-budget`); else the plain searches.
std::vector<Result> run_setup(py::handle problem, const SearchSetup& s);

// A Benchmark or a callable, else TypeError (before any other argument is looked at).
void check_problem(py::handle problem) {
  if (py::isinstance<surrogate::Benchmark>(problem) || PyCallable_Check(problem.ptr())) return;
  throw py::type_error("problem: expected a Benchmark or a callable arch -> value(s), got " +
                       std::string(py::str(py::type::of(problem).attr("__name__"))));
}

// Problems for each seed: the benchmark's (as `anb search`) or the Python callable's.
search::ProblemFactory make_factory(py::handle problem, const SearchSetup& s) {
  if (const auto* bench = benchmark_of(problem)) return surrogate::setup_problems(s, *bench);
  if (!PyCallable_Check(problem.ptr())) {
    throw std::invalid_argument(
        "problem: expected a Benchmark or a callable arch -> value(s), got " +
        std::string(py::str(py::type::of(problem).attr("__name__"))));
  }
  if (s.noise) {
    throw std::invalid_argument("noise=True needs a Benchmark; a Python objective adds its own noise");
  }
  // A borrowed handle: the caller's reference keeps the callable alive for the whole search, and
  // copying the std::function must not touch reference counts without the GIL.
  PyObject* fn = problem.ptr();
  const std::size_t count = s.objectives.size();
  return [fn, count, s](std::uint64_t) {
    search::Problem p;
    p.objectives = s.objectives;
    p.bounds = s.bounds;
    p.evaluate = [fn, count](const space::Architecture& a) {
      py::gil_scoped_acquire acquire;
      const py::object r = py::reinterpret_borrow<py::object>(fn)(a);
      return objective_values(r, count);
    };
    return p;
  };
}

std::vector<Result> run_setup(py::handle problem, const SearchSetup& s) {
  const auto factory = make_factory(problem, s);
  const auto* bench = benchmark_of(problem);
  py::gil_scoped_release release;
  if (bench != nullptr && s.train_budget > 0.0)
    return surrogate::run_search_setup(s, *bench).results;
  return search::run_seeds(factory, s.options, s.seeds, s.threads);
}

}  // namespace

search::Problem make_problem(py::handle problem, const std::vector<search::Objective>& objectives,
                             const std::vector<search::ObjectiveBounds>& bounds, bool noise,
                             std::uint64_t seed) {
  check_problem(problem);
  SearchSetup s;
  s.objectives = objectives;
  s.bounds = bounds;
  s.noise = noise;
  return make_factory(problem, s)(seed);
}

std::vector<search::ObjectiveBounds> to_bounds(py::handle bounds,
                                               const std::vector<search::Objective>& objectives,
                                               const std::optional<std::filesystem::path>& file,
                                               const surrogate::Benchmark* bench) {
  std::vector<search::ObjectiveBounds> given;
  if (!bounds.is_none()) {
    for (const auto& row : to_rows(bounds, 2, "bounds")) given.push_back({row[0], row[1]});
  }
  const surrogate::SearchBox box = surrogate::search_box(objectives, given, file, bench);
  warn(box.note);
  return box.bounds;
}

namespace {

Result run_search(py::handle problem, const std::string& algorithm, py::handle objectives,
                  py::handle budget, py::handle seed_obj, bool noise, py::handle bounds,
                  py::handle population, py::handle sample_size,
                  std::optional<double> learning_rate, const std::string& ls_strategy,
                  std::optional<double> reward_target,
                  std::optional<std::filesystem::path> hv_reference, double train_budget) {
  check_problem(problem);
  const std::uint64_t seed = to_seed(seed_obj, "seed");
  const SearchSetup s =
      make_setup(problem, algorithm, objectives, budget, noise, bounds, population, sample_size,
                 learning_rate, ls_strategy, reward_target, hv_reference, train_budget, {seed}, 1);
  return std::move(run_setup(problem, s).front());
}

std::vector<Result> run_seeds(py::handle problem, py::handle seeds_obj, py::handle threads_obj,
                              const std::string& algorithm, py::handle objectives,
                              py::handle budget, bool noise, py::handle bounds,
                              py::handle population, py::handle sample_size,
                              std::optional<double> learning_rate, const std::string& ls_strategy,
                              std::optional<double> reward_target,
                              std::optional<std::filesystem::path> hv_reference,
                              double train_budget) {
  check_problem(problem);
  std::vector<std::uint64_t> seeds;
  if (!py::isinstance<py::iterable>(seeds_obj) || py::isinstance<py::str>(seeds_obj)) {
    throw py::type_error("seeds: expected a list of ints (e.g. range(10)), got " +
                         std::string(py::str(py::type::of(seeds_obj).attr("__name__"))));
  }
  for (auto v : seeds_obj) seeds.push_back(to_seed(v, "seeds"));
  const auto threads = static_cast<unsigned>(to_count(threads_obj, "threads", 0));
  const SearchSetup s = make_setup(problem, algorithm, objectives, budget, noise, bounds,
                                   population, sample_size, learning_rate, ls_strategy,
                                   reward_target, hv_reference, train_budget, seeds, threads);
  return run_setup(problem, s);
}

// (n, k) array of a per-evaluation vector field.
template <class Get>
py::array_t<double> matrix(const std::vector<Evaluation>& evals, std::size_t k, Get get) {
  py::array_t<double> out({static_cast<py::ssize_t>(evals.size()), static_cast<py::ssize_t>(k)});
  double* p = out.mutable_data();
  for (const auto& e : evals) {
    const std::vector<double>& v = get(e);
    p = std::copy(v.begin(), v.end(), p);
  }
  return out;
}

py::list objective_list(const std::vector<search::Objective>& objectives) {
  py::list out;
  for (const auto& o : objectives) {
    out.append(py::make_tuple(o.name, search::direction_name(o.direction)));
  }
  return out;
}

py::list archs_of(const std::vector<Evaluation>& evals) {
  py::list out;
  for (const auto& e : evals) out.append(py::cast(e.arch));
  return out;
}

void bind_results(py::module_& m) {
  py::class_<Evaluation>(m, "Evaluation", "One call of the objective function.")
      .def_readonly("index", &Evaluation::index, "0-based position in the history.")
      .def_readonly("arch", &Evaluation::arch)
      .def_property_readonly(
          "values",
          [](const Evaluation& e) {
            return py::array_t<double>(static_cast<py::ssize_t>(e.values.size()), e.values.data());
          },
          "(k,) float64: one value per objective, natural units.")
      .def_property_readonly(
          "scores",
          [](const Evaluation& e) {
            return py::array_t<double>(static_cast<py::ssize_t>(e.scores.size()), e.scores.data());
          },
          "(k,) float64, larger is better: signed values (1 objective) or normalised into the "
          "hypervolume box (2+).")
      .def_readonly("progress", &Evaluation::progress, "Best value or hypervolume so far.")
      .def("__repr__", [](const Evaluation& e) {
        return "Evaluation(" + std::to_string(e.index) + ", '" + e.arch.to_string() + "')";
      });

  py::class_<Result>(m, "SearchResult", "The history and Pareto archive of one search run.")
      .def_readonly("algorithm", &Result::algorithm)
      .def_readonly("seed", &Result::seed)
      .def_property_readonly("objectives",
                             [](const Result& r) { return objective_list(r.objectives); },
                             "(name, 'max'/'min') per objective.")
      .def_readonly("history", &Result::history, "Every Evaluation, in order.")
      .def("__len__", [](const Result& r) { return r.history.size(); })
      .def_property_readonly("archs", [](const Result& r) { return archs_of(r.history); },
                             "Evaluated architectures, in order.")
      .def_property_readonly(
          "values",
          [](const Result& r) {
            return matrix(r.history, r.objectives.size(),
                          [](const Evaluation& e) -> const std::vector<double>& { return e.values; });
          },
          "(n, k) objective values in natural units.")
      .def_property_readonly(
          "scores",
          [](const Result& r) {
            return matrix(r.history, r.objectives.size(),
                          [](const Evaluation& e) -> const std::vector<double>& { return e.scores; });
          },
          "(n, k) scores (larger is better).")
      .def_property_readonly(
          "progress",
          [](const Result& r) {
            py::array_t<double> out(static_cast<py::ssize_t>(r.history.size()));
            double* p = out.mutable_data();
            for (const auto& e : r.history) *p++ = e.progress;
            return out;
          },
          "(n,) best value (one objective) or hypervolume (two) after each evaluation.")
      .def_readonly("archive", &Result::archive,
                    "Indices of the non-dominated evaluations, best first objective first.")
      .def_property_readonly("front", &search::archive_evaluations,
                             "The non-dominated Evaluations (the Pareto front), archive order.")
      .def_property_readonly(
          "front_values",
          [](const Result& r) {
            return matrix(search::archive_evaluations(r), r.objectives.size(),
                          [](const Evaluation& e) -> const std::vector<double>& { return e.values; });
          },
          "(m, k) objective values of the front.")
      .def_property_readonly("front_archs",
                             [](const Result& r) { return archs_of(search::archive_evaluations(r)); })
      .def_readonly("best_index", &Result::best)
      .def_property_readonly("best", &Result::best_evaluation, "The best Evaluation.")
      .def_property_readonly("final_progress", &Result::final_progress)
      .def("trajectory_csv", &search::trajectory_csv, "The `anb search` trajectory CSV text.")
      .def(
          "front_csv",
          [](const Result& r) {
            return search::front_csv(search::archive_evaluations(r), r.objectives);
          },
          "The `anb search` front CSV text.")
      .def("__repr__", [](const Result& r) {
        return "SearchResult('" + r.algorithm + "', seed=" + std::to_string(r.seed) + ", " +
               std::to_string(r.history.size()) + " evaluations)";
      });

  py::class_<search::Summary>(m, "SearchSummary", "Aggregates over the seeds of one algorithm.")
      .def_readonly("algorithm", &search::Summary::algorithm)
      .def_readonly("seeds", &search::Summary::seeds)
      .def_readonly("budget", &search::Summary::budget)
      .def_property_readonly("final_progress_mean",
                             [](const search::Summary& s) { return s.final_progress.mean; })
      .def_property_readonly("final_progress_std",
                             [](const search::Summary& s) { return s.final_progress.std; })
      .def_property_readonly(
          "curve",
          [](const search::Summary& s) {
            py::array_t<double> out({static_cast<py::ssize_t>(s.curve.size()), py::ssize_t{2}});
            double* p = out.mutable_data();
            for (const auto& c : s.curve) {
              *p++ = c.mean;
              *p++ = c.std;
            }
            return out;
          },
          "(budget, 2): mean and std over seeds of the progress after each evaluation.")
      .def_readonly("best", &search::Summary::best)
      .def_readonly("best_seed", &search::Summary::best_seed)
      .def_readonly("front", &search::Summary::front, "Non-dominated evaluations of all seeds.")
      .def("to_json",
           [](const search::Summary& s) {
             return py::module_::import("json").attr("loads")(search::summary_json(s).dump());
           },
           "The `anb search` summary.json content as a dict.");
}

}  // namespace

void bind_search(py::module_& m) {
  bind_results(m);
  m.def("algorithms", [] {
    std::vector<std::string> names;
    for (auto a : {search::Algorithm::kRandomSearch, search::Algorithm::kRegularizedEvolution,
                   search::Algorithm::kReinforce, search::Algorithm::kLocalSearch,
                   search::Algorithm::kNsga2}) {
      names.push_back(search::algorithm_name(a));
    }
    return names;
  }, "Short names of the algorithms: rs, re, reinforce, ls, nsga2.");
  m.def("run_search", &run_search, py::arg("problem"), py::kw_only(), py::arg("algorithm") = "re",
        py::arg("objectives") = "accuracy", py::arg("budget") = py::int_(600),
        py::arg("seed") = py::int_(0), py::arg("noise") = false, py::arg("bounds") = py::none(),
        py::arg("population") = py::none(), py::arg("sample_size") = py::none(),
        py::arg("learning_rate") = py::none(), py::arg("ls_strategy") = "first",
        py::arg("reward_target") = py::none(), py::arg("hv_reference") = py::none(),
        py::arg("train_budget") = 0.0,
        "Runs one search (as `anb search` does for one seed) and returns a SearchResult.\n\n"
        "problem: a Benchmark, or a callable arch -> float (one objective) / sequence of floats.\n"
        "objectives: target names (direction from the name) or (name, 'max'/'min') pairs; one\n"
        "or two. Two objectives need hypervolume bounds: [(reference, ideal), ...] or, by\n"
        "default, the pair's entry in hv_reference (a file) or the built-in\n"
        "config/hypervolume_reference.json, else (a Benchmark) a box estimated from the models\n"
        "(with a UserWarning saying so), as `anb search` does.\n"
        "noise (Benchmark only): each evaluation is one draw from N(mean, std^2).\n"
        "train_budget (Benchmark with a train_time target only): seconds of simulated training;\n"
        "the search stops before the first evaluation whose predicted train_time would take the\n"
        "sum above it (as `anb search --train-budget`); 0: no such budget.");
  m.def("run_seeds", &run_seeds, py::arg("problem"), py::arg("seeds"), py::kw_only(),
        py::arg("threads") = py::int_(0), py::arg("algorithm") = "re",
        py::arg("objectives") = "accuracy", py::arg("budget") = py::int_(600),
        py::arg("noise") = false, py::arg("bounds") = py::none(),
        py::arg("population") = py::none(), py::arg("sample_size") = py::none(),
        py::arg("learning_rate") = py::none(), py::arg("ls_strategy") = "first",
        py::arg("reward_target") = py::none(), py::arg("hv_reference") = py::none(),
        py::arg("train_budget") = 0.0,
        "run_search once per seed on up to `threads` threads (0: all cores); results in seed\n"
        "order, independent of the thread count. A Python objective runs under the GIL.");
  add_usage_error(m, "run_search",
                  "run_search(problem, *, algorithm='re', objectives='accuracy', budget=600, "
                  "seed=0, ...) (only the problem is positional)");
  add_usage_error(m, "run_seeds",
                  "run_seeds(problem, seeds, *, threads=0, algorithm='re', "
                  "objectives='accuracy', budget=600, ...) (problem and seeds are positional)");
  m.def("summarize", &search::summarize, py::arg("results"),
        "Aggregates results of one algorithm over seeds (SearchSummary).");
}

}  // namespace anb::python
