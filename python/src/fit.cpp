// Bindings of the dataset (anb/data/dataset.h) and of fitting and evaluating surrogate ensembles
// (anb/surrogate/fit.h). Long calls (loading, fitting, evaluating) release the GIL.
#include "anb/surrogate/fit.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "anb/data/dataset.h"
#include "anb/data/targets.h"
#include "anb/io/json.h"
#include "bindings.h"

namespace anb::python {
namespace {

using data::Dataset;

py::object to_python(const nlohmann::json& j) {
  return py::module_::import("json").attr("loads")(j.dump());
}

// The hyperparameters of a fit: None (the shipped defaults), a path to a JSON file, or a dict in
// the same format.
surrogate::HyperparameterSet hyperparameters(py::handle h) {
  if (h.is_none()) return surrogate::HyperparameterSet::defaults();
  if (py::isinstance<py::dict>(h)) {
    const std::string text = py::str(py::module_::import("json").attr("dumps")(h));
    return surrogate::HyperparameterSet::from_json(io::parse_json(text, "hyperparameters"),
                                                   "hyperparameters");
  }
  return surrogate::HyperparameterSet::load(h.cast<std::filesystem::path>().string());
}

py::array_t<double> values(const Dataset& d, const std::string& target) {
  data::target_info(target);  // rejects malformed names
  py::array_t<double> out(static_cast<py::ssize_t>(d.size()));
  double* p = out.mutable_data();
  for (const auto& r : d.records()) *p++ = r.target(target).value_or(std::nan(""));
  return out;
}

void bind_dataset(py::module_& m) {
  py::class_<Dataset>(m, "Dataset", "Records of the original Accel-NASBench JSON format.")
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            py::gil_scoped_release release;
            return Dataset::load(path);
          },
          py::arg("path"), "Loads every record of a folder or .tar(.gz) archive (strict).")
      .def("__len__", &Dataset::size)
      .def_property_readonly(
          "ids",
          [](const Dataset& d) {
            std::vector<std::string> ids;
            for (const auto& r : d.records()) ids.push_back(r.id);
            return ids;
          },
          "Record ids (file names), in order.")
      .def_property_readonly(
          "archs",
          [](const Dataset& d) {
            py::list out;
            for (const auto& r : d.records()) out.append(py::cast(r.arch));
            return out;
          },
          "The records' architectures, in order.")
      .def("values", &values, py::arg("target"),
           "The records' values of `target` as float64 (NaN where a record has none).")
      .def("target_names", &Dataset::target_names, "Targets present in any record.")
      .def("subset_from_list", &Dataset::subset_from_list, py::arg("list_file"),
           "The records named in a split list file, in its order.")
      .def("subset", &Dataset::subset, py::arg("ids"), "The records with these ids, in order.")
      .def("subset_from_lists", &Dataset::subset_from_lists, py::arg("list_files"),
           "The records named in any of these split list files, in order, each id once.")
      .def("shared_ids", &Dataset::shared_ids, py::arg("other"),
           "How many of these records have an id that `other` also holds.")
      .def("with_target", &Dataset::with_target, py::arg("target"),
           "Records that have a value for `target`.")
      .def("random_split", &Dataset::random_split, py::arg("fraction"), py::arg("seed"),
           "Seeded split into (first, second) with `fraction` of the records in first.")
      .def("deduplicated", &Dataset::deduplicated, "First record (by id) of every architecture.")
      .def("fingerprint", &Dataset::fingerprint, "SHA-256 of ids, architectures and values.")
      .def("__repr__",
           [](const Dataset& d) { return "Dataset(" + std::to_string(d.size()) + " records)"; });
  m.def(
      "default_split_list",
      [](const std::filesystem::path& data, const std::string& name) -> py::object {
        const auto p = data::default_split_list(data, name);
        return p ? py::object(py::str(p->string())) : py::object(py::none());
      },
      py::arg("data"), py::arg("name"),
      "<dir>/splits/<name>.txt beside a dataset folder or tarball, or None if absent.");
}

