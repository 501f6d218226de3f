#!/usr/bin/env python3
"""Speed of Benchmark.query from Python against the same work in C++, side by side in one process.

  * batch: one call of bench.query on N architectures (default 10,000), all targets, from a list
    of Architecture objects and from an (N, 28) encoding array, against the same batch queried in
    C++ (Benchmark::query_batch per target, timed inside the module by _time_cpp_query_batch).
    Fastest of --repeats alternating rounds each. Target: Python within 2x of C++.
  * single: mean time of one bench.query(arch) call (all targets; and one target) against one C++
    query of the same targets (Benchmark::query per target, _time_cpp_query_single), in
    alternating rounds of calls / rounds calls, fastest round each. Target: <= 5 us above C++.
  * per architecture: a batch of --small (default 1,000) architectures in one bench.query call
    against bench.query of each architecture alone, accuracy and all targets, alternating rounds,
    fastest each. Target: the batch never slower per architecture than single calls.

    PYTHONPATH=build/python /usr/bin/python3 bench/bench_python_query.py --models DIR
"""

import argparse
import json
import time

import anb
from fastest import fastest  # bench/fastest.py


def per_call_us(fn, calls):
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", required=True, help="model directory (from anb fit)")
    parser.add_argument("--n", type=int, default=10000, help="architectures per batch")
    parser.add_argument("--repeats", type=int, default=5, help="batch runs (fastest counts)")
    parser.add_argument("--calls", type=int, default=20000, help="single-architecture calls")
    parser.add_argument("--rounds", type=int, default=10,
                        help="single-call rounds (calls / rounds each; the fastest counts)")
    parser.add_argument("--small", type=int, default=1000,
                        help="architectures of the per-architecture batch vs single comparison")
    parser.add_argument("--seed", type=int, default=0, help="architectures drawn with this seed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    bench = anb.Benchmark(args.models)
    archs = anb.SearchSpace.sample(args.n, seed=args.seed)
    encodings = anb.SearchSpace.encode(archs)
    arch = archs[0]
    bench.query(archs[:100])  # warm-up

    # Rounds alternate the C++ and the Python side so that both see the same machine load; the
    # fastest round of each side counts.
    cpp_batch = py_batch = py_batch_enc = float("inf")
    for _ in range(args.repeats):
        cpp_batch = min(cpp_batch, anb._core._time_cpp_query_batch(bench, archs, repeats=1))
        py_batch = min(py_batch, fastest(lambda: bench.query(archs), 1))
        py_batch_enc = min(py_batch_enc, fastest(lambda: bench.query(encodings), 1))

    block = max(1, args.calls // args.rounds)
    cpp_single = py_single = cpp_one = py_one = float("inf")
    for _ in range(args.rounds):
        cpp_single = min(cpp_single, anb._core._time_cpp_query_single(bench, arch, calls=block))
        py_single = min(py_single, per_call_us(lambda: bench.query(arch), block))
        cpp_one = min(cpp_one, anb._core._time_cpp_query_single(bench, arch, targets="accuracy",
                                                                calls=block))
        py_one = min(py_one, per_call_us(lambda: bench.query(arch, "accuracy"), block))

    # Per architecture: one batch call of --small architectures against one call each.
    small = archs[:args.small]
    small_enc = encodings[:args.small]
    per = {"accuracy": [float("inf")] * 3, None: [float("inf")] * 3}
    for _ in range(args.repeats):
        for targets, best in per.items():
            best[0] = min(best[0], fastest(lambda: bench.query(small, targets), 1) / len(small) * 1e6)
            best[1] = min(best[1], fastest(lambda: bench.query(small_enc, targets), 1) / len(small) * 1e6)
            best[2] = min(best[2], fastest(lambda: [bench.query(a, targets) for a in small], 1)
                          / len(small) * 1e6)

    figures = {
        "models": args.models,
        "targets": len(bench.targets),
        "n": args.n,
        "batch_cpp_ms": cpp_batch * 1e3,
        "batch_python_list_ms": py_batch * 1e3,
        "batch_python_encodings_ms": py_batch_enc * 1e3,
        "batch_ratio_list": py_batch / cpp_batch,
        "batch_ratio_encodings": py_batch_enc / cpp_batch,
        "single_all_targets_cpp_us": cpp_single,
        "single_all_targets_python_us": py_single,
        "single_all_targets_overhead_us": py_single - cpp_single,
        "single_accuracy_cpp_us": cpp_one,
        "single_accuracy_python_us": py_one,
        "single_accuracy_overhead_us": py_one - cpp_one,
        "small_n": len(small),
        "per_arch_accuracy_batch_us": per["accuracy"][0],
        "per_arch_accuracy_batch_choices_us": per["accuracy"][1],
        "per_arch_accuracy_single_us": per["accuracy"][2],
        "per_arch_all_batch_us": per[None][0],
        "per_arch_all_batch_choices_us": per[None][1],
        "per_arch_all_single_us": per[None][2],
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"models {args.models}: {len(bench.targets)} targets")
    print(f"batch of {args.n} archs, all targets (fastest of {args.repeats} rounds):")
    print(f"  C++ query_batch          {cpp_batch * 1e3:9.2f} ms")
    print(f"  Python, Architecture list {py_batch * 1e3:8.2f} ms  ({py_batch / cpp_batch:.2f}x C++)")
    print(f"  Python, (n, 28) array    {py_batch_enc * 1e3:9.2f} ms  ({py_batch_enc / cpp_batch:.2f}x C++)")
    print(f"single architecture (fastest of {args.rounds} rounds of {block} calls):")
    print(f"  all targets: C++ {cpp_single:7.2f} us, Python {py_single:7.2f} us "
          f"(+{py_single - cpp_single:.2f} us)")
    print(f"  accuracy:    C++ {cpp_one:7.2f} us, Python {py_one:7.2f} us "
          f"(+{py_one - cpp_one:.2f} us)")
    print(f"per architecture, batch of {len(small)} vs one call each (fastest of {args.repeats}):")
    for name, key in (("accuracy", "accuracy"), ("all targets", None)):
        b, c, one = per[key]
        print(f"  {name:11s}: batch {b:6.2f} us (choice array {c:6.2f} us), single calls "
              f"{one:6.2f} us ({one / b:.2f}x)")


if __name__ == "__main__":
    main()
