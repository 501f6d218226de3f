#!/usr/bin/env python3
"""Regularized evolution from Python on the anb surrogate benchmark, with a plot.

Runs regularized evolution (Real et al. 2019, the original benchmark's settings: population 20,
tournament of 10, 600 evaluations) two ways on the same model directory:

  * written in Python on top of the bindings (SearchSpace.sample, Architecture.mutate,
    Benchmark.query) - the template for trying your own algorithm;
  * anb's C++ implementation through anb.run_seeds (what `anb search --algorithm re` runs),

and plots the best accuracy found after each evaluation (mean over seeds, with the band of one
standard deviation) to a PNG with gnuplot.

    bash scripts/build
    ./build/anb fit --data /work/shared/data/accel-nasbench/anb_dataset_trainval.tar.gz \
        --out /tmp/anb-models                      # once, a few minutes
    PYTHONPATH=build/python /usr/bin/python3 examples/python/regularized_evolution.py \
        --models /tmp/anb-models --out /tmp/re-python
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

import numpy as np

import anb


def regularized_evolution(bench, budget, seed, population=20, sample_size=10):
    """Best accuracy so far after each evaluation of one run written in plain Python."""
    rng = anb.Rng(seed)
    members = anb.SearchSpace.sample(population, seed=seed + 1_000_003)
    scores = list(bench.query(members, "accuracy")[0])  # one batch call for the population
    best = list(np.maximum.accumulate(scores))
    while len(best) < budget:
        tournament = [rng.uniform_int(len(members)) for _ in range(sample_size)]
        parent = members[max(tournament, key=lambda i: scores[i])]
        child = parent.mutate(rng)
        members.append(child)
        scores.append(bench.query(child, "accuracy")[0])
        members.pop(0)  # the oldest dies
        scores.pop(0)
        best.append(max(best[-1], scores[-1]))
    return np.array(best)


def write_plot(png, curves, title):
    """Mean +- std of each curve set (evaluations x seeds) with gnuplot; False if unavailable."""
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        print("warning: gnuplot not found; skipped the plot", file=sys.stderr)
        return False
    data = os.path.splitext(png)[0] + ".dat"
    with open(data, "w") as f:
        for name, runs in curves.items():
            runs = np.asarray(runs)
            mean, std = runs.mean(axis=0), runs.std(axis=0, ddof=1) if len(runs) > 1 else 0 * runs[0]
            f.write(f"# {name}\n")
            for i, (m, s) in enumerate(zip(mean, std)):
                f.write(f"{i + 1} {m:.6f} {m - s:.6f} {m + s:.6f}\n")
            f.write("\n\n")
    plots = []
    for k, name in enumerate(curves):
        plots.append(f"'{data}' index {k} using 1:3:4 with filledcurves fs transparent solid 0.2 "
                     f"lc {k + 1} notitle")
        plots.append(f"'{data}' index {k} using 1:2 with lines lw 2 lc {k + 1} title '{name}'")
    script = "\n".join([
        "set terminal pngcairo size 900,600 noenhanced" if _has_cairo(gnuplot) else
        "set terminal png size 900,600 noenhanced",
        f"set output '{png}'",
        f"set title '{title}'",
        "set xlabel 'evaluations'",
        "set ylabel 'best accuracy so far (%)'",
        "set key bottom right",
        "set grid",
        "plot " + ", ".join(plots),
    ])
    subprocess.run([gnuplot], input=script, text=True, check=True)
    return True


def _has_cairo(gnuplot):
    out = subprocess.run([gnuplot, "-e", "set terminal"], capture_output=True, text=True)
    return "pngcairo" in out.stdout + out.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", required=True, help="model directory (from anb fit)")
    parser.add_argument("--out", default="re-python", help="output folder")
    parser.add_argument("--budget", type=int, default=600, help="evaluations per seed")
    parser.add_argument("--seeds", type=int, default=5, help="number of seeds")
    args = parser.parse_args()

    bench = anb.Benchmark(args.models)
    os.makedirs(args.out, exist_ok=True)
    seeds = list(range(args.seeds))

    start = time.perf_counter()
    python_runs = [regularized_evolution(bench, args.budget, s) for s in seeds]
    python_seconds = time.perf_counter() - start

    start = time.perf_counter()
    results = anb.run_seeds(bench, seeds, algorithm="re", objectives=["accuracy"],
                            budget=args.budget)
    cpp_seconds = time.perf_counter() - start
    cpp_runs = [r.progress for r in results]

    for name, runs, sec in (("Python RE", python_runs, python_seconds),
                            ("anb.run_seeds RE", cpp_runs, cpp_seconds)):
        finals = [r[-1] for r in runs]
        print(f"{name:<17} final best {np.mean(finals):.3f} +- {np.std(finals, ddof=1) if len(finals) > 1 else 0:.3f} % "
              f"({len(seeds)} seeds x {args.budget} evaluations, {sec:.2f} s)")
    best = max(results, key=lambda r: r.final_progress)
    print(f"best architecture {best.best.arch} ({best.best.values[0]:.3f} %, seed {best.seed})")

    with open(os.path.join(args.out, "curves.csv"), "w") as f:
        f.write("evaluation,python_mean,cpp_mean\n")
        for i, (p, c) in enumerate(zip(np.mean(python_runs, axis=0), np.mean(cpp_runs, axis=0))):
            f.write(f"{i + 1},{p:.6f},{c:.6f}\n")
    png = os.path.join(args.out, "regularized_evolution.png")
    if write_plot(png, {"RE in Python": python_runs, "anb RE (C++)": cpp_runs},
                  f"Regularized evolution on {os.path.basename(os.path.normpath(args.models))}"):
        print(f"wrote {png}")


if __name__ == "__main__":
    main()
