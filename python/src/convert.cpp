// Argument conversions shared by the binding files: counts, seeds, objectives and value rows,
// each checked with a one-line ValueError / TypeError naming the argument and the value.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "anb/data/targets.h"
#include "anb/surrogate/search_problem.h"
#include "bindings.h"

namespace anb::python {
namespace {

std::string type_name(py::handle v) {
  return py::str(py::type::of(v).attr("__name__"));
}

bool is_int(py::handle v) {
  if (py::isinstance<py::bool_>(v)) return false;
  return py::isinstance<py::int_>(v) ||
         (py::hasattr(v, "__index__") && !py::isinstance<py::float_>(v) &&
          !py::isinstance<py::str>(v));
}

std::string text_of(py::handle v) {
  return py::repr(v);
}

}  // namespace

std::size_t to_count(py::handle value, const char* name, std::size_t min) {
  if (!is_int(value)) {
    throw py::type_error(std::string(name) + ": expected an int, got " + type_name(value) + " " +
                         text_of(value));
  }
  const py::int_ i = py::reinterpret_borrow<py::object>(value).attr("__index__")();
  if (i < py::int_(min)) {
    throw py::value_error(std::string(name) + ": got " + text_of(i) + "; need at least " +
                          std::to_string(min));
  }
  if (i > py::int_(std::numeric_limits<std::size_t>::max())) {
    throw py::value_error(std::string(name) + ": got " + text_of(i) + "; too large");
  }
  return i.cast<std::size_t>();
}

std::uint64_t to_seed(py::handle value, const char* name) {
  if (!is_int(value)) {
    throw py::type_error(std::string(name) + ": expected an int, got " + type_name(value) + " " +
                         text_of(value));
  }
  const py::int_ i = py::reinterpret_borrow<py::object>(value).attr("__index__")();
  if (i < py::int_(0) || i > py::int_(std::numeric_limits<std::uint64_t>::max())) {
    throw py::value_error(std::string(name) + ": got " + text_of(i) + "; must lie in [0, 2**64)");
  }
  return i.cast<std::uint64_t>();
}

namespace {

std::optional<data::Direction> direction_of(const std::string& d) {
  if (d == "max" || d == "maximize") return data::Direction::kMaximize;
  if (d == "min" || d == "minimize") return data::Direction::kMinimize;
  return std::nullopt;
}

search::Objective one_objective(py::handle o, std::size_t i, bool directions_ok,
                                const surrogate::Benchmark* bench) {
  if (py::isinstance<py::str>(o)) {
    const auto name = o.cast<std::string>();
    if (directions_ok) {
      if (const auto d = direction_of(name)) return {"objective" + std::to_string(i), *d};
    }
    if (bench) surrogate::check_targets(*bench, {name});
    if (!data::is_target_name(name)) {
      throw py::value_error(
          "objectives: '" + name +
          "' is not a target name (accuracy, throughput_<device>, latency_<device>)" +
          (directions_ok ? " nor 'max'/'min'" : "") + "; for a custom objective give ('" + name +
          "', 'max') or ('" + name + "', 'min')");
    }
    return {name, data::target_info(name).direction};
  }
  if (py::isinstance<py::sequence>(o) && py::len(o) == 2) {
    const auto seq = py::reinterpret_borrow<py::sequence>(o);
    if (py::isinstance<py::str>(seq[0]) && py::isinstance<py::str>(seq[1])) {
      const auto name = seq[0].cast<std::string>();
      const auto d = seq[1].cast<std::string>();
      const auto dir = direction_of(d);
      if (!dir) {
        throw py::value_error("objectives: direction '" + d + "' of '" + name +
                              "' is not 'max' or 'min'");
      }
      return {name, *dir};
    }
  }
  throw py::type_error("objectives[" + std::to_string(i) + "]: expected a target name" +
                       (directions_ok ? ", 'max'/'min'" : "") +
                       " or a (name, 'max'/'min') pair, got " + type_name(o) + " " + text_of(o));
}

}  // namespace

std::vector<search::Objective> to_objectives(py::handle objectives, bool directions_ok,
                                             const surrogate::Benchmark* bench) {
  if (py::isinstance<py::str>(objectives))
    return {one_objective(objectives, 0, directions_ok, bench)};
  if (!py::isinstance<py::sequence>(objectives)) {
    throw py::type_error("objectives: expected a target name or a list of them, got " +
                         type_name(objectives) + " " + text_of(objectives));
  }
  const auto seq = py::reinterpret_borrow<py::sequence>(objectives);
  // One (name, direction) pair given bare, e.g. objectives=("f", "max").
  if (seq.size() == 2 && py::isinstance<py::str>(seq[0]) && py::isinstance<py::str>(seq[1]) &&
      direction_of(seq[1].cast<std::string>()) &&
      !data::is_target_name(seq[1].cast<std::string>())) {
    if (!direction_of(seq[0].cast<std::string>()))
      return {one_objective(objectives, 0, directions_ok, bench)};
  }
  std::vector<search::Objective> out;
  for (std::size_t i = 0; i < seq.size(); ++i)
    out.push_back(one_objective(seq[i], i, directions_ok, bench));
  if (out.empty()) throw py::value_error("objectives: got an empty list; give at least one");
  return out;
}

std::vector<std::vector<double>> to_rows(py::handle values, std::size_t k, const char* name) {
  py::array_t<double, py::array::c_style | py::array::forcecast> a;
  try {
    a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(values);
  } catch (const py::error_already_set&) {
  }
  if (!a) {
    throw py::type_error(std::string(name) + ": expected numbers of shape (n, " +
                         std::to_string(k) + "), got " + type_name(values));
  }
  std::vector<std::vector<double>> rows;
  if (a.ndim() == 1 && k == 1) {
    for (py::ssize_t i = 0; i < a.shape(0); ++i) rows.push_back({a.data()[i]});
    return rows;
  }
  if (a.ndim() == 1 && a.shape(0) == 0) return rows;
  if (a.ndim() != 2 || static_cast<std::size_t>(a.shape(1)) != k) {
    std::string shape;
    for (py::ssize_t d = 0; d < a.ndim(); ++d)
      shape += (d ? ", " : "") + std::to_string(a.shape(d));
    throw py::value_error(std::string(name) + ": expected shape (n, " + std::to_string(k) +
                          ") for " + std::to_string(k) + " objectives, got (" + shape + ")");
  }
  for (py::ssize_t i = 0; i < a.shape(0); ++i) {
    const double* r = a.data() + i * a.shape(1);
    rows.emplace_back(r, r + a.shape(1));
  }
  return rows;
}

namespace {

std::string usage_message(const std::string& name, const std::string& usage, const py::args& args,
                          const py::kwargs& kwargs) {
  std::string keys;
  for (auto item : kwargs)
    keys += (keys.empty() ? "" : ", ") + py::str(item.first).cast<std::string>();
  std::string types;
  for (auto a : args) types += (types.empty() ? "" : ", ") + type_name(a);
  return name + ": the arguments do not match " + usage + "; got " + std::to_string(args.size()) +
         " positional argument" + (args.size() == 1 ? "" : "s") +
         (types.empty() ? "" : " (" + types + ")") + (keys.empty() ? "" : " and keywords " + keys);
}

}  // namespace

void add_usage_error(py::module_& m, const char* name, std::string usage) {
  // pybind11 tries overloads without conversions first, so a catch-all overload would shadow
  // calls that need one (an int for a float): wrap the defined function instead and translate
  // only pybind11's own "incompatible function arguments" TypeError.
  const py::object impl = m.attr(name);
  const py::object doc_obj = impl.attr("__doc__");
  const std::string doc = doc_obj.is_none() ? std::string() : doc_obj.cast<std::string>();
  py::delattr(m, name);
  const std::string n = name;
  m.def(
      name,
      [impl, n, usage](const py::args& args, const py::kwargs& kwargs) -> py::object {
        try {
          return impl(*args, **kwargs);
        } catch (py::error_already_set& e) {
          if (e.matches(PyExc_TypeError) &&
              std::string(e.what()).find("incompatible function arguments") != std::string::npos) {
            throw py::type_error(usage_message(n, usage, args, kwargs));
          }
          throw;
        }
      },
      doc.c_str());
}

}  // namespace anb::python
