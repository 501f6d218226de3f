// Bindings of the optimizers (anb/search/*.h): run_search / run_seeds on a Benchmark or on a
// Python callable, the result and summary types, and the Pareto tools.
//
// GIL: the C++ search always runs with the GIL released. On a Benchmark no Python code runs at
// all; a Python objective is called with the GIL re-acquired for each evaluation, and a Python
// exception it raises propagates out of run_search unchanged.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

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
#include "bindings.h"

namespace anb::python {
namespace {

using search::Evaluation;
using search::Result;

// One objective from "accuracy" (direction from the target name) or ("name", "max"/"min").
search::Objective to_objective(py::handle o) {
  if (py::isinstance<py::str>(o)) {
    const auto name = o.cast<std::string>();
    return {name, data::target_info(name).direction};
  }
  const auto pair = o.cast<std::pair<std::string, std::string>>();
  const auto& d = pair.second;
  if (d == "max" || d == "maximize") return {pair.first, data::Direction::kMaximize};
  if (d == "min" || d == "minimize") return {pair.first, data::Direction::kMinimize};
  throw std::invalid_argument("objectives: direction '" + d + "' of '" + pair.first +
                              "' is not 'max' or 'min'");
}

std::vector<search::Objective> to_objectives(py::handle objectives) {
  if (py::isinstance<py::str>(objectives)) return {to_objective(objectives)};
  std::vector<search::Objective> out;
  for (auto o : objectives) out.push_back(to_objective(o));
  if (out.empty() || out.size() > 2) {
    throw std::invalid_argument("objectives: got " + std::to_string(out.size()) +
                                " objectives; give one or two");
  }
  return out;
}

// Everything of a search call that is not the objective function.
struct SearchSetup {
  search::SearchOptions options;
  std::vector<search::Objective> objectives;
  std::vector<search::ObjectiveBounds> bounds;
  bool noise = false;
};

SearchSetup make_setup(const std::string& algorithm, py::handle objectives, std::size_t budget,
                       bool noise, py::handle bounds, std::optional<std::size_t> population,
                       std::optional<std::size_t> sample_size, std::optional<double> learning_rate,
                       const std::string& ls_strategy, std::optional<double> reward_target,
                       std::optional<std::filesystem::path> hv_reference) {
  SearchSetup s;
  s.noise = noise;
  s.options.algorithm = search::parse_algorithm(algorithm);
  s.options.budget = budget;
  if (population) s.options.re.population = s.options.nsga2.population = *population;
  if (sample_size) s.options.re.sample_size = *sample_size;
  if (learning_rate) s.options.reinforce.learning_rate = *learning_rate;
  s.options.ls.strategy = search::parse_climb_strategy(ls_strategy);
  s.objectives = to_objectives(objectives);
  s.options.validate(s.objectives.size());
  if (s.objectives.size() == 1) return s;
  const bool reinforce = s.options.algorithm == search::Algorithm::kReinforce;
  std::optional<search::ReferencePair> pair;
  if (bounds.is_none() || (reinforce && !reward_target)) {
    const auto ref = search::HypervolumeReference::load(
        hv_reference ? *hv_reference : search::default_reference_path());
    pair = ref.pair(s.objectives[0].name, s.objectives[1].name);
  }
  if (bounds.is_none()) {
    s.bounds = pair->bounds;
  } else {
    for (const auto& b : bounds.cast<std::vector<std::pair<double, double>>>()) {
      s.bounds.push_back({b.first, b.second});
    }
  }
  if (reinforce) {
    s.options.reinforce.reward = search::power_law_reward(
        reward_target ? *reward_target : pair->reward_target, s.objectives[1].direction);
  }
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

// Problems for each seed: the benchmark's (as `anb search`) or the Python callable's.
search::ProblemFactory make_factory(py::handle problem, const SearchSetup& s) {
  if (py::isinstance<surrogate::Benchmark>(problem)) {
    return surrogate::benchmark_problems(problem.cast<const surrogate::Benchmark&>(), s.objectives,
                                         s.bounds, s.noise);
  }
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

Result run_search(py::handle problem, const std::string& algorithm, py::handle objectives,
                  std::size_t budget, std::uint64_t seed, bool noise, py::handle bounds,
                  std::optional<std::size_t> population, std::optional<std::size_t> sample_size,
                  std::optional<double> learning_rate, const std::string& ls_strategy,
                  std::optional<double> reward_target,
                  std::optional<std::filesystem::path> hv_reference) {
  const SearchSetup s = make_setup(algorithm, objectives, budget, noise, bounds, population,
                                   sample_size, learning_rate, ls_strategy, reward_target,
                                   hv_reference);
  const auto factory = make_factory(problem, s);
  py::gil_scoped_release release;
  return search::run_search(factory(seed), s.options, seed);
}

std::vector<Result> run_seeds(py::handle problem, const std::vector<std::uint64_t>& seeds,
                              unsigned threads, const std::string& algorithm, py::handle objectives,
                              std::size_t budget, bool noise, py::handle bounds,
                              std::optional<std::size_t> population,
                              std::optional<std::size_t> sample_size,
                              std::optional<double> learning_rate, const std::string& ls_strategy,
                              std::optional<double> reward_target,
                              std::optional<std::filesystem::path> hv_reference) {
  const SearchSetup s = make_setup(algorithm, objectives, budget, noise, bounds, population,
                                   sample_size, learning_rate, ls_strategy, reward_target,
                                   hv_reference);
  const auto factory = make_factory(problem, s);
  py::gil_scoped_release release;
  return search::run_seeds(factory, s.options, seeds, threads);
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
      .def_readonly("values", &Evaluation::values, "One per objective, natural units.")
      .def_readonly("scores", &Evaluation::scores, "Larger is better (signed or normalised).")
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

void bind_pareto(py::module_& m) {
  m.def("dominates", &search::dominates, py::arg("a"), py::arg("b"),
        "True if a >= b everywhere and > somewhere (every coordinate maximised).");
  m.def("non_dominated_sort", &search::non_dominated_sort, py::arg("points"),
        "Fronts of indices (front 0 non-dominated), every coordinate maximised.");
  m.def("crowding_distance", &search::crowding_distance, py::arg("points"), py::arg("front"),
        "NSGA-II crowding distance of each member of `front` (indices into `points`).");
  m.def("hypervolume_2d", &search::hypervolume_2d, py::arg("points"), py::arg("reference"),
        "Area dominated by 2-D `points` above `reference` (maximisation).");
  m.def("select_survivors", &search::select_survivors, py::arg("points"), py::arg("keep"),
        "NSGA-II environmental selection: indices of the `keep` survivors.");
}

}  // namespace

void bind_search(py::module_& m) {
  bind_results(m);
  bind_pareto(m);
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
        py::arg("objectives") = "accuracy", py::arg("budget") = 600, py::arg("seed") = 0,
        py::arg("noise") = false, py::arg("bounds") = py::none(),
        py::arg("population") = py::none(), py::arg("sample_size") = py::none(),
        py::arg("learning_rate") = py::none(), py::arg("ls_strategy") = "first",
        py::arg("reward_target") = py::none(), py::arg("hv_reference") = py::none(),
        "Runs one search (as `anb search` does for one seed) and returns a SearchResult.\n\n"
        "problem: a Benchmark, or a callable arch -> float (one objective) / sequence of floats.\n"
        "objectives: target names (direction from the name) or (name, 'max'/'min') pairs; one\n"
        "or two. Two objectives need hypervolume bounds: [(reference, ideal), ...] or, by\n"
        "default, the pair's entry in config/hypervolume_reference.json (or hv_reference).\n"
        "noise (Benchmark only): each evaluation is one draw from N(mean, std^2).");
  m.def("run_seeds", &run_seeds, py::arg("problem"), py::arg("seeds"), py::kw_only(),
        py::arg("threads") = 0, py::arg("algorithm") = "re", py::arg("objectives") = "accuracy",
        py::arg("budget") = 600, py::arg("noise") = false, py::arg("bounds") = py::none(),
        py::arg("population") = py::none(), py::arg("sample_size") = py::none(),
        py::arg("learning_rate") = py::none(), py::arg("ls_strategy") = "first",
        py::arg("reward_target") = py::none(), py::arg("hv_reference") = py::none(),
        "run_search once per seed on up to `threads` threads (0: all cores); results in seed\n"
        "order, independent of the thread count. A Python objective runs under the GIL.");
  m.def("summarize", &search::summarize, py::arg("results"),
        "Aggregates results of one algorithm over seeds (SearchSummary).");
}

}  // namespace anb::python
