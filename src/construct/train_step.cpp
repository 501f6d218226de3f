#include "anb/construct/train_step.h"

#include "anb/construct/trainer.h"

namespace anb::construct {
namespace {

std::vector<SgdGroup> sgd_groups(nets::Network& net, const TrainingScheme& scheme) {
  ParameterGroups groups = decay_groups(*net);
  return {{std::move(groups.decay), scheme.weight_decay}, {std::move(groups.no_decay), 0.0}};
}

LossScalerOptions scaler_options(nets::Precision precision) {
  LossScalerOptions o;
  o.enabled = precision == nets::Precision::kFp16;
  return o;
}

}  // namespace

nets::Network training_network(const space::Architecture& arch, const TrainingScheme& scheme,
                               const TrainOptions& options, int num_classes, int channels,
                               int resolution) {
  nets::NetworkOptions net_options(arch);
  net_options.shape(scheme.network_options(num_classes, channels, resolution))
      .dropout(scheme.dropout)
      .stochastic_depth(scheme.stochastic_depth)
      .init_seed(scheme.seed);
  nets::Network net(net_options);
  net->to(nets::parse_device(options.device));
  if (options.channels_last) nets::to_channels_last(*net);
  return net;
}

DeviceBatch to_device(LoadedBatch& batch, const torch::Device& device, bool channels_last) {
  const auto n = static_cast<std::int64_t>(batch.size);
  torch::Tensor x =
      torch::from_blob(batch.pixels.data(), {n, batch.channels, batch.resolution, batch.resolution},
                       torch::kFloat32);
  torch::Tensor y = torch::from_blob(batch.labels.data(), {n}, torch::kInt64);
  DeviceBatch out;
  // On the CPU `to` returns the same storage: copy so the batch owns its memory.
  out.images = device.is_cpu() ? x.clone() : x.to(device);
  out.labels = device.is_cpu() ? y.clone() : y.to(device);
  if (channels_last) out.images = out.images.contiguous(torch::MemoryFormat::ChannelsLast);
  return out;
}

TrainStep::TrainStep(nets::Network net, const TrainingScheme& scheme, const TrainOptions& options)
    : net_(std::move(net)),
      device_(nets::parse_device(options.device)),
      precision_(nets::parse_precision(options.resolved_precision())),
      optimizer_(sgd_groups(net_, scheme), scheme.momentum, scheme.nesterov),
      scaler_(scaler_options(precision_)),
      loss_options_(torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(
          scheme.label_smoothing)) {
  options.validate();
}

torch::Tensor TrainStep::run(const DeviceBatch& batch, double lr) {
  optimizer_.zero_grad();
  torch::Tensor loss;
  {
    nets::AutocastGuard autocast(precision_, device_);
    const torch::Tensor logits = net_->forward(batch.images);
    loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), batch.labels,
                                                loss_options_);
  }
  scaler_.scale(loss).backward();
  if (scaler_.unscale_and_update(optimizer_.gradients())) optimizer_.step(lr);
  return loss.detach();
}

}  // namespace anb::construct
