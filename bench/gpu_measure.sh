#!/usr/bin/env bash
# GPU faithfulness run of `anb measure` (docs/networks.md, "GPU"): builds anb against the pip
# PyTorch's CUDA libtorch, measures >= 200 dataset architectures on the GPU (fp16 autocast,
# channels-last, batch 256, 224 px, 5 warm-up and 20 timed forwards) and reports Kendall tau of
# their throughput against the dataset's A100 column and the H200 records.
# The architectures are a seeded sample of the H200 records (all of which are train/val records),
# so that both comparisons cover every measured architecture. Run bench/gpu_prepare.sh first,
# then on the GPU machine (its plain python3 holds a CUDA PyTorch):
#   OUT=/some/dir bash bench/gpu_measure.sh [N=256]
# MEASURE_DEADLINE_S (default 480): the measurement is stopped (records kept, analysis still run)
# once this many seconds have passed since the script started.
# Only small files are written under $OUT (logs, one tarball of the records, a CSV, a JSON).
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
N=${1:-256}
OUT=${OUT:-/tmp/anb-gpu}
PY=${PYTHON:-python3}
DEADLINE=${MEASURE_DEADLINE_S:-480}
REC=${RECORDS_DIR:-/tmp/anb-gpu-records}
mkdir -p "$OUT"
log() { echo "== $*" | tee -a "$OUT/gpu_measure.log"; }
log "$(date -u +%FT%TZ) $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true)"
[[ -x /usr/local/cuda/bin/nvcc ]] && export PATH="$PATH:/usr/local/cuda/bin"
log "nvcc: $(nvcc --version 2>/dev/null | tail -n 2 | tr '\n' ' ' || echo none); cmake: $(cmake --version | head -1); ninja $(ninja --version); $(c++ --version | head -1)"

