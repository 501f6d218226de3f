#pragma once
// Training one architecture under a training scheme on an in-memory image dataset, and
// evaluating it: the unit of work of `anb train`, `anb proxy-search` and `anb collect`.
//
// Everything random (weights, data subset, order, augmentation, dropout, stochastic depth)
// follows scheme.seed, so in fp32 on one CPU thread a run is repeatable bit for bit. Where the
// run executes (CPU or CUDA, precision, memory format, loader threads) is a TrainOptions
// (train_options.h), kept apart from the scheme: same scheme and seed, same experiment.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "anb/construct/image_dataset.h"
#include "anb/construct/train_options.h"
#include "anb/construct/training_scheme.h"
#include "anb/space/architecture.h"

namespace anb::construct {

// What a training run produced.
struct TrainResult {
  double top1 = 0.0;              // percent, on the evaluation split
  double top5 = 0.0;              // percent (top-min(5, classes))
  double train_seconds = 0.0;     // wall time of the training loop (no evaluation)
  double eval_seconds = 0.0;      // wall time of the evaluation
  double train_flops = 0.0;       // analytic: training_flops(...)
  std::int64_t images_seen = 0;   // training images over all epochs
  std::vector<double> epoch_loss;  // mean training loss per epoch
  // Where the time went (0 in results written before these fields existed):
  double images_per_second = 0.0;         // training images / train_seconds
  double loader_images_per_second = 0.0;  // the data path alone (rendering rate)
  double loader_wait_seconds = 0.0;       // training loop blocked waiting for batches
  std::int64_t skipped_steps = 0;         // fp16 steps skipped for overflowing gradients
  nlohmann::json options;                 // TrainOptions::to_json() of the run (null if unknown)

  // Which side bounded the run: "loader" when the training loop spent more than a quarter of
  // its time waiting for batches, else "training".
  std::string bound_by() const;

  // {"top1", "top5", "train_seconds", "eval_seconds", "train_flops", "images_seen",
  //  "epoch_loss", "images_per_second", "loader_images_per_second", "loader_wait_seconds",
  //  "bound_by", "skipped_steps", "options"}; from_json accepts files without the last seven.
  nlohmann::json to_json() const;
  static TrainResult from_json(const nlohmann::json& object);
};

// Indices of a seeded subset of round(fraction * n) items of 0..n-1 (at least 1), in
// increasing order. fraction 1 gives all items.
std::vector<std::size_t> subset_indices(std::size_t n, double fraction, std::uint64_t seed);

// Splits a module's parameters into those that get weight decay (conv and linear weights: more
// than one dimension) and those that do not (BN weights and biases, all biases).
struct ParameterGroups {
  std::vector<torch::Tensor> decay;
  std::vector<torch::Tensor> no_decay;
};
ParameterGroups decay_groups(const torch::nn::Module& module);

// Number of rows of `logits` (N x classes) whose label is among the top `k` scores.
std::int64_t top_k_correct(const torch::Tensor& logits, const torch::Tensor& labels, int k);

// The same count as a 0-d tensor on the logits' device (no wait for the device).
torch::Tensor top_k_hits(const torch::Tensor& logits, const torch::Tensor& labels, int k);

// Trains a fresh network of `arch` under `scheme` on `splits.train` and evaluates it on
// `splits.eval`, on the device and in the precision of `options`. `log` (optional) receives one
// line per epoch. Throws std::invalid_argument for invalid options and std::runtime_error when
// the device is not available (a CUDA device in a build without CUDA, an index beyond the
// visible GPUs); errors from the device (e.g. out of memory) propagate as thrown by libtorch.
TrainResult train_and_evaluate(const space::Architecture& arch, const TrainingScheme& scheme,
                               const DatasetSplits& splits, const TrainOptions& options,
                               const std::function<void(const std::string&)>& log = {});

// The same on the CPU with default options.
TrainResult train_and_evaluate(const space::Architecture& arch, const TrainingScheme& scheme,
                               const DatasetSplits& splits,
                               const std::function<void(const std::string&)>& log = {});

}  // namespace anb::construct
