#!/usr/bin/env bash
# Adds a device to the benchmark from real measurements: the 580 H200 records that ship with the
# shared data (PyTorch, fp16, batch 256 / batch 1, 224 px; devices/h200/metadata.json), fitted as
# corrections over the A100 surrogate (few-shot transfer, docs/add-a-device.md).
# Usage: examples/add_device_h200.sh   (env: ANB=build/anb, OUT=runs/h200)
set -euo pipefail
cd "$(dirname "$0")/.."
ANB=${ANB:-build/anb}
OUT=${OUT:-runs/h200}
SHARED=${ANB_DATA_DIR:-../shared/data/accel-nasbench}
DATA=${ANB_DATA:-$SHARED/anb_dataset_trainval.tar.gz}
H200=$SHARED/devices/h200/h200_records.tar.gz

# 1. The benchmark's own surrogates (all nine targets; train split, quality on the val split).
[[ -f $OUT/base/manifest.json ]] || "$ANB" fit --data "$DATA" --out "$OUT/base"

# 2. The new device: records joined with the dataset by architecture (the split lists beside
#    the dataset apply, so the H200 records of val architectures report held-out quality);
#    throughput_h200 over the A100 prior, latency_h200 plainly. The new directory also holds
#    every target of the base directory.
"$ANB" fit --data "$DATA" --data "$H200" --targets throughput_h200,latency_h200 \
  --prior-models "$OUT/base" --prior-target throughput_a100 --out "$OUT/models"

# 3. Use it like any benchmark.
"$ANB" query --models "$OUT/models" efficientnet-b0
"$ANB" eval --models "$OUT/models" --data "$H200" --targets throughput_h200 --json

# 4. Few-shot: the same device from only 20 measured architectures (the first 20 H200 records of
#    training-split architectures), over every known device; the fit prints its cross-validated
#    quality, and eval scores it on the H200 records of the val split it never saw.
FEW=$OUT/h200_20
mkdir -p "$FEW"
tar -tzf "$H200" | sort | grep -F -f <(sed 's|^|/|' "$SHARED/splits/train.txt") | head -20 \
  > "$OUT/h200_20.txt"
tar -xzf "$H200" -C "$FEW" --strip-components=1 -T "$OUT/h200_20.txt"
"$ANB" fit --few-shot --data "$DATA" --data "$FEW" --targets throughput_h200,latency_h200 \
  --prior-models "$OUT/base" --out "$OUT/few_shot"
"$ANB" eval --models "$OUT/few_shot" --data "$DATA" --data "$H200" --targets throughput_h200,latency_h200
