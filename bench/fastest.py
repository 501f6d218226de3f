"""The wall time of the fastest of several runs of a function, for the Python benchmarks
(bench_python_query.py, bench_recorder.py): the least-disturbed run is the best estimate of its
cost on a machine that others share."""

import time


def fastest(fn, repeats):
    """Seconds of the fastest of `repeats` calls of fn() (time.perf_counter)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
