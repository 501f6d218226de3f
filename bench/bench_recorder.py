"""Cost of recording and scoring a custom Python optimizer (issue 17 target: its 600
evaluations recorded and scored, hypervolume so far included, in at most 2x the time of the raw
queries alone).

The same 600 architectures (proposed by a simple Python optimizer, fixed beforehand so both sides
do identical work) are evaluated in the optimizer's batch size
  * raw:       bench.query(batch, objectives) only (no budget, no history, no hypervolume);
  * recorded:  anb.Recorder.evaluate(batch) (budget, de-duplication rule, history, best so far /
               incremental hypervolume so far, archive) and then Recorder.result() and
               anb.summarize (the scored run);
  * naive:     raw queries plus the hypervolume recomputed from scratch in Python after every
               evaluation (what the issue's user did), for context.
Rounds alternate so both sides see the same machine load; the fastest round of each is reported.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_recorder.py --models DIR [--rounds 7]
"""

import argparse
import os

import numpy as np

import anb
from fastest import fastest  # bench/fastest.py

OBJECTIVES = ["accuracy", "latency_zcu102"]


def proposals(n, seed):
    """600 architectures from a tiny mutation optimizer (fixed list, identical for every side)."""
    rng = anb.Rng(seed)
    archs = anb.SearchSpace.sample(40, seed=seed)
    while len(archs) < n:
        archs.append(archs[-1 - (len(archs) % 40)].mutate(rng))
    return archs[:n]


def batches(archs, size):
    return [archs[i:i + size] for i in range(0, len(archs), size)]


def raw(bench, parts, objectives):
    for b in parts:
        bench.query(b, objectives)


def recorded(bench, parts, objectives, budget):
    rec = anb.Recorder(bench, objectives=objectives, budget=budget, seed=0)
    for b in parts:
        rec.evaluate(b)
    return anb.summarize([rec.result()])


def naive(bench, parts, objectives, box):
    seen = []
    for b in parts:
        values, _ = bench.query(b, objectives)
        for row in np.atleast_2d(values):
            seen.append(row)
            anb.hypervolume(np.array(seen), objectives, bounds=box)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=os.environ.get("ANB_MODELS"))
    ap.add_argument("--evaluations", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    if not args.models:
        ap.error("--models (or $ANB_MODELS) is required")
    bench = anb.Benchmark(args.models)
    archs = proposals(args.evaluations, 0)
    box = anb.hypervolume_box(*OBJECTIVES)["bounds"]
    print(f"{args.evaluations} evaluations of {OBJECTIVES}, fastest of {args.rounds} rounds "
          "(alternating)")
    for size in (1, 20, args.evaluations):
        parts = batches(archs, size)
        t_raw = t_rec = float("inf")
        for _ in range(args.rounds):
            t_raw = min(t_raw, fastest(lambda: raw(bench, parts, OBJECTIVES), 1))
            t_rec = min(t_rec, fastest(
                lambda: recorded(bench, parts, OBJECTIVES, args.evaluations), 1))
        print(f"  batch {size:4d}: raw queries {t_raw * 1e3:8.2f} ms, recorded + scored "
              f"{t_rec * 1e3:8.2f} ms  ({t_rec / t_raw:.2f}x raw)")
    parts = batches(archs, 1)
    t_naive = fastest(lambda: naive(bench, parts, OBJECTIVES, box), max(1, args.rounds // 3))
    t_raw = fastest(lambda: raw(bench, parts, OBJECTIVES), args.rounds)
    print(f"  batch    1: naive (hypervolume recomputed in Python per evaluation) "
          f"{t_naive * 1e3:8.2f} ms  ({t_naive / t_raw:.2f}x raw)")


if __name__ == "__main__":
    main()
