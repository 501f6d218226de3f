// Bindings of the multi-objective tools: direction-aware Pareto fronts, hypervolume (2-D and
// n-D) and IGD+ on natural-unit values (anb/search/front.h), the score-based NSGA-II helpers
// (pareto.h), the shipped hypervolume boxes, and front / progress plots through the gnuplot
// writer the command line uses (anb/search/plots.h).
#include "anb/search/front.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <map>
#include <string>
#include <vector>

#include "anb/search/hypervolume_reference.h"
#include "anb/search/nsga2.h"
#include "anb/search/plots.h"
#include "anb/search/report.h"
#include "anb/search/summary.h"
#include "bindings.h"

namespace anb::python {
namespace {

using search::Direction;
using FilePath = std::optional<std::filesystem::path>;

std::vector<Direction> directions_of(const std::vector<search::Objective>& objectives) {
  std::vector<Direction> d;
  for (const auto& o : objectives) d.push_back(o.direction);
  return d;
}

// Values and objectives of a tool call: rows checked against the number of objectives.
struct Points {
  std::vector<search::Objective> objectives;
  std::vector<std::vector<double>> rows;
};

Points points_of(py::handle values, py::handle objectives, const char* name = "values") {
  Points p;
  p.objectives = to_objectives(objectives, true);
  p.rows = to_rows(values, p.objectives.size(), name);
  return p;
}

std::vector<search::ObjectiveBounds> box_of(const std::vector<search::Objective>& objectives,
                                            py::handle bounds, const FilePath& file) {
  if (objectives.size() == 1 && bounds.is_none()) {
    throw std::invalid_argument("bounds: one objective needs bounds=[(reference, ideal)]");
  }
  return to_bounds(bounds, objectives, file);
}

// The score vectors of a score-based helper, 2-D numbers.
std::vector<search::Point> score_rows(py::handle points) {
  const py::array_t<double, py::array::c_style | py::array::forcecast> a =
      py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(points);
  if (!a || a.ndim() != 2) {
    throw py::value_error(
        "points: expected an (n, k) array of scores (every coordinate maximised)");
  }
  return to_rows(points, static_cast<std::size_t>(a.shape(1)), "points");
}

double hypervolume_2d(py::handle points_obj, const std::vector<double>& reference) {
  const auto points = score_rows(points_obj);
  for (std::size_t i = 0; i < points.size(); ++i) {
    for (std::size_t k = 0; k < points[i].size() && k < reference.size(); ++k) {
      if (points[i][k] < reference[k]) {
        throw py::value_error(
            "hypervolume_2d: point " + std::to_string(i) +
            " is worse than the reference in "
            "coordinate " +
            std::to_string(k) + " (" + std::to_string(points[i][k]) + " < " +
            std::to_string(reference[k]) +
            "; every coordinate is maximised here); for values in "
            "natural units with minimised targets use anb.hypervolume(values, objectives)");
      }
    }
  }
  return search::hypervolume_2d(points, reference);
}

py::dict box_dict(const search::ReferencePair& p) {
  py::dict d;
  py::list names, reference, ideal;
  for (std::size_t k = 0; k < p.objectives.size(); ++k) {
    names.append(
        py::make_tuple(p.objectives[k].name, search::direction_name(p.objectives[k].direction)));
    reference.append(p.bounds[k].reference);
    ideal.append(p.bounds[k].ideal);
  }
  d["objectives"] = names;
  d["reference"] = reference;
  d["ideal"] = ideal;
  d["bounds"] = py::list(py::make_tuple(py::make_tuple(p.bounds[0].reference, p.bounds[0].ideal),
                                        py::make_tuple(p.bounds[1].reference, p.bounds[1].ideal)));
  d["reward_target"] = p.reward_target;
  return d;
}

// A front to plot: an (n, 2) array / rows, a SearchResult (its front) or a SearchSummary.
search::FrontSeries front_of(const std::string& title, py::handle f) {
  search::FrontSeries out{title, {}};
  if (py::isinstance<search::Result>(f)) {
    for (const auto& e : search::archive_evaluations(f.cast<const search::Result&>())) {
      out.values.push_back(e.values);
    }
  } else if (py::isinstance<search::Summary>(f)) {
    for (const auto& e : f.cast<const search::Summary&>().front) out.values.push_back(e.values);
  } else {
    out.values = to_rows(f, 2, "fronts");
  }
  return out;
}

void plot_front(const std::filesystem::path& png, py::handle fronts, py::handle objectives,
                py::handle marks, const std::string& title) {
  const auto objs = to_objectives(objectives, true);
  if (objs.size() != 2) {
    throw py::value_error("plot_front: got " + std::to_string(objs.size()) +
                          " objectives; a front plot draws exactly 2");
  }
  std::vector<search::FrontSeries> series;
  if (py::isinstance<py::dict>(fronts)) {
    for (auto item : py::reinterpret_borrow<py::dict>(fronts)) {
      series.push_back(front_of(py::str(item.first).cast<std::string>(), item.second));
    }
  } else if (py::isinstance<search::Result>(fronts)) {
    series.push_back(front_of(fronts.cast<const search::Result&>().algorithm, fronts));
  } else if (py::isinstance<search::Summary>(fronts)) {
    series.push_back(front_of(fronts.cast<const search::Summary&>().algorithm, fronts));
  } else {
    series.push_back(front_of("front", fronts));
  }
  std::vector<search::MarkedPoint> points;
  if (!marks.is_none()) {
    for (auto item : marks.cast<py::dict>()) {
      points.push_back(
          {py::str(item.first).cast<std::string>(), item.second.cast<std::vector<double>>()});
    }
  }
  py::gil_scoped_release release;
  search::write_front_plot(png, series, objs, points, title);
}

// Summaries to draw as progress curves: a SearchSummary, a list of SearchResults (one
// algorithm), or a dict label -> either (the label becomes the legend).
search::Summary summary_of(py::handle runs) {
  if (py::isinstance<search::Summary>(runs)) return runs.cast<search::Summary>();
  return search::summarize(runs.cast<std::vector<search::Result>>());
}

void plot_progress(const std::filesystem::path& png, py::handle runs, const std::string& title) {
  std::vector<search::Summary> summaries;
  if (py::isinstance<py::dict>(runs)) {
    for (auto item : py::reinterpret_borrow<py::dict>(runs)) {
      summaries.push_back(summary_of(item.second));
      summaries.back().algorithm = py::str(item.first).cast<std::string>();
    }
  } else {
    summaries.push_back(summary_of(runs));
  }
  py::gil_scoped_release release;
  search::write_progress_plot(png, summaries, title);
}

}  // namespace

void bind_front(py::module_& m) {
  m.def(
      "non_dominated_sort",
      [](py::handle values, py::handle objectives) {
        const Points p = points_of(values, objectives);
        return search::sort_fronts(p.rows, directions_of(p.objectives));
      },
      py::arg("values"), py::arg("objectives"),
      "Fronts of row indices (front 0 = Pareto-optimal) of (n, k) values in natural units.\n"
      "objectives: target names (direction from the name), 'max'/'min', or (name, dir) pairs.");
  m.def(
      "pareto_front",
      [](py::handle values, py::handle objectives) {
        const Points p = points_of(values, objectives);
        return search::pareto_front(p.rows, directions_of(p.objectives));
      },
      py::arg("values"), py::arg("objectives"),
      "Indices (ascending) of the non-dominated rows of (n, k) values under the directions.");
  m.def(
      "dominates",
      [](py::handle a, py::handle b, py::handle objectives) {
        const auto objs = to_objectives(objectives, true);
        const auto rows = to_rows(py::make_tuple(a, b), objs.size(), "a, b");
        const auto s = search::signed_points(rows, directions_of(objs));
        return search::dominates(s[0], s[1]);
      },
      py::arg("a"), py::arg("b"), py::arg("objectives"),
      "True if a is at least as good as b in every objective and better in one.");
  m.def(
      "hypervolume",
      [](py::handle values, py::handle objectives, py::handle bounds, FilePath hv_reference) {
        const Points p = points_of(values, objectives);
        const auto box = box_of(p.objectives, bounds, hv_reference);
        py::gil_scoped_release release;
        return search::normalized_hypervolume(p.rows, p.objectives, box);
      },
      py::arg("values"), py::arg("objectives"), py::kw_only(), py::arg("bounds") = py::none(),
      py::arg("hv_reference") = py::none(),
      "Hypervolume of (n, k) natural-unit values in the normalised box (0..1), any k >= 1.\n"
      "bounds: [(reference, ideal), ...]; default for a pair of targets: the shipped box\n"
      "(anb.hypervolume_box), as anb search uses. A value outside the box is a ValueError.");
  m.def(
      "igd_plus",
      [](py::handle values, py::handle reference_front, py::handle objectives, py::handle bounds,
         FilePath hv_reference) {
        const Points p = points_of(values, objectives);
        const auto z = to_rows(reference_front, p.objectives.size(), "reference_front");
        const auto box = box_of(p.objectives, bounds, hv_reference);
        return search::igd_plus(p.rows, z, p.objectives, box);
      },
      py::arg("values"), py::arg("reference_front"), py::arg("objectives"), py::kw_only(),
      py::arg("bounds") = py::none(), py::arg("hv_reference") = py::none(),
      "IGD+ of values against a reference front, in the normalised box (smaller is better).");
  m.def(
      "hypervolume_box",
      [](const std::string& first, const std::string& second, FilePath hv_reference) {
        const auto ref = hv_reference ? search::HypervolumeReference::load(*hv_reference)
                                      : search::default_reference();
        return box_dict(ref.pair(first, second));
      },
      py::arg("first"), py::arg("second"), py::kw_only(), py::arg("hv_reference") = py::none(),
      "The hypervolume box of a pair from the built-in config/hypervolume_reference.json (or\n"
      "hv_reference, a file):\n"
      "{'objectives', 'reference', 'ideal', 'bounds', 'reward_target'}.");
  m.def("plot_front", &plot_front, py::arg("png"), py::arg("fronts"), py::arg("objectives"),
        py::kw_only(), py::arg("marks") = py::none(), py::arg("title") = "",
        "PNG of Pareto fronts (second objective on x): an (n, 2) array, a SearchResult, a\n"
        "SearchSummary, or a dict label -> any of them; marks: dict label -> (v0, v1).");
  m.def("plot_progress", &plot_progress, py::arg("png"), py::arg("runs"), py::kw_only(),
        py::arg("title") = "",
        "PNG of mean progress (best so far / hypervolume so far) with a +-1 std band: a\n"
        "SearchSummary, a list of SearchResults, or a dict label -> either.");
  const char* objectives_help =
      "objectives is required: target names (e.g. ['accuracy', 'latency_zcu102']), 'max'/'min' "
      "per column, or (name, 'max'/'min') pairs";
  add_usage_error(m, "non_dominated_sort",
                  std::string("non_dominated_sort(values, objectives); ") + objectives_help);
  add_usage_error(m, "pareto_front",
                  std::string("pareto_front(values, objectives); ") + objectives_help);
  add_usage_error(m, "dominates", std::string("dominates(a, b, objectives); ") + objectives_help);
  add_usage_error(m, "hypervolume",
                  std::string("hypervolume(values, objectives, *, bounds=None, "
                              "hv_reference=None); ") +
                      objectives_help);
  add_usage_error(m, "igd_plus",
                  std::string("igd_plus(values, reference_front, objectives, *, bounds=None); ") +
                      objectives_help);
  add_usage_error(m, "hypervolume_box", "hypervolume_box(first, second, *, hv_reference=None)");
  add_usage_error(m, "plot_front", "plot_front(png, fronts, objectives, *, marks=None, title='')");
  add_usage_error(m, "plot_progress", "plot_progress(png, runs, *, title='')");
  // Score-based helpers (every coordinate maximised), as NSGA-II uses them.
  m.def("crowding_distance", &search::crowding_distance, py::arg("points"), py::arg("front"),
        "NSGA-II crowding distance of each member of `front` (indices into `points`).");
  m.def("hypervolume_2d", &hypervolume_2d, py::arg("points"), py::arg("reference"),
        "Area dominated by 2-D score points (maximised) above `reference`; ValueError for a\n"
        "point worse than the reference (use anb.hypervolume for natural units).");
  m.def("select_survivors", &search::select_survivors, py::arg("points"), py::arg("keep"),
        "NSGA-II environmental selection: indices of the `keep` survivors.");
}

}  // namespace anb::python
