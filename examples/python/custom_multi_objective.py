"""A custom multi-objective optimizer, written in ~30 lines of Python, scored exactly like anb's
NSGA-II and random search: the same Recorder budgets, de-duplicates and records every run
(hypervolume so far in the shipped box of the pair), over 10 seeds each, with the same files and
plots as `anb search`.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/custom_multi_objective.py \
        --models /tmp/anb-models --out /tmp/custom-mo [--seeds 10] [--budget 600] [--force]

Writes <out>/<name>/ (an `anb search` folder per optimizer: trajectories, fronts, summary.json),
<out>/progress.png (hypervolume so far, mean +- std over seeds) and <out>/front.png (the merged
fronts with EfficientNet-B0 marked), and prints hypervolume and IGD+ per optimizer.
"""

import argparse
import os
import time

import numpy as np

import anb

OBJECTIVES = ["accuracy", "latency_zcu102"]  # latency is minimised: the tools know it


# ----------------------------------------------------------------- the custom optimizer (30 lines)
class FrontMutation:
    """Keeps everything it has seen; each round mutates members of the current Pareto front
    (one or two decisions) and adds a few fresh random architectures."""

    def __init__(self, seed, batch=20, fresh=0.2):
        self.rng = np.random.default_rng(seed)
        self.stream = anb.Rng(seed)
        self.batch, self.fresh = batch, fresh
        self.archs, self.values = [], np.empty((0, len(OBJECTIVES)))

    def random(self, n):
        return anb.SearchSpace.sample(n, seed=int(self.rng.integers(2**63)))

    def ask(self):
        if not self.archs:
            return self.random(2 * self.batch)
        front = anb.pareto_front(self.values, OBJECTIVES)
        children = []
        for _ in range(self.batch):
            if self.rng.random() < self.fresh:
                children += self.random(1)
                continue
            child = self.archs[front[self.rng.integers(len(front))]].mutate(self.stream)
            children.append(child.mutate(self.stream) if self.rng.random() < 0.5 else child)
        return children

    def tell(self, archs, values):
        self.archs += archs
        self.values = np.vstack([self.values, values])
# --------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=os.environ.get("ANB_MODELS"),
                    help="model directory from `anb fit` (default $ANB_MODELS)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--budget", type=int, default=600)
    ap.add_argument("--force", action="store_true", help="replace runs already in --out")
    args = ap.parse_args()
    if not args.models:
        ap.error("--models (or $ANB_MODELS) is required")
    bench = anb.Benchmark(args.models)
    seeds = range(args.seeds)
    common = dict(objectives=OBJECTIVES, budget=args.budget)

    start = time.perf_counter()
    runs = {"front-mutation": [anb.run_optimizer(FrontMutation(s), bench, seed=s,
                                                 name="front-mutation", **common) for s in seeds]}
    custom_seconds = time.perf_counter() - start
    runs["nsga2"] = anb.run_seeds(bench, seeds, algorithm="nsga2", **common)
    runs["rs"] = anb.run_seeds(bench, seeds, algorithm="rs", **common)

    os.makedirs(args.out, exist_ok=True)
    summaries = {}
    for name, results in runs.items():
        summaries[name] = anb.summarize(results)
        anb.write_search_folder(os.path.join(args.out, name), results, force=args.force,
                                plots=False)
    # IGD+ against the front of everything every optimizer found (the best known front).
    merged = np.vstack([r.front_values for results in runs.values() for r in results])
    best_known = merged[anb.pareto_front(merged, OBJECTIVES)]
    print(f"{'optimizer':16s} {'hypervolume (mean +- std)':>28s} {'IGD+ (mean)':>12s}")
    for name, results in runs.items():
        s = summaries[name]
        igd = np.mean([anb.igd_plus(r.front_values, best_known, OBJECTIVES) for r in results])
        print(f"{name:16s} {s.final_progress_mean:18.4f} +- {s.final_progress_std:.4f} {igd:12.4f}")
    print(f"front-mutation: {args.seeds} x {args.budget} evaluations in {custom_seconds:.2f} s "
          "(optimizer, queries and recording)")

    try:
        anb.plot_progress(os.path.join(args.out, "progress.png"), summaries,
                          title=f"hypervolume so far: {OBJECTIVES[0]} vs {OBJECTIVES[1]}")
        b0 = bench.query("efficientnet-b0", OBJECTIVES)[0]
        anb.plot_front(os.path.join(args.out, "front.png"), summaries, OBJECTIVES,
                       marks={"EfficientNet-B0": list(b0)},
                       title=f"Pareto fronts over {args.seeds} seeds")
        print(f"wrote {args.out}/progress.png and {args.out}/front.png")
    except RuntimeError as e:  # no gnuplot: the numbers above stand
        print(f"plots skipped: {e}")


if __name__ == "__main__":
    main()
