#!/usr/bin/python3
"""Python PyTorch twin of `anb measure` for the faithfulness check (docs/networks.md).

Builds the same network (reference.md §1.2: ReLU + hard-sigmoid SE, SE squeeze width from the
layer's input channels, residual iff stride 1 and equal channels) with torch.nn and measures it
exactly as anb measure does: eval mode, torch.no_grad, channels-last weights and input, `warmup`
untimed forwards, `repeats` timed forwards; throughput = batch / mean forward time, latency in ms
at batch 1. Prints one JSON object per architecture (and appends it to --out).

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/bench_measure_python.py \
      --archs archs.txt --batch 32 --resolution 224 --threads 2 --out py.jsonl
"""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn

STAGE_OUT = [16, 24, 40, 80, 112, 192, 320]
STAGE_STRIDE = [1, 2, 2, 2, 1, 2, 1]


def parse_arch(text):
    """Canonical string e.......-k.......-l.......-se....... -> list of (e, k, l, se)."""
    e, k, l, se = text.strip().split("-")
    return [(int(e[1 + i]), int(k[1 + i]), int(l[1 + i]), se[2 + i] == "T") for i in range(7)]


class SqueezeExcite(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.reduce = nn.Conv2d(channels, squeeze, 1)
        self.act = nn.ReLU(inplace=True)
        self.expand = nn.Conv2d(squeeze, channels, 1)
        self.gate = nn.Hardsigmoid()

    def forward(self, x):
        return x * self.gate(self.expand(self.act(self.reduce(self.pool(x)))))


def conv_bn(cin, cout, k, stride=1, groups=1, act=True):
    layers = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act:
        layers.append(nn.ReLU(inplace=True))
    return layers


class MBConv(nn.Module):
    def __init__(self, cin, cout, e, k, stride, se):
        super().__init__()
        cexp = cin * e
        layers = conv_bn(cin, cexp, 1) if cexp != cin else []
        layers += conv_bn(cexp, cexp, k, stride, groups=cexp)
        if se:
            layers.append(SqueezeExcite(cexp, max(1, cin // 4)))
        layers += conv_bn(cexp, cout, 1, act=False)
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.block(x)
        return y + x if self.residual else y


def build(arch):
    layers = conv_bn(3, 32, 3, 2)
    cin = 32
    for s, (e, k, l, se) in enumerate(arch):
        for i in range(l):
            layers.append(MBConv(cin, STAGE_OUT[s], e, k, STAGE_STRIDE[s] if i == 0 else 1, se))
            cin = STAGE_OUT[s]
    layers += conv_bn(cin, 4 * cin, 1)
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(4 * cin, 1000)]
    return nn.Sequential(*layers)


def time_forwards(net, x, warmup, repeats):
    for _ in range(warmup):
        net(x)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        net(x)
        times.append(time.perf_counter() - start)
    return times


def measure(arch_text, args):
    net = build(parse_arch(arch_text)).eval().to(memory_format=torch.channels_last)
    params = sum(p.numel() for p in net.parameters())
    with torch.no_grad():
        x = torch.randn(args.batch, 3, args.resolution, args.resolution).contiguous(
            memory_format=torch.channels_last)
        t = time_forwards(net, x, args.warmup, args.repeats)
        one = torch.randn(1, 3, args.resolution, args.resolution).contiguous(
            memory_format=torch.channels_last)
        lat = [1000 * s for s in time_forwards(net, one, args.warmup, args.repeats)]
    rates = [args.batch / s for s in t]
    return {"arch": arch_text.strip(), "params": params,
            "throughput_mean": args.batch / statistics.mean(t),
            "throughput_std": statistics.stdev(rates) if len(rates) > 1 else 0.0,
            "latency_mean": statistics.mean(lat),
            "latency_std": statistics.stdev(lat) if len(lat) > 1 else 0.0}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--archs", required=True, help="file with one canonical architecture a line")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--resolution", type=int, default=224)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--out", help="append JSON lines here")
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    archs = [a for a in open(args.archs) if a.strip() and not a.startswith("#")]
    for a in archs:
        result = measure(a, args)
        result["torch"] = torch.__version__
        print(json.dumps(result), flush=True)
        if args.out:
            with open(args.out, "a") as f:
                f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
