#!/usr/bin/env bash
# The whole benchmark-construction loop of anb on Fashion-MNIST (Debian package
# dataset-fashion-mnist), sized for a 2-core CPU machine:
#
#   1. proxy search   anb proxy-search: 10 architectures x (reference + 6 candidates) x 2 seeds
#   2. collect        anb collect: train COLLECT_N architectures under the selected scheme
#   3. measure        anb measure: CPU throughput/latency of the same architectures
#   4. fit            anb fit: XGBoost surrogates for accuracy and the CPU metrics (surrogate.json)
#   5. search         anb search: bi-objective NAS on the new surrogate benchmark
#
# Usage: examples/fashion_mnist/run_demo.sh [stage ...]   (default: all five stages)
# Environment: ANB (binary, default build/anb), OUT (default examples/fashion_mnist/out),
# NP (MPI ranks, default 2; 1 runs without mpirun), COLLECT_N (default 40).
# Every stage resumes: rerunning after an interruption only does the missing work.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ANB=${ANB:-build/anb}
OUT=${OUT:-$here/out}
NP=${NP:-2}
COLLECT_N=${COLLECT_N:-40}
DATASET="idx:/usr/share/datasets/fashion-mnist?train=20000&eval=10000"
export OMP_WAIT_POLICY=PASSIVE  # must be set before the process starts (reference.md §8)
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(proxy collect measure fit search)

launch() {  # one process per rank, one thread each
  if [ "$NP" -gt 1 ]; then
    mpirun --allow-run-as-root --oversubscribe -np "$NP" "$ANB" "$@"
  else
    "$ANB" "$@"
  fi
}

timed() {  # prints the wall time of a stage
  local name=$1; shift
  local start=$(date +%s)
  "$@"
  echo "== $name: $(( $(date +%s) - start )) s"
}

for stage in "${stages[@]}"; do
  case $stage in
    proxy)
      timed "proxy search" launch proxy-search --config "$here/proxy_search.json" \
        --out "$OUT/proxy" --quiet
      cat "$OUT/proxy/proxy_search.md" ;;
    collect)
      scheme="$OUT/proxy/selected_scheme.json"
      [ -f "$OUT/proxy/proxy_search.json" ] || { echo "run the proxy stage first" >&2; exit 1; }
      if [ ! -f "$scheme" ]; then  # none reached tau: the best-ranking one >= 5x cheaper
        best=$(/usr/bin/python3 -c 'import json,sys
c = [x for x in json.load(open(sys.argv[1]))["candidates"] if x["flops_ratio"] >= 5]
print(max(c, key=lambda x: x["kendall_tau"])["name"])' "$OUT/proxy/proxy_search.json")
        scheme="$OUT/proxy/schemes/$best.json"
        echo "no candidate reached the threshold; collecting under $best (best tau, >= 5x cheaper)"
      fi
      timed "collect" launch collect --scheme "$scheme" --dataset "$DATASET" \
        --sample "$COLLECT_N" --seed 7 --out "$OUT/records" --quiet ;;
    measure)
      timed "measure" "$ANB" measure --name cpu --data "$OUT/records" --batch 32 \
        --resolution 32 --threads 1 --repeats 3 --out "$OUT/measure" --quiet ;;
    fit)
      timed "fit" "$ANB" fit --data "$OUT/records" --data "$OUT/measure" \
        --config "$here/surrogate.json" \
        --out "$OUT/models" --no-progress ;;
    search)
      timed "search" "$ANB" search --models "$OUT/models" --algorithm nsga2 \
        --objectives accuracy,throughput_cpu --budget 300 --seeds 3 --force --out "$OUT/search" ;;
    *) echo "unknown stage $stage (proxy, collect, measure, fit, search)" >&2; exit 1 ;;
  esac
done
