#!/usr/bin/env bash
# Faithfulness check of `anb measure` (numbers in docs/networks.md):
#  - two C++ runs over the same dataset architectures (Kendall tau, coefficient of variation),
#  - the Python PyTorch twin (bench/bench_measure_python.py) on the same architectures, run
#    between the two C++ runs,
#  - Kendall tau of this machine's throughput against the dataset's device columns.
# Usage: bench/faithfulness.sh [N=30]   (env: ANB=build/anb, WORK=/tmp/anb-faithfulness,
#        BATCH=32, RES=224, THREADS=2, WARMUP=1, REPEATS=3, ANB_DATA=<trainval tar.gz>)
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1
N=${1:-30}
ANB=${ANB:-build/anb}
WORK=${WORK:-/tmp/anb-faithfulness}
DATA=${ANB_DATA:-../shared/data/accel-nasbench/anb_dataset_trainval.tar.gz}
BATCH=${BATCH:-32} RES=${RES:-224} THREADS=${THREADS:-2} WARMUP=${WARMUP:-1} REPEATS=${REPEATS:-3}
PY=/usr/bin/python3
common=(--name faith --batch "$BATCH" --resolution "$RES" --threads "$THREADS"
        --warmup "$WARMUP" --repeats "$REPEATS" --quiet)
mkdir -p "$WORK"
[[ -f $WORK/archs.txt ]] || $PY bench/faithfulness_report.py pick "$DATA" "$N" 1 "$WORK/archs.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
# C++ run A, the Python twin, C++ run B: one process each, back to back, so that Python sits
# between the two C++ runs and a slow drift of the machine's load affects both sides alike.
"$ANB" measure --archs "$WORK/archs.txt" "${common[@]}" --out "$WORK/cpp_a" >/dev/null
[[ -s $WORK/py.jsonl ]] ||
  $PY bench/bench_measure_python.py --archs "$WORK/archs.txt" --batch "$BATCH" \
    --resolution "$RES" --threads "$THREADS" --warmup "$WARMUP" --repeats "$REPEATS" \
    --out "$WORK/py.jsonl" >/dev/null
"$ANB" measure --archs "$WORK/archs.txt" "${common[@]}" --out "$WORK/cpp_b" >/dev/null
echo "wall: $(( $(date +%s) - start )) s; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
$PY bench/faithfulness_report.py report "$DATA" "$WORK/cpp_a" "$WORK/cpp_b" "$WORK/py.jsonl" faith
