#!/usr/bin/env bash
# Few-shot transfer check (docs/add-a-device.md): K-fold cross-validation over the 580 H200
# records. The A100 prior is fitted once on the train/val records minus every H200 architecture
# (so it has not seen the held-out architectures either, as for a user's new architectures);
# then per fold throughput_h200 / latency_h200 are fitted on the other folds, plainly and over the
# prior, and Kendall tau on the held-out fold is reported (ensemble mean).
# Usage: bench/h200_prior_cv.sh [K=5]   (env: ANB=build/anb, WORK=/tmp/anb-h200-cv,
#        MEMBERS=<members per ensemble, default: the configured number>)
set -euo pipefail
cd "$(dirname "$0")/.."
K=${1:-5}
ANB=${ANB:-build/anb}
WORK=${WORK:-/tmp/anb-h200-cv}
SHARED=${ANB_DATA_DIR:-../shared/data/accel-nasbench}
DATA=$SHARED/anb_dataset_trainval.tar.gz
H200=$SHARED/devices/h200/h200_records.tar.gz
mkdir -p "$WORK"
members=()
[[ -n ${MEMBERS:-} ]] && members=(--members "$MEMBERS")
/usr/bin/python3 - "$DATA" "$H200" "$WORK" "$K" <<'PYEOF'
import os, random, sys, tarfile
data, h200, work, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ids = lambda t: sorted(os.path.basename(m) for m in tarfile.open(t).getnames() if m.endswith(".json"))
all_ids, h_ids = ids(data), ids(h200)
random.Random(0).shuffle(h_ids)
folds = [h_ids[i::k] for i in range(k)]
open(f"{work}/a100_train.txt", "w").write("\n".join(x for x in all_ids if x not in set(h_ids)) + "\n")
for i, test in enumerate(folds):
    held = set(test)
    open(f"{work}/h200_train_{i}.txt", "w").write("\n".join(x for x in h_ids if x not in held) + "\n")
    open(f"{work}/h200_test_{i}.txt", "w").write("\n".join(test) + "\n")
PYEOF
start=$(date +%s)
[[ -f $WORK/a100/manifest.json ]] ||
  "$ANB" fit --data "$DATA" --train-list "$WORK/a100_train.txt" --val-list "$WORK/h200_test_0.txt" \
    --targets throughput_a100 "${members[@]}" --no-progress --out "$WORK/a100" > /dev/null 2>&1
for ((i = 0; i < K; i++)); do
  common=(--data "$H200" --train-list "$WORK/h200_train_$i.txt" --val-list "$WORK/h200_test_$i.txt"
          --targets throughput_h200,latency_h200 "${members[@]}" --no-progress --json)
  "$ANB" fit "${common[@]}" --out "$WORK/plain_$i" > "$WORK/plain_$i.json" 2>/dev/null
  "$ANB" fit "${common[@]}" --prior-models "$WORK/a100" --prior-target throughput_a100 \
    --out "$WORK/prior_$i" > "$WORK/prior_$i.json" 2>/dev/null
done
echo "wall: $(( $(date +%s) - start )) s for $K folds"
/usr/bin/python3 - "$WORK" "$K" <<'PYEOF'
import json, statistics, sys
work, k = sys.argv[1], int(sys.argv[2])
for target in ["throughput_h200", "latency_h200"]:
    for kind in ["plain", "prior"]:
        taus = []
        for i in range(k):
            m = json.load(open(f"{work}/{kind}_{i}.json"))
            t = next(t for t in m["targets"] if t["name"] == target)
            taus.append(t["validation"]["ensemble"]["kendall_tau"])
        print(f"{target:16} {kind:5}: Kendall tau {statistics.mean(taus):.4f} "
              f"(folds {', '.join(f'{x:.3f}' for x in taus)})")
PYEOF
