#pragma once
// Test helpers for the tree-ensemble evaluator: tiny XGBoost models trained through the C API
// on synthetic targets over sampled architectures, and XGBoost's own predictions for them.

#include <xgboost/c_api.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "anb/space/search_space.h"
#include "anb/stats/random.h"

namespace anb::surrogate::testing {

inline void xgb_check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

// Owns a DMatrix over row-major float features (n x 28) with optional labels.
class Matrix {
 public:
  Matrix(const std::vector<float>& x, std::size_t n, const std::vector<float>& labels = {}) {
    xgb_check(XGDMatrixCreateFromMat(x.data(), n, space::kNumDecisions, NAN, &h_),
              "XGDMatrixCreateFromMat");
    if (!labels.empty()) {
      xgb_check(XGDMatrixSetFloatInfo(h_, "label", labels.data(), n), "XGDMatrixSetFloatInfo");
    }
  }
  ~Matrix() { XGDMatrixFree(h_); }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  DMatrixHandle get() const { return h_; }

 private:
  DMatrixHandle h_ = nullptr;
};

// Owns a booster.
class Booster {
 public:
  explicit Booster(const Matrix* train) {
    DMatrixHandle d[1] = {train ? train->get() : nullptr};
    xgb_check(XGBoosterCreate(d, train ? 1 : 0, &h_), "XGBoosterCreate");
  }
  ~Booster() { XGBoosterFree(h_); }
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  BoosterHandle get() const { return h_; }

  void set(const std::string& key, const std::string& value) {
    xgb_check(XGBoosterSetParam(h_, key.c_str(), value.c_str()), "XGBoosterSetParam");
  }
  std::string save_json() const {
    bst_ulong len = 0;
    const char* buf = nullptr;
    xgb_check(XGBoosterSaveModelToBuffer(h_, "{\"format\": \"json\"}", &len, &buf),
              "XGBoosterSaveModelToBuffer");
    return std::string(buf, len);
  }
  void load_json(const std::string& text) {
    xgb_check(XGBoosterLoadModelFromBuffer(h_, text.data(), text.size()),
              "XGBoosterLoadModelFromBuffer");
  }

 private:
  BoosterHandle h_ = nullptr;
};

// Features of n architectures sampled with `seed`, as row-major doubles and floats.
struct Sample {
  std::size_t n = 0;
  std::vector<double> x;
  std::vector<float> xf;
};

inline Sample sample_features(std::size_t n, std::uint64_t seed) {
  Sample s;
  s.n = n;
  for (const space::Architecture& a : space::sample(n, seed)) {
    for (const double v : space::encode(a)) {
      s.x.push_back(v);
      s.xf.push_back(static_cast<float>(v));
    }
  }
  return s;
}

// A synthetic target with main effects, pairwise and three-way interactions and noise.
inline std::vector<float> synthetic_target(const Sample& s, std::uint64_t seed) {
  stats::Rng rng(seed);
  std::vector<float> y(s.n);
  for (std::size_t i = 0; i < s.n; ++i) {
    const double* x = &s.x[i * space::kNumDecisions];
    double v = 70.0;
    for (int f = 0; f < space::kNumDecisions; ++f) v += 0.3 * (f % 5) * x[f];
    v += 1.5 * x[0] * x[2] - 0.8 * x[5] * x[9] + 0.6 * x[20] * x[21] * x[22];
    v += (x[3] == x[7] ? 0.9 : -0.4) + rng.normal(0.0, 0.3);
    y[i] = static_cast<float>(v);
  }
  return y;
}

// JSON text of a model trained for `rounds` rounds with `params` on (s, y).
inline std::string train_json(const Sample& s, const std::vector<float>& y,
                              const std::map<std::string, std::string>& params, int rounds) {
  Matrix train(s.xf, s.n, y);
  Booster b(&train);
  b.set("nthread", "1");
  b.set("verbosity", "0");
  for (const auto& [k, v] : params) b.set(k, v);
  for (int i = 0; i < rounds; ++i) xgb_check(XGBoosterUpdateOneIter(b.get(), i, train.get()), "update");
  return b.save_json();
}

// XGBoost's own predictions (float32) of the model `json` on s.
inline std::vector<float> xgb_predict(const std::string& json, const Sample& s) {
  Matrix m(s.xf, s.n);
  Booster b(nullptr);
  b.load_json(json);
  const char* config =
      "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
      "\"strict_shape\": false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  xgb_check(XGBoosterPredictFromDMatrix(b.get(), m.get(), config, &shape, &dim, &out), "predict");
  return std::vector<float>(out, out + s.n);
}

}  // namespace anb::surrogate::testing
