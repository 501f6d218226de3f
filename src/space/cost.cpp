#include "anb/space/cost.h"

namespace anb::space {
namespace {

using i64 = std::int64_t;

// Accumulates MACs and parameters block by block, thop style.
struct Counter {
  Cost total;

  // k x k convolution (no bias) producing `out` channels on a `size` x `size` map.
  void conv(i64 in, i64 out, i64 k, i64 groups, i64 size) {
    total.macs += out * size * size * (in / groups) * k * k;
    total.params += out * (in / groups) * k * k;
  }
  // BatchNorm2d with affine parameters over `channels` x `size` x `size`.
  void batch_norm(i64 channels, i64 size) {
    total.macs += 4 * channels * size * size;
    total.params += 2 * channels;
  }
  // AdaptiveAvgPool2d(1) over a `size` x `size` map.
  void global_pool(i64 channels, i64 size) { total.macs += (size * size + 1) * channels; }
  // Linear layer with bias (thop counts in x out, bias not in ops).
  void linear(i64 in, i64 out) {
    total.macs += in * out;
    total.params += in * out + out;
  }
};

void count_layer(Counter& c, const LayerShape& l) {
  const i64 exp = l.expanded_channels;
  if (l.expand) {
    c.conv(l.in_channels, exp, 1, 1, l.in_size);
    c.batch_norm(exp, l.in_size);
  }
  c.conv(exp, exp, l.kernel, exp, l.out_size);  // depthwise
  c.batch_norm(exp, l.out_size);
  if (l.se) {
    c.global_pool(exp, l.out_size);
    c.conv(exp, l.squeeze_channels, 1, 1, 1);
    c.total.params += l.squeeze_channels;  // bias
    c.conv(l.squeeze_channels, exp, 1, 1, 1);
    c.total.params += exp;  // bias
  }
  c.conv(exp, l.out_channels, 1, 1, l.out_size);  // projection
  c.batch_norm(l.out_channels, l.out_size);
}

}  // namespace

Cost cost(const Architecture& arch, const NetworkOptions& options) {
  const NetworkShape shape = network_shape(arch, options);
  Counter c;
  c.conv(shape.input_channels, shape.stem_channels, 3, 1, shape.stem_size);
  c.batch_norm(shape.stem_channels, shape.stem_size);
  for (const LayerShape& layer : shape.layers) count_layer(c, layer);
  c.conv(shape.head_in_channels, shape.head_channels, 1, 1, shape.final_size);
  c.batch_norm(shape.head_channels, shape.final_size);
  c.global_pool(shape.head_channels, shape.final_size);
  c.linear(shape.head_channels, shape.num_classes);
  return c.total;
}

double training_flops_per_image(const Architecture& arch, const NetworkOptions& options) {
  return 6.0 * static_cast<double>(cost(arch, options).macs);
}

}  // namespace anb::space