# 1. Dependencies carried as Debian packages (bench/gpu_prepare.sh), unpacked into a prefix.
deps=/tmp/anb-deps
if [[ -d .gpu-carry/debs ]]; then
  mkdir -p "$deps"
  for f in .gpu-carry/debs/*.deb; do
    if command -v dpkg-deb >/dev/null; then dpkg-deb -x "$f" "$deps"
    else (cd "$deps" && ar p "$OLDPWD/$f" "$(ar t "$OLDPWD/$f" | grep '^data\.tar')" | tar -xJf -)
    fi
  done
fi
deplibs="$deps/usr/lib/x86_64-linux-gnu:$deps/lib/x86_64-linux-gnu"

# 2. Configure against the pip PyTorch's libtorch (CUDA) and build only the CLI.
torch_prefix=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
log "torch $($PY -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())') at $torch_prefix"
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
start=$(date +%s)
if ! cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$torch_prefix;$deps/usr" -DOPENSSL_ROOT_DIR="$deps/usr" \
  -DCMAKE_LIBRARY_PATH="$deps/usr/lib/x86_64-linux-gnu;$deps/lib/x86_64-linux-gnu" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,-rpath-link,$deplibs" \
  -DANB_WITH_SURROGATE=OFF -DANB_WITH_PYTHON=OFF -DANB_WITH_MPI=OFF -DANB_BUILD_TESTS=OFF \
  -DANB_BUILD_BENCH=OFF -DANB_DATA_DIR="$PWD/.gpu-carry/data" > "$OUT/configure.log" 2>&1; then
  tail -n 80 "$OUT/configure.log"; log "configure FAILED"; exit 1
fi
grep -E 'Found|Torch|CUDA|Caffe2' "$OUT/configure.log" | head -n 30 | tee -a "$OUT/gpu_measure.log"
log "configure: $(( $(date +%s) - start )) s"
start=$(date +%s)
if ! cmake --build build-gpu -j "$(nproc)" --target anb > "$OUT/build.log" 2>&1; then
  grep -n -E 'error|Error|undefined reference' "$OUT/build.log" | head -n 60; tail -n 20 "$OUT/build.log"
  log "build FAILED after $(( $(date +%s) - start )) s"; exit 1
fi
log "build: $(( $(date +%s) - start )) s"

# 3. Measure (resumable: rerunning continues where a killed run stopped). The carried Debian
# libraries are put on the library path of anb alone, not of python3 or cmake.
export OMP_WAIT_POLICY=PASSIVE
data=.gpu-carry/data/h200_records.tar.gz
[[ -f $data ]] || data=.gpu-carry/data/anb_dataset_trainval.tar.gz
budget=$(( DEADLINE - ($(date +%s) - T0) )); (( budget < 60 )) && budget=60
log "measuring $N architectures of $data, stopped after $budget s at the latest"
mkdir -p "$REC"
( while sleep 30; do echo "   $(ls "$REC" | wc -l) records after $(( $(date +%s) - T0 )) s"; done ) &
ticker=$!
start=$(date +%s)
set +e
LD_LIBRARY_PATH="$deplibs:${LD_LIBRARY_PATH:-}" timeout "$budget" ./build-gpu/anb measure \
  --device cuda --name gpu --data "$data" \
  --sample "$N" --seed 1 --batch 256 --resolution 224 --precision fp16 --warmup 5 --repeats 20 \
  --description "$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)" \
  --quiet --out "$REC" 2>&1 | tee -a "$OUT/gpu_measure.log"
rc=${PIPESTATUS[0]}
set -e
kill "$ticker" 2>/dev/null || true
log "measure: exit $rc, $(( $(date +%s) - start )) s, $(ls "$REC" | wc -l) records"
tar -czf "$OUT/records.tar.gz" -C "$(dirname "$REC")" "$(basename "$REC")"

# 4. Kendall tau against the dataset's A100 (and RTX 3090) column and the H200 records.
$PY - "$REC" .gpu-carry/data "$OUT" <<'PYEOF' 2>&1 | tee -a "$OUT/gpu_measure.log"
import csv, glob, json, os, statistics, sys, tarfile
from scipy.stats import kendalltau, spearmanr
def key(a): return json.dumps(a, sort_keys=True)
mine, names, meta = {}, {}, {}
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    r = json.load(open(f)); k = key(r["architecture"])
    mine[k] = r["platform_perf"]; names[k] = os.path.basename(f)[:-5]; meta = r.get("metadata", meta)
def column(tar, target):
    out, field = {}, target.split("_")[0] + "_mean"
    with tarfile.open(tar) as t:
        for m in t.getmembers():
            if m.name.endswith(".json"):
                r = json.load(t.extractfile(m)); v = r.get("platform_perf", {}).get(target)
                if v and v.get(field) is not None:
                    out.setdefault(key(r["architecture"]), v[field])
    return out
refs = {}
for tar, target in [("anb_dataset_trainval.tar.gz", "throughput_a100"),
                    ("anb_dataset_trainval.tar.gz", "throughput_3090"),
                    ("h200_records.tar.gz", "throughput_h200"),
                    ("h200_records.tar.gz", "latency_h200")]:
    try: refs[target] = column(sys.argv[2] + "/" + tar, target)
    except FileNotFoundError: pass
def val(k, metric): return mine[k][metric][metric.split("_")[0] + "_mean"]
thr = [val(k, "throughput_gpu") for k in mine]
lat = [val(k, "latency_gpu") for k in mine if "latency_gpu" in mine[k]]
summary = {"architectures": len(mine), "device": meta.get("device_description"),
           "description": meta.get("description"), "libtorch": meta.get("libtorch"),
           "batch": meta.get("batch"), "resolution": meta.get("resolution"),
           "precision": meta.get("precision"), "memory_format": meta.get("memory_format"),
           "warmup": meta.get("warmup"), "repeats": meta.get("repeats"), "tau": {}}
if thr:
    summary["throughput_gpu"] = {"min": min(thr), "median": statistics.median(thr), "max": max(thr)}
    print(f"anb measure (GPU) throughput: {min(thr):.0f} .. {statistics.median(thr):.0f} (median) "
          f".. {max(thr):.0f} images/s on {len(thr)} architectures")
if lat:
    summary["latency_gpu_ms"] = {"min": min(lat), "median": statistics.median(lat), "max": max(lat)}
    print(f"anb measure (GPU) batch-1 latency: {min(lat):.2f} .. {statistics.median(lat):.2f} .. {max(lat):.2f} ms")
def compare(label, xs, ys):
    t, s = kendalltau(xs, ys)[0], spearmanr(xs, ys)[0]
    summary["tau"][label] = {"kendall": t, "spearman": s, "n": len(xs)}
    print(f"Kendall tau {label}: {t:.4f} (Spearman {s:.4f}) on {len(xs)} architectures")
for metric, target in [("throughput_gpu", "throughput_a100"), ("throughput_gpu", "throughput_3090"),
                       ("throughput_gpu", "throughput_h200"), ("latency_gpu", "latency_h200")]:
    ref = refs.get(target, {})
    ks = [k for k in mine if k in ref and metric in mine[k]]
    if len(ks) > 2: compare(f"anb {metric} vs {target}", [val(k, metric) for k in ks], [ref[k] for k in ks])
# Context: how the reference H200 records themselves rank against A100 on the same architectures.
a, h = refs.get("throughput_a100", {}), refs.get("throughput_h200", {})
ks = [k for k in mine if k in a and k in h]
if len(ks) > 2: compare("H200 records vs throughput_a100 (same architectures)", [h[k] for k in ks], [a[k] for k in ks])
with open(sys.argv[3] + "/gpu_vs_ref.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["architecture", "throughput_gpu", "latency_gpu_ms", "throughput_a100", "throughput_3090",
                "throughput_h200", "latency_h200_ms"])
    for k in mine:
        w.writerow([names[k], val(k, "throughput_gpu"), val(k, "latency_gpu") if "latency_gpu" in mine[k] else ""]
                   + [refs.get(t, {}).get(k, "") for t in ("throughput_a100", "throughput_3090",
                                                           "throughput_h200", "latency_h200")])
json.dump(summary, open(sys.argv[3] + "/summary.json", "w"), indent=1)
PYEOF
log "total: $(( $(date +%s) - T0 )) s"
