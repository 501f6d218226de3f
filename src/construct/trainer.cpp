#include "anb/construct/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "anb/construct/image_batch.h"
#include "anb/nets/network.h"

namespace anb::construct {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

torch::Tensor batch_tensor(std::vector<float>& buffer, std::size_t n, int channels, int res) {
  return torch::from_blob(buffer.data(),
                          {static_cast<std::int64_t>(n), channels, res, res}, torch::kFloat32);
}

torch::Tensor label_tensor(const ImageDataset& data, const std::vector<std::size_t>& indices) {
  std::vector<std::int64_t> labels;
  labels.reserve(indices.size());
  for (std::size_t i : indices) labels.push_back(data.labels.at(i));
  return torch::tensor(labels, torch::kInt64);
}

void set_learning_rate(torch::optim::SGD& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
  }
}

torch::optim::SGD make_optimizer(nets::Network& net, const TrainingScheme& scheme) {
  ParameterGroups groups = decay_groups(*net);
  auto options = torch::optim::SGDOptions(scheme.lr)
                     .momentum(scheme.momentum)
                     .nesterov(scheme.nesterov);
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  auto decay = std::make_unique<torch::optim::SGDOptions>(options);
  decay->weight_decay(scheme.weight_decay);
  auto no_decay = std::make_unique<torch::optim::SGDOptions>(options);
  no_decay->weight_decay(0.0);
  param_groups.emplace_back(groups.decay, std::move(decay));
  param_groups.emplace_back(groups.no_decay, std::move(no_decay));
  return torch::optim::SGD(param_groups, options);
}

// Batches of one epoch: consecutive slices of `order`; a trailing batch of one image is
// dropped (batch norm cannot train on it).
std::vector<std::vector<std::size_t>> epoch_batches(const std::vector<std::size_t>& order,
                                                    int batch_size) {
  std::vector<std::vector<std::size_t>> batches;
  const auto b = static_cast<std::size_t>(batch_size);
  for (std::size_t start = 0; start < order.size(); start += b) {
    const std::size_t end = std::min(order.size(), start + b);
    if (end - start < 2 && !batches.empty()) break;
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                         order.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return batches;
}

double train_epoch(nets::Network& net, torch::optim::SGD& optimizer, const TrainingScheme& scheme,
                   const ImageDataset& data, const ChannelStats& stats,
                   const std::vector<std::size_t>& subset, int epoch) {
  stats::Rng rng = stats::Rng::substream(scheme.seed, 1000 + static_cast<std::uint64_t>(epoch));
  std::vector<std::size_t> order = subset;
  shuffle(order, rng);
  const auto batches = epoch_batches(order, scheme.batch_size);
  const int res = scheme.resolution_at(epoch);
  const auto loss_options =
      torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(scheme.label_smoothing);
  net->train();
  double loss_sum = 0.0;
  for (std::size_t b = 0; b < batches.size(); ++b) {
    const double t = epoch + static_cast<double>(b) / static_cast<double>(batches.size());
    set_learning_rate(optimizer, scheme.learning_rate(t));
    std::vector<float> buffer = make_batch(data, batches[b], res, stats, scheme, &rng);
    const torch::Tensor x = batch_tensor(buffer, batches[b].size(), data.channels, res);
    const torch::Tensor y = label_tensor(data, batches[b]);
    optimizer.zero_grad();
    const torch::Tensor loss = torch::nn::functional::cross_entropy(net->forward(x), y, loss_options);
    loss.backward();
    optimizer.step();
    loss_sum += loss.item<double>();
  }
  return batches.empty() ? 0.0 : loss_sum / static_cast<double>(batches.size());
}

std::pair<double, double> evaluate(nets::Network& net, const TrainingScheme& scheme,
                                   const ImageDataset& data, const ChannelStats& stats) {
  torch::NoGradGuard no_grad;
  net->eval();
  const int res = scheme.evaluation_resolution();
  const int k = std::min(5, data.num_classes);
  std::int64_t correct1 = 0, correct5 = 0;
  const auto b = static_cast<std::size_t>(scheme.eval_batch_size);
  for (std::size_t start = 0; start < data.size(); start += b) {
    std::vector<std::size_t> indices;
    for (std::size_t i = start; i < std::min(data.size(), start + b); ++i) indices.push_back(i);
    std::vector<float> buffer = make_batch(data, indices, res, stats, scheme, nullptr);
    const torch::Tensor logits =
        net->forward(batch_tensor(buffer, indices.size(), data.channels, res));
    const torch::Tensor y = label_tensor(data, indices);
    correct1 += top_k_correct(logits, y, 1);
    correct5 += top_k_correct(logits, y, k);
  }
  const double n = static_cast<double>(data.size());
  return {100.0 * static_cast<double>(correct1) / n, 100.0 * static_cast<double>(correct5) / n};
}

}  // namespace

