#include "xgboost_booster.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace anb::surrogate::xgb {

void check(int rc, const std::string& what) {
  if (rc != 0) throw std::runtime_error(what + ": XGBoost: " + XGBGetLastError());
}

std::string version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

DMatrix::DMatrix(const std::vector<float>& features, std::size_t rows, std::size_t cols,
                 const std::vector<float>& labels) {
  if (features.size() != rows * cols) {
    throw std::invalid_argument("DMatrix: " + std::to_string(features.size()) +
                                " values for " + std::to_string(rows) + " x " +
                                std::to_string(cols));
  }
  check(XGDMatrixCreateFromMat(features.data(), rows, cols, -1e30f, &handle_),
        "creating a feature matrix");
  if (!labels.empty()) {
    check(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()),
          "setting labels");
  }
}

DMatrix::~DMatrix() {
  if (handle_ != nullptr) XGDMatrixFree(handle_);
}

Booster::Booster(const std::vector<const DMatrix*>& cache) {
  std::vector<DMatrixHandle> handles;
  for (const DMatrix* m : cache) handles.push_back(m->handle());
  check(XGBoosterCreate(handles.data(), handles.size(), &handle_), "creating a booster");
}

Booster Booster::from_buffer(const std::string& bytes) {
  BoosterHandle handle = nullptr;
  check(XGBoosterCreate(nullptr, 0, &handle), "creating a booster");
  Booster booster(handle);
  check(XGBoosterLoadModelFromBuffer(handle, bytes.data(), bytes.size()), "loading a model");
  return booster;
}

Booster::~Booster() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

Booster::Booster(Booster&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}

Booster& Booster::operator=(Booster&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

void Booster::set_param(const std::string& name, const std::string& value) {
  check(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
        "setting parameter " + name + " = " + value);
}

void Booster::update(int iteration, const DMatrix& train) {
  check(XGBoosterUpdateOneIter(handle_, iteration, train.handle()),
        "boosting round " + std::to_string(iteration));
}

double Booster::eval_rmse(int iteration, const DMatrix& eval) {
  DMatrixHandle handles[] = {eval.handle()};
  const char* names[] = {"es"};
  const char* text = nullptr;
  check(XGBoosterEvalOneIter(handle_, iteration, handles, names, 1, &text),
        "evaluating round " + std::to_string(iteration));
  // The text reads "[<iteration>]\tes-rmse:<value>".
  const std::string s(text);
  const auto pos = s.find("es-rmse:");
  if (pos == std::string::npos) throw std::runtime_error("unexpected XGBoost evaluation: " + s);
  return std::strtod(s.c_str() + pos + 8, nullptr);
}

Booster Booster::slice(int begin, int end) const {
  BoosterHandle out = nullptr;
  check(XGBoosterSlice(handle_, begin, end, 1, &out),
        "slicing rounds " + std::to_string(begin) + ".." + std::to_string(end));
  return Booster(out);
}

int Booster::rounds() const {
  int n = 0;
  check(XGBoosterBoostedRounds(handle_, &n), "counting rounds");
  return n;
}

std::string Booster::to_json() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check(XGBoosterSaveModelToBuffer(handle_, R"({"format": "json"})", &length, &bytes),
        "saving a model as JSON");
  return std::string(bytes, length);
}

std::vector<float> Booster::predict_dense(const float* features, std::size_t rows,
                                          std::size_t cols) const {
  const std::string array = R"({"data": [)" +
                            std::to_string(reinterpret_cast<std::uintptr_t>(features)) +
                            R"(, true], "shape": [)" + std::to_string(rows) + ", " +
                            std::to_string(cols) + R"(], "typestr": "<f4", "version": 3})";
  const char* config =
      R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN, "cache_id": 0})";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  check(XGBoosterPredictFromDense(handle_, array.c_str(), config, nullptr, &shape, &dim, &result),
        "predicting");
  return std::vector<float>(result, result + rows);
}

}  // namespace anb::surrogate::xgb
