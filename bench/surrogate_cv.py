#!/usr/bin/env python3
"""K-fold cross-validation of `anb fit` settings over the train + val records (docs/surrogates.md).

The 512 validation records alone are a noisy selector (a tau difference of 0.002 is within
seed-to-seed noise there). This script pools splits/train.txt and splits/val.txt, shuffles them
with --seed, cuts them into --folds folds and, for every candidate setting and fold, runs

    anb fit --train-list <the other folds> --val-list <fold> --targets T --config <candidate>

(`anb fit`'s own 9-fold early-stopping partition then lies inside the training folds), and
reads the ensemble's R2 and Kendall tau on the held-out fold from the manifest. With --eval it
also runs `anb eval` on the fold for the interval coverage and width. It prints, per
candidate, the mean and sample std over folds and the paired difference to the first candidate
(mean, std, folds won). The test split is never touched (it is not in the data).

Candidates are NAME=JSON: JSON is merged into the target's entry of config/surrogate_defaults.json;
NAME=original uses config/surrogate_original.json (JSON may still override, e.g. members).
A key "_fit_args" (a list) is not merged: its items are passed to `anb fit` (e.g.
["--calibration-folds", "members"]).

Example (from the repository root, a Release build in build/):
    OMP_WAIT_POLICY=PASSIVE nice -n 5 /usr/bin/python3 bench/surrogate_cv.py \
        --target throughput_tpuv3 --work /tmp/cv --candidate default='{}' \
        --candidate members7='{"members": 7}' --candidate original='{"members": 5}'
Fits are cached in --work/<target>/<candidate>/fold<k> (delete them to refit).
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--anb", default=os.path.join(ROOT, "build", "anb"))
    p.add_argument("--data", default=os.environ.get(
        "ANB_DATA", os.path.join(ROOT, "..", "shared", "data", "accel-nasbench",
                                 "anb_dataset_trainval.tar.gz")))
    p.add_argument("--target", required=True)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=0, help="seed of the fold shuffle")
    p.add_argument("--fit-seed", type=int, default=1, help="anb fit --seed")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--candidate", action="append", required=True, metavar="NAME=JSON")
    p.add_argument("--eval", action="store_true", help="also anb eval: coverage and widths")
    p.add_argument("--keep-models", action="store_true")
    p.add_argument("--work", required=True)
    p.add_argument("--json", help="write the per-fold figures here")
    return p.parse_args()


def shuffled_ids(data, seed):
    """The train + val record ids beside `data` (its splits/ folder), sorted, then shuffled with
    random.Random(seed): fold k of K is ids[k::K] (bench/accuracy_family_cv.py uses the same)."""
    splits = os.path.join(os.path.dirname(os.path.abspath(data)), "splits")
    ids = []
    for name in ("train.txt", "val.txt"):
        with open(os.path.join(splits, name)) as f:
            ids += [line.strip() for line in f if line.strip()]
    ids.sort()
    random.Random(seed).shuffle(ids)
    return ids


def make_folds(args):
    ids = shuffled_ids(args.data, args.seed)
    folds = [ids[k::args.folds] for k in range(args.folds)]
    out = os.path.join(args.work, f"folds_s{args.seed}_k{args.folds}")
    os.makedirs(out, exist_ok=True)
    paths = []
    for k, fold in enumerate(folds):
        held = os.path.join(out, f"val{k}.txt")
        train = os.path.join(out, f"train{k}.txt")
        if not os.path.exists(train):  # written once: parallel runs may read them
            with open(held, "w") as f:
                f.write("\n".join(fold) + "\n")
            with open(train + ".tmp", "w") as f:
                f.write("\n".join(i for j, o in enumerate(folds) if j != k for i in o) + "\n")
            os.replace(train + ".tmp", train)
        paths.append((train, held))
    return paths


def candidate_config(args, name, overrides, path):
    base = "surrogate_original.json" if name.startswith("original") else "surrogate_defaults.json"
    with open(os.path.join(ROOT, "config", base)) as f:
        config = json.load(f)
    entry = config["targets"].setdefault(args.target, {})
    entry.update(overrides)
    with open(path, "w") as f:
        json.dump(config, f)


def run_fold(args, name, config, train, held, out, fit_args=()):
    manifest = os.path.join(out, "manifest.json")
    summary = out + ".json"
    if os.path.exists(summary):
        with open(summary) as f:
            return json.load(f)
    subprocess.run([args.anb, "fit", "--data", args.data, "--train-list", train, "--val-list",
                    held, "--targets", args.target, "--config", config, "--seed",
                    str(args.fit_seed), "--threads", str(args.threads), "--seed-runs", "none",
                    "--no-progress", "--out", out, *fit_args], check=True, stdout=subprocess.DEVNULL)
    with open(manifest) as f:
        target = json.load(f)["targets"][0]
    result = {"ensemble": target["validation"]["ensemble"],
              "single_mean": target["validation"]["single_mean"],
              "rounds": statistics.mean(m["rounds"] for m in target["members"]),
              "fit_seconds": target["fit_seconds"]}
    if args.eval:
        ev = subprocess.run([args.anb, "eval", "--models", out, "--data", args.data,
                             "--records", held, "--json"], check=True, capture_output=True,
                            text=True)
        t = json.loads(ev.stdout)["targets"][args.target]
        result.update({k: t[k] for k in ("coverage", "interval_width", "constant_width") if k in t})
    if not args.keep_models:  # a model directory is a symlink to out.versions/<version>
        if os.path.islink(out):
            os.unlink(out)
            shutil.rmtree(out + ".versions")
        else:
            shutil.rmtree(out)
    with open(summary, "w") as f:
        json.dump(result, f)
    return result


def fmt(values):
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}" if len(
        values) > 1 else f"{values[0]:.4f}"


def main():
    args = parse_args()
    folds = make_folds(args)
    results = {}
    for spec in args.candidate:
        name, _, js = spec.partition("=")
        overrides = json.loads(js or "{}")
        fit_args = overrides.pop("_fit_args", [])
        base = os.path.join(args.work, args.target, name)
        os.makedirs(base, exist_ok=True)
        config = os.path.join(base, "config.json")
        candidate_config(args, name, overrides, config)
        results[name] = []
        for k, (train, held) in enumerate(folds):
            r = run_fold(args, name, config, train, held, os.path.join(base, f"fold{k}"),
                         fit_args)
            results[name].append(r)
            print(f"{name} fold {k}: tau {r['ensemble']['kendall_tau']:.4f} "
                  f"R2 {r['ensemble']['r2']:.4f}", file=sys.stderr, flush=True)
    first = next(iter(results))
    print(f"{args.target}: {args.folds} folds of train+val (shuffle seed {args.seed}), "
          f"fit seed {args.fit_seed}; mean ± std over folds; diff = candidate - {first}")
    print(f"{'candidate':24} {'tau':>17} {'R2':>17} {'tau diff':>17} won {'R2 diff':>17} won "
          f"{'rounds':>7}")
    for name, rs in results.items():
        tau = [r["ensemble"]["kendall_tau"] for r in rs]
        r2 = [r["ensemble"]["r2"] for r in rs]
        base_tau = [r["ensemble"]["kendall_tau"] for r in results[first]]
        base_r2 = [r["ensemble"]["r2"] for r in results[first]]
        dt = [a - b for a, b in zip(tau, base_tau)]
        dr = [a - b for a, b in zip(r2, base_r2)]
        print(f"{name:24} {fmt(tau):>17} {fmt(r2):>17} {fmt(dt):>17} "
              f"{sum(d > 0 for d in dt):>3} {fmt(dr):>17} {sum(d > 0 for d in dr):>3} "
              f"{statistics.mean(r['rounds'] for r in rs):7.0f}")
        if args.eval and "coverage" in rs[0]:
            for level in ("0.5", "0.8", "0.9", "0.95"):
                cov = [r["coverage"][level] for r in rs]
                ratio = [r["interval_width"][level] / r["constant_width"][level] for r in rs]
                print(f"    {level}: coverage {fmt(cov)}  width/constant {fmt(ratio)} "
                      f"(max {max(ratio):.3f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