void bind_results(py::module_& m) {
  py::class_<surrogate::TargetValidation>(m, "TargetValidation",
                                          "Quality of one target's ensemble on some records.")
      .def_readonly("target", &surrogate::TargetValidation::target)
      .def_readonly("ensemble", &surrogate::TargetValidation::ensemble,
                    "Metrics of the ensemble mean.")
      .def_readonly("single_mean", &surrogate::TargetValidation::single_mean,
                    "Mean of each metric over single members.")
      .def_property_readonly(
          "intervals",
          [](const surrogate::TargetValidation& t) {
            py::list out;
            for (const auto& q : t.intervals) {
              py::dict d;
              d["level"] = q.level;
              d["coverage"] = q.coverage;
              d["mean_width"] = q.mean_width;
              d["constant_width"] = q.constant_width;
              out.append(d);
            }
            return out;
          },
          "Calibrated intervals at levels 0.5, 0.8, 0.9, 0.95: coverage, mean width and the\n"
          "width of the constant-width interval with the same coverage (empty without\n"
          "calibration).")
      .def_property_readonly(
          "noise_floor",
          [](const surrogate::TargetValidation& t) -> py::object {
            return t.noise_floor ? to_python(t.noise_floor->to_json()) : py::none();
          },
          "How much of the ensemble's error the target's noise model explains (dict with\n"
          "noise_rms, excess_rmse, noise_share, tau_ceiling; see `anb eval`), or None for a\n"
          "target without a noise model.")
      .def("__repr__", [](const surrogate::TargetValidation& t) {
        return "TargetValidation('" + t.target + "', n=" + std::to_string(t.ensemble.n) + ")";
      });
  py::class_<surrogate::FitSummary>(m, "FitSummary", "What anb.fit did.")
      .def_property_readonly(
          "manifest",
          [](const surrogate::FitSummary& s) { return to_python(s.manifest.to_json()); })
      .def_readonly("validation", &surrogate::FitSummary::validation)
      .def_readonly("validation_also_fitted", &surrogate::FitSummary::validation_also_fitted,
                    "Validation records that are also training records (by id); > 0: the\n"
                    "validation figures are not held out.")
      .def_readonly("bytes", &surrogate::FitSummary::bytes)
      .def_readonly("seconds", &surrogate::FitSummary::seconds);
}

surrogate::FitSummary fit(const Dataset& train, const std::filesystem::path& out,
                          const std::optional<Dataset>& validation,
                          const std::optional<std::vector<std::string>>& targets, int members,
                          std::uint64_t seed, int folds, int threads, py::handle hp, bool progress,
                          const std::optional<std::filesystem::path>& seed_runs,
                          const std::string& calibration_folds, int factor_folds,
                          const std::string& spread_model) {
  surrogate::FitOptions options;
  if (targets) options.targets = *targets;
  options.members = members;
  options.seed = seed;
  options.folds = folds;
  options.threads = threads;
  options.hyperparameters = hyperparameters(hp);
  options.progress = progress;
  if (seed_runs) options.seed_runs = *seed_runs;
  options.calibration = surrogate::FitOptions::calibration_from_name(calibration_folds);
  options.factor_folds = factor_folds;
  options.spread_model = surrogate::FitOptions::spread_model_from_name(spread_model);
  options.data_sources.push_back("python");
  options.validate();
  const Dataset none;
  py::gil_scoped_release release;
  return surrogate::fit_models(train, validation ? *validation : none, options, out);
}

std::vector<surrogate::TargetValidation> evaluate(
    const std::filesystem::path& models, const Dataset& records,
    const std::optional<std::vector<std::string>>& targets) {
  py::gil_scoped_release release;
  return surrogate::evaluate_models(models, records,
                                    targets ? *targets : std::vector<std::string>{});
}

}  // namespace

void bind_fit(py::module_& m) {
  bind_dataset(m);
  bind_results(m);
  m.def("fit", &fit, py::arg("train"), py::arg("out"), py::kw_only(),
        py::arg("validation") = py::none(), py::arg("targets") = py::none(), py::arg("members") = 0,
        py::arg("seed") = 1, py::arg("folds") = 9, py::arg("threads") = 2,
        py::arg("hyperparameters") = py::none(), py::arg("progress") = false,
        py::arg("seed_runs") = py::none(), py::arg("calibration_folds") = "measured",
        py::arg("factor_folds") = 3, py::arg("spread_model") = "stumps",
        "Fits one XGBoost ensemble per target on `train` and writes the model directory `out`\n"
        "(see `anb fit`). targets None: every target of the data; members 0: per-target\n"
        "default; hyperparameters: None (shipped defaults), a JSON file or a dict of the same\n"
        "form. seed_runs: folder of proxified-seed<k>.csv (the proxy ablation) to learn the\n"
        "noise model of accuracy, val_top5 and train_time from. calibration_folds and\n"
        "factor_folds: which out-of-fold predictions calibrate the intervals, as\n"
        "`anb fit --calibration-folds/--factor-folds`; spread_model: 'stumps' or 'binned', as\n"
        "`anb fit --spread-model`. Returns a FitSummary\n"
        "(validation metrics when `validation` is given).");
  m.def("evaluate", &evaluate, py::arg("models_dir"), py::arg("records"),
        py::arg("targets") = py::none(),
        "Metrics of each target of a model directory on `records` (ensemble mean and mean over\n"
        "single members); targets without records are left out.");
}

}  // namespace anb::python