nlohmann::json TrainResult::to_json() const {
  return {{"top1", top1},
          {"top5", top5},
          {"train_seconds", train_seconds},
          {"eval_seconds", eval_seconds},
          {"train_flops", train_flops},
          {"images_seen", images_seen},
          {"epoch_loss", epoch_loss}};
}

TrainResult TrainResult::from_json(const nlohmann::json& object) {
  TrainResult r;
  r.top1 = object.at("top1").get<double>();
  r.top5 = object.at("top5").get<double>();
  r.train_seconds = object.at("train_seconds").get<double>();
  r.eval_seconds = object.value("eval_seconds", 0.0);
  r.train_flops = object.at("train_flops").get<double>();
  r.images_seen = object.value("images_seen", std::int64_t{0});
  r.epoch_loss = object.value("epoch_loss", std::vector<double>{});
  return r;
}

std::vector<std::size_t> subset_indices(std::size_t n, double fraction, std::uint64_t seed) {
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  if (fraction >= 1.0) return all;
  TrainingScheme probe;
  probe.data_fraction = fraction;
  const auto keep = static_cast<std::size_t>(images_per_epoch(probe, static_cast<std::int64_t>(n)));
  stats::Rng rng = stats::Rng::substream(seed, 1);
  shuffle(all, rng);
  all.resize(keep);
  std::sort(all.begin(), all.end());
  return all;
}

void shuffle(std::vector<std::size_t>& items, stats::Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform_int(i));
    std::swap(items[i - 1], items[j]);
  }
}

ParameterGroups decay_groups(const torch::nn::Module& module) {
  ParameterGroups groups;
  for (const auto& p : module.parameters()) {
    (p.dim() > 1 ? groups.decay : groups.no_decay).push_back(p);
  }
  return groups;
}

std::int64_t top_k_correct(const torch::Tensor& logits, const torch::Tensor& labels, int k) {
  const torch::Tensor top = std::get<1>(logits.topk(k, 1));
  return top.eq(labels.unsqueeze(1)).any(1).sum().item<std::int64_t>();
}

TrainResult train_and_evaluate(const space::Architecture& arch, const TrainingScheme& scheme,
                               const DatasetSplits& splits,
                               const std::function<void(const std::string&)>& log) {
  scheme.validate();
  const ImageDataset& train = splits.train;
  torch::manual_seed(scheme.seed);
  nets::NetworkOptions options(arch);
  options.shape(scheme.network_options(train.num_classes, train.channels, scheme.resolution_at(0)))
      .dropout(scheme.dropout)
      .stochastic_depth(scheme.stochastic_depth)
      .init_seed(scheme.seed);
  nets::Network net(options);
  torch::optim::SGD optimizer = make_optimizer(net, scheme);
  const ChannelStats stats = channel_stats(train);
  const auto subset = subset_indices(train.size(), scheme.data_fraction, scheme.seed);

  TrainResult result;
  const auto start = Clock::now();
  for (int epoch = 0; epoch < scheme.epochs; ++epoch) {
    result.epoch_loss.push_back(train_epoch(net, optimizer, scheme, train, stats, subset, epoch));
    result.images_seen += static_cast<std::int64_t>(subset.size());
    if (log) {
      log(fmt::format("epoch {}/{}: {} px, loss {:.4f}, {:.1f} s", epoch + 1, scheme.epochs,
                      scheme.resolution_at(epoch), result.epoch_loss.back(),
                      seconds_since(start)));
    }
  }
  result.train_seconds = seconds_since(start);
  const auto eval_start = Clock::now();
  std::tie(result.top1, result.top5) = evaluate(net, scheme, splits.eval, stats);
  result.eval_seconds = seconds_since(eval_start);
  result.train_flops = training_flops(arch, scheme, static_cast<std::int64_t>(train.size()),
                                      train.num_classes, train.channels);
  return result;
}

}  // namespace anb::construct
