#!/usr/bin/python3
"""Helpers of bench/faithfulness.sh.

  faithfulness_report.py pick DATA N SEED OUT      N distinct dataset architectures -> OUT
                                                   (canonical strings, one a line)
  faithfulness_report.py report DATA CPP_A CPP_B PY.jsonl NAME
                                                   run-to-run tau and CV, C++/Python ratio,
                                                   tau against the dataset's device columns
"""
import glob
import json
import math
import os
import random
import statistics
import sys
import tarfile

from scipy.stats import kendalltau

DEVICES = ["throughput_a100", "throughput_3090", "throughput_tpuv2", "throughput_tpuv3",
           "throughput_zcu102", "throughput_vck190"]


def canonical(a):
    s = [(a[f"block{i}_e"], a[f"block{i}_k"], a[f"block{i}_l"], a[f"block{i}_se"])
         for i in range(7)]
    return ("e" + "".join(str(x[0]) for x in s) + "-k" + "".join(str(x[1]) for x in s) +
            "-l" + "".join(str(x[2]) for x in s) + "-se" + "".join("T" if x[3] else "F" for x in s))


def load_dataset(path):
    """canonical arch -> platform_perf of the first record (by file name) of that arch."""
    records = []
    with tarfile.open(path) as tar:  # one sequential pass (seeking in a .gz is quadratic)
        for m in tar:
            if m.name.endswith(".json"):
                records.append((os.path.basename(m.name), json.load(tar.extractfile(m))))
    out = {}
    for _, r in sorted(records, key=lambda x: x[0]):
        out.setdefault(canonical(r["architecture"]), r.get("platform_perf", {}))
    return out


def load_records(folder, name):
    out = {}
    for f in glob.glob(os.path.join(folder, "*.json")):
        r = json.load(open(f))
        out[canonical(r["architecture"])] = dict(r["platform_perf"][f"throughput_{name}"],
                                                 params=round(r["model_info"]["params"] * 1e6))
    return out


def pick(data, n, seed, out):
    archs = sorted(load_dataset(data))
    random.Random(int(seed)).shuffle(archs)
    with open(out, "w") as f:
        f.write("\n".join(archs[: int(n)]) + "\n")


def report(data, cpp_a, cpp_b, py_jsonl, name):
    a, b = load_records(cpp_a, name), load_records(cpp_b, name)
    py = {}
    for line in open(py_jsonl):
        r = json.loads(line)
        py[r["arch"]] = r
    common = sorted(set(a) & set(b) & set(py))
    ta = [a[k]["throughput_mean"] for k in common]
    tb = [b[k]["throughput_mean"] for k in common]
    tp = [py[k]["throughput_mean"] for k in common]
    within = [a[k]["throughput_std"] / a[k]["throughput_mean"] for k in common]
    between = [abs(x - y) / ((x + y) / 2) / math.sqrt(2) for x, y in zip(ta, tb)]
    ratios = [(x + y) / 2 / z for x, y, z in zip(ta, tb, tp)]
    print(f"architectures: {len(common)}; Python parameter count == analytic count on "
          f"{sum(py[k]['params'] == a[k]['params'] for k in common)}")
    print(f"C++ run A vs run B: Kendall tau {kendalltau(ta, tb)[0]:.4f}")
    print(f"coefficient of variation: within a run (std/mean over repeats) median "
          f"{statistics.median(within):.4f}; between runs median {statistics.median(between):.4f}")
    print(f"C++ (mean of runs A, B) / Python throughput: geometric mean "
          f"{math.exp(statistics.mean(math.log(r) for r in ratios)):.3f}, "
          f"min {min(ratios):.3f}, max {max(ratios):.3f}; tau C++ vs Python "
          f"{kendalltau(ta, tp)[0]:.4f}")
    print(f"mean throughput: C++ A {statistics.mean(ta):.2f}, C++ B {statistics.mean(tb):.2f}, "
          f"Python {statistics.mean(tp):.2f} images/s")
    ds = load_dataset(data)
    mine = [(x + y) / 2 for x, y in zip(ta, tb)]
    for dev in DEVICES:
        pairs = [(m, ds[k][dev]["throughput_mean"]) for m, k in zip(mine, common)
                 if k in ds and dev in ds[k] and ds[k][dev]["throughput_mean"] is not None]
        if len(pairs) > 2:
            tau = kendalltau([p[0] for p in pairs], [p[1] for p in pairs])[0]
            print(f"tau of this machine's throughput vs {dev}: {tau:.4f} (n={len(pairs)})")


if __name__ == "__main__":
    if sys.argv[1] == "pick":
        pick(*sys.argv[2:6])
    elif sys.argv[1] == "report":
        report(*sys.argv[2:7])
    else:
        sys.exit(__doc__)
