#!/usr/bin/env bash
# Benchmark of `anb measure` (docs/networks.md): wall time of measuring N=50 random
# architectures at batch 32, 224 px on 2 threads, with the run killed (SIGKILL) after
# KILL_AFTER seconds and restarted, to show that no architecture is measured twice; then the
# peak memory (RSS) of measuring the largest architecture of the space.
# Usage: bench/measure_bench.sh [N=50]  (env: ANB=build/anb, WORK=/tmp/anb-measure-bench,
#        KILL_AFTER=120, WARMUP=2, REPEATS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE
N=${1:-50}
ANB=${ANB:-build/anb}
WORK=${WORK:-/tmp/anb-measure-bench}
KILL_AFTER=${KILL_AFTER:-120}
args=(--name bench --batch 32 --resolution 224 --threads 2 --warmup "${WARMUP:-2}"
      --repeats "${REPEATS:-5}" --quiet)
rm -rf "$WORK"
mkdir -p "$WORK"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
timeout -s KILL "$KILL_AFTER" "$ANB" measure --sample "$N" --seed 1 "${args[@]}" --out "$WORK/run" || true
done_before=$(find "$WORK/run" -name '*.json' | wc -l)
echo "killed after ${KILL_AFTER} s with $done_before records written"
"$ANB" measure --sample "$N" --seed 1 "${args[@]}" --out "$WORK/run" | tee "$WORK/resume.txt"
end=$(date +%s.%N)
echo "wall time for $N architectures (both runs, process starts included): $(echo "$end - $start" | bc) s"
grep -q "skipped $done_before " "$WORK/resume.txt" && echo "restart skipped exactly the $done_before finished architectures"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "e6666666-k5555555-l3333343-seTTTTTTT" > "$WORK/largest.txt"
"$ANB" measure --archs "$WORK/largest.txt" "${args[@]}" --out "$WORK/largest"
