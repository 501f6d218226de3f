// Bindings of the search space (anb/space/*.h): the Architecture value type with its canonical
// string, encoding, index, analytic cost, mutation and neighbourhood, and SearchSpace (size,
// seeded sampling, batch encode/decode).
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>
#include <cmath>
#include <string>

#include "anb/space/cost.h"
#include "anb/space/search_space.h"
#include "anb/surrogate/choice_rows.h"
#include "bindings.h"

namespace anb::python {
namespace {

using space::Architecture;
using Encodings = py::array_t<double, py::array::c_style | py::array::forcecast>;

// The (n, 28) float64 encodings of `archs`.
py::array_t<double> encode_all(const std::vector<Architecture>& archs) {
  py::array_t<double> out({static_cast<py::ssize_t>(archs.size()),
                           static_cast<py::ssize_t>(space::kNumDecisions)});
  double* p = out.mutable_data();
  for (const auto& a : archs) {
    const auto f = space::encode(a);
    p = std::copy(f.begin(), f.end(), p);
  }
  return out;
}

// Throws unless `a` has shape (n, 28).
void check_encoding_shape(const Encodings& a) {
  if (a.ndim() != 2 || a.shape(1) != space::kNumDecisions) {
    std::string shape;
    for (py::ssize_t d = 0; d < a.ndim(); ++d) shape += (d ? ", " : "") + std::to_string(a.shape(d));
    throw std::invalid_argument("encodings: expected an array of shape (n, 28), got shape (" +
                                shape + ")");
  }
}

// The choice rows of an (n, 28) encoding array: its values, checked, as bytes (no decoding).
std::vector<std::uint8_t> encoding_choice_rows(const Encodings& a) {
  check_encoding_shape(a);
  const auto& decisions = space::decisions();
  std::vector<std::uint8_t> out(static_cast<std::size_t>(a.size()));
  const double* p = a.data();
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t d = i % space::kNumDecisions;
    const auto radix = static_cast<double>(decisions[d].choices.size());
    if (!(p[i] >= 0.0 && p[i] < radix && p[i] == std::floor(p[i]))) {
      throw std::invalid_argument("encodings row " + std::to_string(i / space::kNumDecisions) +
                                  ": feature " + decisions[d].name + " = " +
                                  std::to_string(p[i]) + " is not a choice index in [0, " +
                                  std::to_string(decisions[d].choices.size()) + ")");
    }
    out[i] = static_cast<std::uint8_t>(p[i]);
  }
  return out;
}

// Architectures from the rows of an (n, 28) encoding array.
std::vector<Architecture> decode_rows(const Encodings& a) {
  check_encoding_shape(a);
  std::vector<Architecture> out;
  out.reserve(static_cast<std::size_t>(a.shape(0)));
  std::array<double, space::kNumDecisions> row{};
  const double* p = a.data();
  for (py::ssize_t i = 0; i < a.shape(0); ++i, p += space::kNumDecisions) {
    std::copy(p, p + space::kNumDecisions, row.begin());
    try {
      out.push_back(space::decode(row));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("encodings row " + std::to_string(i) + ": " + e.what());
    }
  }
  return out;
}

// The original record form {"block0_e": 6, ..., "block6_se": True} as a dict.
py::dict record_form(const Architecture& a) {
  py::dict d;
  for (int i = 0; i < space::kNumStages; ++i) {
    const auto& s = a.stage(i);
    const std::string b = "block" + std::to_string(i) + "_";
    d[py::str(b + "e")] = s.expansion;
    d[py::str(b + "k")] = s.kernel;
    d[py::str(b + "l")] = s.layers;
    d[py::str(b + "se")] = s.se;
  }
  return d;
}

py::list stages(const Architecture& a) {
  py::list out;
  for (const auto& s : a.stages()) out.append(py::make_tuple(s.expansion, s.kernel, s.layers, s.se));
  return out;
}

py::list to_list(const std::vector<Architecture>& archs) {
  py::list out(archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) out[i] = py::cast(archs[i]);
  return out;
}

void bind_architecture(py::module_& m) {
  py::class_<Architecture>(m, "Architecture",
                           "A point of the Accel-NASBench search space (immutable, hashable). "
                           "Architecture(text) parses the canonical string "
                           "'e1666666-k3353553-l1223341-seTTTTTTT', the JSON record form or "
                           "'efficientnet-b0'.")
      .def(py::init([](py::handle text) {
             if (!is_single_architecture(text) || py::isinstance<Architecture>(text)) {
               throw py::type_error(
                   "Architecture: expected a canonical string, 'efficientnet-b0' or a "
                   "record/configuration dict, got " +
                   std::string(py::str(py::type::of(text).attr("__name__"))));
             }
             return to_architectures(text).at(0);
           }),
           py::arg("text"))
      .def_static(
          "parse", [](const std::string& text) { return Architecture::parse(text); },
          py::arg("text"), "Parses the canonical string, JSON record form or a preset.")
      .def_static("efficientnet_b0", &Architecture::efficientnet_b0, "EfficientNet-B0.")
      .def_static(
          "smallest", [] { return Architecture(); },
          "Expansion 1, kernel 3, one layer, no SE in every stage.")
      .def_static(
          "from_index",
          [](py::handle index) {
            if (!py::isinstance<py::int_>(index) || py::isinstance<py::bool_>(index)) {
              throw py::type_error("index: expected an int, got " +
                                   std::string(py::str(py::type::of(index).attr("__name__"))));
            }
            const py::int_ i = py::reinterpret_borrow<py::int_>(index);
            if (i < py::int_(0) || i >= py::int_(space::space_size())) {
              throw py::value_error("architecture index " +
                                    py::str(py::object(i)).cast<std::string>() +
                                    " is outside [0, " + std::to_string(space::space_size()) + ")");
            }
            return space::from_index(i.cast<std::uint64_t>());
          },
          py::arg("index"), "Inverse of `index` (ValueError outside [0, SearchSpace.size)).")
      .def_static(
          "from_encoding",
          [](const Encodings& e) {
            if (e.ndim() != 1 || e.size() != space::kNumDecisions) {
              throw std::invalid_argument("from_encoding: expected 28 values, got an array of " +
                                          std::to_string(e.size()));
            }
            std::array<double, space::kNumDecisions> f{};
            std::copy(e.data(), e.data() + space::kNumDecisions, f.begin());
            return space::decode(f);
          },
          py::arg("encoding"), "Inverse of `encoding`.")
      .def("__str__", &Architecture::to_string)
      .def("__repr__",
           [](const Architecture& a) { return "Architecture('" + a.to_string() + "')"; })
      .def_property_readonly("canonical", &Architecture::to_string, "The canonical string.")
      .def_property_readonly(
          "encoding",
          [](const Architecture& a) {
            const auto f = space::encode(a);
            return py::array_t<double>(space::kNumDecisions, f.data());
          },
          "The surrogate feature vector: 28 choice indices as float64 (decision order).")
      .def_property_readonly(
          "choice_indices",
          [](const Architecture& a) {
            const auto c = space::choice_indices(a);
            return std::vector<int>(c.begin(), c.end());
          },
          "The 28 choice indices as ints.")
      .def_property_readonly("index", &space::index_of,
                             "Mixed-radix index in [0, SearchSpace.size).")
      .def_property_readonly(
          "macs", [](const Architecture& a) { return space::cost(a).mmacs(); },
          "Multiply-accumulates at 224 px (thop convention), in millions (M), "
          "the unit of the dataset and of every anb output.")
      .def_property_readonly(
          "params", [](const Architecture& a) { return space::cost(a).mparams(); },
          "Trainable parameters, in millions (M).")
      .def_property_readonly("total_layers", &Architecture::total_layers)
      .def_property_readonly("stages", &stages,
                             "Per stage (expansion, kernel, layers, se), stage 0 first.")
      .def("record_form", &record_form,
           "The original record form as a dict {'block0_e': 6, ..., 'block6_se': True}; "
           "Architecture(dict) and Benchmark.query accept it back.")
      .def(
          "mutate", [](const Architecture& a, stats::Rng& rng) { return space::mutate(a, rng); },
          py::arg("rng"), "One decision changed to another value, drawn from `rng` (advances it).")
      .def(
          "mutate",
          [](const Architecture& a, std::uint64_t seed) {
            stats::Rng rng(seed);
            return space::mutate(a, rng);
          },
          py::arg("seed"), "One decision changed to another value, drawn from Rng(seed).")
      .def(
          "neighbours", [](const Architecture& a) { return to_list(space::neighbours(a)); },
          "The 43 architectures differing in exactly one decision.")
      .def("with_choice", &space::with_choice, py::arg("decision"), py::arg("choice"),
           "This architecture with decision `decision` set to choice index `choice`.")
      .def(py::self == py::self)
      .def(py::self != py::self)
      .def(py::self < py::self)
      .def("__hash__", [](const Architecture& a) { return space::ArchitectureHash{}(a); })
      .def(py::pickle([](const Architecture& a) { return a.to_string(); },
                      [](const std::string& s) { return Architecture::parse(s); }));
}

// Stateless namespace object for the space as a whole.
struct SearchSpace {};

void bind_search_space(py::module_& m) {
  py::class_<SearchSpace>(m, "SearchSpace", "The whole search space (all methods are static).")
      .def(py::init<>())
      .def_property_readonly_static(
          "size", [](py::object) { return space::space_size(); },
          "Number of architectures: 104,485,552,128.")
      .def_static(
          "sample",
          [](py::handle n_obj, py::handle seed_obj) {
            if (seed_obj.is_none()) {
              throw py::type_error(
                  "SearchSpace.sample: seed is required (same seed, same "
                  "architectures): sample(n, seed=S)");
            }
            const std::size_t n = to_count(n_obj, "n", 0);
            const std::uint64_t seed = to_seed(seed_obj, "seed");
            std::vector<Architecture> archs;
            {
              py::gil_scoped_release release;
              archs = space::sample(n, seed);
            }
            return to_list(archs);
          },
          py::arg("n"), py::kw_only(), py::arg("seed") = py::none(),
          "n architectures drawn uniformly with replacement from the stream of `seed`.")
      .def_static(
          "sample_encodings",
          [](std::size_t n, std::uint64_t seed) { return encode_all(space::sample(n, seed)); },
          py::arg("n"), py::kw_only(), py::arg("seed"),
          "As sample(), as an (n, 28) float64 encoding array (fast input for Benchmark.query).")
      .def_static(
          "encode", [](py::handle archs) { return encode_all(to_architectures(archs)); },
          py::arg("archs"), "(n, 28) float64 encodings of architectures or strings.")
      .def_static(
          "decode", [](const Encodings& e) { return to_list(decode_rows(e)); },
          py::arg("encodings"), "Architectures from an (n, 28) encoding array.")
      .def_static(
          "decisions",
          [] {
            py::list out;
            for (const auto& d : space::decisions()) out.append(py::make_tuple(d.name, d.choices));
            return out;
          },
          "The 28 decisions in encoding order as (name, declared choices).");
}

// A ConfigSpace Configuration or another mapping with block keys (not a dict).
bool is_mapping(py::handle v) {
  return !py::isinstance<py::str>(v) && py::hasattr(v, "keys") && py::hasattr(v, "__getitem__") &&
         !py::isinstance<py::array>(v);
}

// One value of a configuration dict as JSON: bools stay bools; ints, NumPy integers and digit
// strings ("6", as ConfigSpace may store categorical choices) become ints; "True"/"False" bools.
nlohmann::json config_value(py::handle v) {
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
  if (py::hasattr(v, "dtype") && py::str(v.attr("dtype").attr("kind")).cast<std::string>() == "b") {
    return v.attr("item")().cast<bool>();
  }
  if (py::isinstance<py::str>(v)) {
    const auto t = v.cast<std::string>();
    if (t == "True" || t == "true") return true;
    if (t == "False" || t == "false") return false;
    if (!t.empty() && t.size() < 4 && t.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoi(t);
    }
    return t;
  }
  if (py::hasattr(v, "__index__") && !py::isinstance<py::float_>(v)) {
    return py::reinterpret_borrow<py::object>(v).attr("__index__")().cast<long long>();
  }
  if (py::isinstance<py::float_>(v) || py::hasattr(v, "__float__")) {
    const double d = v.cast<double>();
    if (d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
    return d;
  }
  return std::string(py::repr(v));
}

// An architecture from a record-form or original Accel-NASBench configuration dict (keys
// block0_e ... block6_se), checked by Architecture::from_json (unknown or missing keys, values
// out of domain, named with `where`).
Architecture from_mapping(py::handle mapping, const std::string& where) {
  nlohmann::json object = nlohmann::json::object();
  const py::object keys = mapping.attr("keys")();
  for (auto key : keys) {
    object[py::str(key).cast<std::string>()] = config_value(mapping[key]);
  }
  return Architecture::from_json(object, where);
}

}  // namespace

bool is_single_architecture(py::handle archs) {
  return py::isinstance<Architecture>(archs) || py::isinstance<py::str>(archs) ||
         py::isinstance<py::dict>(archs) || is_mapping(archs);
}

std::vector<std::uint8_t> to_choice_rows(py::handle archs) {
  if (py::isinstance<py::array>(archs)) {
    const char kind = py::reinterpret_borrow<py::array>(archs).dtype().kind();
    if (kind == 'b' || kind == 'i' || kind == 'u' || kind == 'f') {
      return encoding_choice_rows(archs.cast<Encodings>());
    }
  }
  if (py::isinstance<Architecture>(archs)) {
    std::vector<std::uint8_t> out(surrogate::kChoiceRow);
    surrogate::choice_row(archs.cast<const Architecture&>(), out.data());
    return out;
  }
  return surrogate::choice_rows(to_architectures(archs));
}

std::vector<Architecture> to_architectures(py::handle archs) {
  if (py::isinstance<Architecture>(archs)) return {archs.cast<const Architecture&>()};
  if (py::isinstance<py::dict>(archs) || is_mapping(archs)) return {from_mapping(archs, "arch")};
  if (py::isinstance<py::str>(archs)) return {Architecture::parse(archs.cast<std::string>())};
  if (py::isinstance<py::array>(archs)) {
    const char kind = py::reinterpret_borrow<py::array>(archs).dtype().kind();
    if (kind == 'b' || kind == 'i' || kind == 'u' || kind == 'f') {
      return decode_rows(archs.cast<Encodings>());
    }
  }
  if (!py::isinstance<py::sequence>(archs)) {
    throw std::invalid_argument(
        "archs: expected an Architecture, a str, a sequence of them or an (n, 28) array, got " +
        std::string(py::str(py::type::of(archs).attr("__name__"))));
  }
  const auto seq = py::reinterpret_borrow<py::sequence>(archs);
  std::vector<Architecture> out;
  out.reserve(seq.size());
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const py::object item = seq[i];
    if (py::isinstance<Architecture>(item)) {
      out.push_back(item.cast<const Architecture&>());
    } else if (py::isinstance<py::str>(item)) {
      try {
        out.push_back(Architecture::parse(item.cast<std::string>()));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("archs[" + std::to_string(i) + "]: " + e.what());
      }
    } else if (py::isinstance<py::dict>(item) || is_mapping(item)) {
      out.push_back(from_mapping(item, "archs[" + std::to_string(i) + "]"));
    } else {
      throw std::invalid_argument("archs[" + std::to_string(i) +
                                  "]: expected an Architecture, a str or a dict, got " +
                                  std::string(py::str(py::type::of(item).attr("__name__"))));
    }
  }
  return out;
}

void bind_space(py::module_& m) {
  bind_architecture(m);
  bind_search_space(m);
}

}  // namespace anb::python
