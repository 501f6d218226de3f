#!/usr/bin/env bash
# The transfer benchmark of few-shot device fits (docs/add-a-device.md): fits the known devices'
# surrogates on the train split (the prior models), the H200 reference on its train-split
# records, then runs `anb transfer` over every device (6 throughputs, 2 FPGA latencies, H200
# throughput and batch-1 latency) and writes the table, the JSON and the tau-vs-N plot.
# Usage: bench/transfer_bench.sh   (env: ANB=build/anb, WORK=/tmp/anb-transfer,
#        OUT=bench/results/transfer, DRAWS=10, METHODS=best_prior,stack,shrunk_trees,
#        SELECTIONS=random,diverse)
set -euo pipefail
cd "$(dirname "$0")/.."
ANB=${ANB:-build/anb}
WORK=${WORK:-/tmp/anb-transfer}
OUT=${OUT:-bench/results/transfer}
SHARED=${ANB_DATA_DIR:-../shared/data/accel-nasbench}
DATA=$SHARED/anb_dataset_trainval.tar.gz
H200=$SHARED/devices/h200/h200_records.tar.gz
mkdir -p "$WORK" "$OUT"
if [[ ! -f $WORK/prior/manifest.json ]]; then
  "$ANB" fit --data "$DATA" --threads 1 --no-progress --out "$WORK/prior" \
    --targets throughput_a100,throughput_3090,throughput_tpuv2,throughput_tpuv3,throughput_zcu102,throughput_vck190,latency_zcu102,latency_vck190
fi
if [[ ! -f $WORK/h200ref/manifest.json ]]; then
  "$ANB" fit --data "$DATA" --data "$H200" --targets throughput_h200,latency_h200 --threads 1 \
    --no-progress --prior-models "$WORK/prior" --prior-target throughput_a100 --out "$WORK/h200ref"
fi
/usr/bin/time -f "transfer: %e s wall, %U s user" "$ANB" transfer --data "$DATA" --data "$H200" \
  --prior-models "$WORK/prior" --reference-models "$WORK/h200ref" --draws "${DRAWS:-10}" \
  --methods "${METHODS:-best_prior,stack,shrunk_trees}" --selections "${SELECTIONS:-random,diverse}" \
  --json "$OUT/transfer.json" --plot "$OUT/tau_vs_n.png" | tee "$OUT/transfer.txt"
