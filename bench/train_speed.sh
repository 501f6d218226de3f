#!/usr/bin/env bash
# Training-step speed of anb (C++, `anb train-speed`) against Python PyTorch on the same network,
# batch and precision (bench/bench_train_python.py), alternated ROUNDS times in one run so both
# see the same machine state. Prints each run's images/s and the median ratio C++ / Python.
#   bash bench/train_speed.sh [DEVICE=cpu] [PRECISION=fp32] [BATCH=64] [RES=32] [THREADS=2]
# Environment: ANB (default build/anb), PY (default /usr/bin/python3), ROUNDS (3), STEPS (20),
# WARMUP (3), EXTRA (more flags for both, e.g. --no-channels-last).
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICE=${1:-cpu} PRECISION=${2:-fp32} BATCH=${3:-64} RES=${4:-32} THREADS=${5:-2}
ANB=${ANB:-build/anb} PY=${PY:-/usr/bin/python3}
ROUNDS=${ROUNDS:-3} STEPS=${STEPS:-20} WARMUP=${WARMUP:-3} EXTRA=${EXTRA:-}
export OMP_WAIT_POLICY=PASSIVE
common="--device $DEVICE --precision $PRECISION --batch $BATCH --resolution $RES --threads $THREADS --warmup $WARMUP --steps $STEPS $EXTRA"
cpp=() py=()
for ((r = 0; r < ROUNDS; r++)); do
  c=$("$ANB" train-speed $common --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["images_per_second"])')
  p=$("$PY" bench/bench_train_python.py $common | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["images_per_second"])')
  echo "round $r: anb $c images/s, python $p images/s"
  cpp+=("$c") py+=("$p")
done
"$PY" - "${cpp[*]}" "${py[*]}" <<'PY'
import statistics, sys
c = [float(x) for x in sys.argv[1].split()]; p = [float(x) for x in sys.argv[2].split()]
ratios = [a / b for a, b in zip(c, p)]
print(f"median anb {statistics.median(c):.1f} images/s, python {statistics.median(p):.1f} images/s, "
      f"ratio anb/python per round {[round(r, 2) for r in ratios]}, median {statistics.median(ratios):.2f}")
PY
