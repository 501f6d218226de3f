#!/usr/bin/env bash
# GPU faithfulness run of `anb measure` (docs/networks.md, "GPU"): builds anb against the pip
# PyTorch's CUDA libtorch, measures >= 200 dataset architectures on the GPU (fp16 autocast,
# channels-last, batch 256, 224 px, 5 warm-up and 20 timed forwards) and reports Kendall tau of
# their throughput against the dataset's A100 column (and the H200 records where they overlap).
# Prepared on a machine without a GPU and NOT RUN there; run bench/gpu_prepare.sh first, then
# on the GPU machine (its plain python3 holds a CUDA PyTorch):
#   OUT=/some/dir bash bench/gpu_measure.sh [N=256]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-256}
OUT=${OUT:-/tmp/anb-gpu}
PY=${PYTHON:-python3}
mkdir -p "$OUT"
log() { echo "== $*" | tee -a "$OUT/gpu_measure.log"; }
log "$(date -u +%FT%TZ) $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true)"

# 1. Dependencies carried as Debian packages (bench/gpu_prepare.sh), unpacked into a prefix.
deps=/tmp/anb-deps
if [[ -d .gpu-carry/debs ]]; then
  mkdir -p "$deps"
  for f in .gpu-carry/debs/*.deb; do dpkg-deb -x "$f" "$deps" 2>/dev/null || dpkg -x "$f" "$deps"; done
fi
export LD_LIBRARY_PATH="$deps/usr/lib/x86_64-linux-gnu:$deps/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"

# 2. Configure against the pip PyTorch's libtorch (CUDA) and build only the CLI.
torch_prefix=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
log "torch $($PY -c 'import torch; print(torch.__version__, torch.version.cuda)') at $torch_prefix"
cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$torch_prefix;$deps/usr" -DOPENSSL_ROOT_DIR="$deps/usr" \
  -DCMAKE_LIBRARY_PATH="$deps/usr/lib/x86_64-linux-gnu;$deps/lib/x86_64-linux-gnu" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,-rpath-link,$deps/usr/lib/x86_64-linux-gnu:$deps/lib/x86_64-linux-gnu" \
  -DANB_WITH_SURROGATE=OFF -DANB_WITH_PYTHON=OFF -DANB_WITH_MPI=OFF -DANB_BUILD_TESTS=OFF \
  -DANB_BUILD_BENCH=OFF -DANB_DATA_DIR="$PWD/.gpu-carry/data" 2>&1 | tail -n 20 | tee -a "$OUT/gpu_measure.log"
start=$(date +%s)
cmake --build build-gpu -j "$(nproc)" --target anb 2>&1 | tail -n 5 | tee -a "$OUT/gpu_measure.log"
log "build: $(( $(date +%s) - start )) s"

# 3. Measure (resumable: rerunning continues where a killed run stopped).
export OMP_WAIT_POLICY=PASSIVE
start=$(date +%s)
./build-gpu/anb measure --device cuda --name gpu --data .gpu-carry/data/anb_dataset_trainval.tar.gz \
  --sample "$N" --seed 1 --batch 256 --resolution 224 --precision fp16 --warmup 5 --repeats 20 \
  --description "$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)" \
  --quiet --out "$OUT/records" 2>&1 | tee -a "$OUT/gpu_measure.log"
log "measure: $(( $(date +%s) - start )) s"

# 4. Kendall tau against the dataset's A100 column and the H200 records.
$PY - "$OUT/records" .gpu-carry/data <<'PYEOF' 2>&1 | tee -a "$OUT/gpu_measure.log"
import glob, json, sys, tarfile
from scipy.stats import kendalltau
def key(a): return json.dumps(a, sort_keys=True)
mine = {}
for f in glob.glob(sys.argv[1] + "/*.json"):
    r = json.load(open(f)); mine[key(r["architecture"])] = r["platform_perf"]
def column(tar, target):
    out = {}
    with tarfile.open(tar) as t:
        for m in t.getmembers():
            if m.name.endswith(".json"):
                r = json.load(t.extractfile(m)); v = r.get("platform_perf", {}).get(target)
                if v and v.get(target.split("_")[0] + "_mean") is not None:
                    out.setdefault(key(r["architecture"]), v[target.split("_")[0] + "_mean"])
    return out
for tar, target, metric in [("anb_dataset_trainval.tar.gz", "throughput_a100", "throughput_gpu"),
                            ("anb_dataset_trainval.tar.gz", "throughput_3090", "throughput_gpu"),
                            ("h200_records.tar.gz", "throughput_h200", "throughput_gpu"),
                            ("h200_records.tar.gz", "latency_h200", "latency_gpu")]:
    try:
        ref = column(sys.argv[2] + "/" + tar, target)
    except FileNotFoundError:
        continue
    ks = [k for k in mine if k in ref]
    if len(ks) > 2:
        m = [mine[k][metric][metric.split("_")[0] + "_mean"] for k in ks]
        print(f"Kendall tau of anb measure (GPU) {metric} vs {target}: "
              f"{kendalltau(m, [ref[k] for k in ks])[0]:.4f} on {len(ks)} architectures")
PYEOF
