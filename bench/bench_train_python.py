#!/usr/bin/python3
"""Python PyTorch twin of `anb train-speed` (training-step speed, docs/construction.md).

Builds the same network as anb (bench_measure_python.build: ReLU + hard-sigmoid SE, dropout 0.2,
1000 classes, no stochastic depth) and times the same training step on one fixed random batch:
train mode, forward (under autocast for fp16/bf16), label-smoothed (0.1) cross-entropy,
backward (of the GradScaler-scaled loss for fp16), SGD momentum 0.9 with weight decay 1e-4 on
conv/linear weights only (PyTorch's default foreach implementation). Prints one JSON line.

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/bench_train_python.py --batch 64 \
      --resolution 32 --threads 2 --device cpu --precision fp32 --steps 20
"""
import argparse
import contextlib
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_measure_python import build, parse_arch  # noqa: E402

B0 = "e1666666-k3353553-l1223341-seTTTTTTT"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", default=B0)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--resolution", type=int, default=32)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="fp32", choices=["fp32", "fp16", "bf16"])
    p.add_argument("--no-channels-last", action="store_true")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=20)
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = True
    fmt = torch.contiguous_format if args.no_channels_last else torch.channels_last
    net = build(parse_arch(args.arch)).to(device).to(memory_format=fmt).train()
    decay = [q for q in net.parameters() if q.dim() > 1]
    no_decay = [q for q in net.parameters() if q.dim() <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 1e-4},
                           {"params": no_decay, "weight_decay": 0.0}], lr=0.0425, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=0.1)
    dtype = {"fp32": None, "fp16": torch.float16, "bf16": torch.bfloat16}[args.precision]
    scaler = torch.cuda.amp.GradScaler(enabled=args.precision == "fp16")
    x = torch.randn(args.batch, 3, args.resolution, args.resolution, device=device)
    x = x.contiguous(memory_format=fmt)
    y = torch.randint(1000, (args.batch,), device=device)

    def step():
        opt.zero_grad(set_to_none=True)
        context = torch.autocast(device.type, dtype=dtype) if dtype else contextlib.nullcontext()
        with context:
            loss = loss_fn(net(x).float(), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()

    for _ in range(args.warmup):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({"images_per_second": args.batch * args.steps / seconds, "seconds": seconds,
                      "batch": args.batch, "resolution": args.resolution, "steps": args.steps,
                      "device": args.device, "precision": args.precision,
                      "channels_last": not args.no_channels_last, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
