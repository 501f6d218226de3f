#!/usr/bin/env python3
"""How much of the accuracy surrogate's held-out error is the labels' own training noise
(docs/surrogates.md, "Accuracy rank quality: the labels' noise and the learning curve").

Every accuracy label is one proxified training run: y = t + e, with t the architecture's expected
accuracy and e the seed-to-seed noise, whose std sigma(t) is the seed-spread model `anb fit`
learns from the proxy ablation (the manifest's `"noise"` of the accuracy target). On the held-out
folds of bench/accuracy_family_cv.py (5 folds of pooled train + val, the test split is not used)
this script reports, per fold:

  tau        Kendall tau of the default ensemble against the held-out labels
  rmse       its root mean squared error against them
  noise      the root mean sigma(y)^2 of those labels: the part of rmse no predictor can remove
  error      sqrt(rmse^2 - noise^2): the ensemble's error against the expected accuracy t
  ceiling    the tau a perfect predictor of t would reach against labels this noisy (simulated:
             t = the labels shrunk to their mean so that var(t) = var(y) - noise^2, e drawn from
             sigma(t), mean over --draws draws)

and, from the learning-curve fits of accuracy_family_cv.py (`--candidate fraction:F`, cached in
--work), the error against t as a power law of the number of training records, n^-alpha, which
it turns into the tau expected at other record counts (a simulated tau(error) curve, shifted to
pass through the measured tau).

Run accuracy_family_cv.py first with the same --work, e.g.
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/accuracy_family_cv.py --work out/acc_cv \\
        --candidate fraction:0.5 --candidate fraction:0.75
    /usr/bin/python3 bench/accuracy_noise_ceiling.py --work out/acc_cv --models models/default
"""
import argparse
import glob
import json
import os
import re
import sys

import numpy as np
from scipy.stats import kendalltau

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy_family_cv as family  # noqa: E402  (same loader and folds)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", help="dataset tarball (default: accuracy_family_cv.py's)")
    p.add_argument("--work", required=True, help="accuracy_family_cv.py's --work")
    p.add_argument("--models", required=True, help="model directory with the accuracy noise model")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--draws", type=int, default=100)
    p.add_argument("--counts", default="4100,4612,5500,6500",
                   help="training-record counts to extrapolate the tau to")
    return p.parse_args()


def noise_model(models):
    with open(os.path.join(models, "manifest.json")) as f:
        manifest = json.load(f)
    for t in manifest["targets"]:
        if t["name"] == "accuracy" and t.get("noise", {}).get("model") == "seed_spread":
            n = t["noise"]
            return lambda m: np.exp(n["log_sigma"] + n["slope"] * (m - n["centre"]))
    raise SystemExit(f"{models}/manifest.json: no seed_spread noise model for accuracy")


def fold_predictions(work, tag, y, ids, folds, k):
    te = np.arange(k, len(ids), folds)
    tr = np.setdiff1d(np.arange(len(ids)), te)
    c = y[tr].max() + 0.2 * (y[tr].max() - y[tr].min())
    return te, (c - np.exp(-np.load(os.path.join(work, f"{tag}_f{k}.npy")))).mean(0)


def main():
    args = parse_args()
    sigma = noise_model(args.models)
    sys.argv = [sys.argv[0], "--work", args.work, "--folds", str(args.folds)]
    if args.data:
        sys.argv += ["--data", args.data]
    ids, recs = family.load(family.parse_args())
    y = np.array([recs[i]["metrics"]["val_top1"] for i in ids])
    rng = np.random.RandomState(0)
    n_train = len(ids) - len(np.arange(0, len(ids), args.folds))

    def truth(labels):
        v, s2 = labels.var(), np.mean(sigma(labels) ** 2)
        return labels.mean() + (labels - labels.mean()) * np.sqrt((v - s2) / v)

    def sim_tau(t, err):
        return np.mean([kendalltau(t + rng.randn(len(t)) * err,
                                   t + rng.randn(len(t)) * sigma(t))[0]
                        for _ in range(args.draws)])

    print(f"{'fold':>4} {'tau':>7} {'rmse':>7} {'noise':>7} {'error':>7} {'ceiling':>8}")
    rows = []
    for k in range(args.folds):
        te, p = fold_predictions(args.work, "defaults", y, ids, args.folds, k)
        mse, s2 = np.mean((y[te] - p) ** 2), np.mean(sigma(y[te]) ** 2)
        rows.append((kendalltau(p, y[te])[0], np.sqrt(mse), np.sqrt(s2),
                     np.sqrt(max(mse - s2, 0.0)), sim_tau(truth(y[te]), 0.0)))
        print(f"{k:>4} " + " ".join(f"{v:7.4f}" for v in rows[-1]))
    mean = np.mean(rows, 0)
    print("mean " + " ".join(f"{v:7.4f}" for v in mean))
    print(f"noise share of the squared error: {mean[2] ** 2 / mean[1] ** 2:.2f}")

    curve = {1.0: "defaults"}
    for path in glob.glob(os.path.join(args.work, "fraction*_f0.npy")):
        curve[float(re.search(r"fraction([0-9.]+)_f0", path).group(1))] = \
            os.path.basename(path)[:-len("_f0.npy")]
    print(f"\nlearning curve (error against t, mean over folds):\n{'records':>8} {'error':>7}")
    counts, err2 = [], []
    for frac in sorted(curve):
        e2 = []
        for k in range(args.folds):
            te, p = fold_predictions(args.work, curve[frac], y, ids, args.folds, k)
            e2.append(np.mean((y[te] - p) ** 2) - np.mean(sigma(y[te]) ** 2))
        counts.append(round(frac * n_train))
        err2.append(np.mean(e2))
        print(f"{counts[-1]:>8} {np.sqrt(err2[-1]):7.4f}")
    if len(counts) < 2:
        return
    slope, icpt = np.polyfit(np.log(counts), np.log(err2), 1)
    print(f"error^2 ~ n^{slope:.2f}")
    t = truth(y[np.arange(0, len(ids), args.folds)])
    shift = mean[0] - sim_tau(t, mean[3])
    print(f"{'records':>8} {'error':>7} {'expected tau':>12}")
    for n in [n_train] + [int(c) for c in args.counts.split(",")]:
        e = np.sqrt(np.exp(icpt + slope * np.log(n)))
        print(f"{n:>8} {e:7.4f} {sim_tau(t, e) + shift:12.4f}")


if __name__ == "__main__":
    main()
