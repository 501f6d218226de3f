#pragma once
// Private RAII wrappers of XGBoost's C API (never included by public headers). Every call is
// checked; a failure throws std::runtime_error with XGBoost's own message and what was being
// done.

#include <xgboost/c_api.h>

#include <cstddef>
#include <string>
#include <vector>

namespace anb::surrogate::xgb {

// Throws std::runtime_error("<what>: <XGBGetLastError()>") when `rc` is not 0.
void check(int rc, const std::string& what);

// "major.minor.patch" of the linked libxgboost.
std::string version();

// A dense float matrix with labels, owned.
class DMatrix {
 public:
  // Copies `features` (row-major rows x cols) and, when non-empty, `labels` (rows values).
  DMatrix(const std::vector<float>& features, std::size_t rows, std::size_t cols,
          const std::vector<float>& labels);
  ~DMatrix();
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;

  DMatrixHandle handle() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

// A booster, owned.
class Booster {
 public:
  // A booster that caches `cache` (training and evaluation matrices).
  explicit Booster(const std::vector<const DMatrix*>& cache);
  // A booster loaded from the bytes of a saved model (JSON or UBJSON).
  static Booster from_buffer(const std::string& bytes);
  ~Booster();
  Booster(Booster&& other) noexcept;
  Booster& operator=(Booster&& other) noexcept;
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;

  // Sets one training parameter (XGBoost spelling).
  void set_param(const std::string& name, const std::string& value);

  // One boosting round on `train`.
  void update(int iteration, const DMatrix& train);

  // RMSE on `eval` after the rounds so far (parsed from XGBoost's evaluation string).
  double eval_rmse(int iteration, const DMatrix& eval);

  // A new booster holding rounds [begin, end).
  Booster slice(int begin, int end) const;

  // Number of boosted rounds.
  int rounds() const;

  // The model in XGBoost's JSON format (what XGBoosterSaveModel writes to a ".json" file).
  std::string to_json() const;

  // Predictions for `rows` x `cols` float features by in-place prediction
  // (XGBoosterPredictFromDense).
  std::vector<float> predict_dense(const float* features, std::size_t rows, std::size_t cols) const;

  BoosterHandle handle() const { return handle_; }

 private:
  explicit Booster(BoosterHandle handle) : handle_(handle) {}
  BoosterHandle handle_ = nullptr;
};

}  // namespace anb::surrogate::xgb
