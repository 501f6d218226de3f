#!/usr/bin/env bash
# Benchmark construction on a GPU (docs/construction.md, "On a GPU"): builds anb against the pip
# PyTorch's CUDA libtorch, then, each stage bounded by a deadline and resumable:
#   1. speed   training-step speed of anb vs Python PyTorch on the same network, batch and
#              precision (EfficientNet-B0 at 224 px and a small network at 32 px), and one real
#              `anb train` at 224 px to see whether the loader keeps up
#   2. proxy   the Fashion-MNIST proxy search of examples/fashion_mnist/gpu (20 architectures
#              spread over MACs x (reference + 6 candidates) x 3 seeds), WORKERS processes
#              sharing the GPU
#   3. collect COLLECT_N uniformly sampled architectures trained under the selected (or best
#              >= 5x cheaper) candidate, WORKERS processes sharing the GPU
#   4. measure throughput of the collected architectures on the GPU (anb measure --device cuda)
# Run bench/gpu_prepare.sh here first; on the GPU machine (device tool, carry [".gpu-carry"]):
#   OUT=$OUT bash bench/gpu_construct.sh
# Environment: DEADLINE_S (default 540, from the script's start), PROXY_MAX_S (230) and
# COLLECT_MAX_S (150) cap those stages, WORKERS (default 8),
# COLLECT_N (default 500), STAGES (default "speed proxy collect measure"), STATE (folder kept
# between calls on a warm machine, default /tmp/anb-construct).
# Small files come back under $OUT: logs, JSON summaries, one tarball of all results.
set -uo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
OUT=${OUT:-/tmp/anb-construct-out}
DEADLINE=${DEADLINE_S:-540}
WORKERS=${WORKERS:-8}
COLLECT_N=${COLLECT_N:-500}
STAGES=${STAGES:-speed proxy collect measure}
STATE=${STATE:-/tmp/anb-construct}
PY=${PYTHON:-python3}
mkdir -p "$OUT" "$STATE"
LOG="$OUT/gpu_construct.log"
log() { echo "== [$(( $(date +%s) - T0 )) s] $*" | tee -a "$LOG"; }
left() { echo $(( DEADLINE - ($(date +%s) - T0) )); }
log "$(date -u +%FT%TZ) $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true); $(nproc) CPUs"
[[ -x /usr/local/cuda/bin/nvcc ]] && export PATH="$PATH:/usr/local/cuda/bin"

# ---- build (as bench/gpu_measure.sh): carried Debian packages + the pip PyTorch's libtorch ----
deps=/tmp/anb-deps
if [[ -d .gpu-carry/debs && ! -f $deps/.done ]]; then
  mkdir -p "$deps"
  for f in .gpu-carry/debs/*.deb; do dpkg-deb -x "$f" "$deps"; done
  touch "$deps/.done"
fi
deplibs="$deps/usr/lib/x86_64-linux-gnu:$deps/lib/x86_64-linux-gnu"
log "torch $($PY -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)')"
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
if [[ -n ${ANB:-} ]]; then
  log "using the prebuilt $ANB (no build)"
elif [[ ! -x build-gpu/anb ]] || [[ -n "$(find src include apps -newer build-gpu/anb -print -quit)" ]]; then
  start=$(date +%s)
  torch_prefix=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
  cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$torch_prefix;$deps/usr" -DOPENSSL_ROOT_DIR="$deps/usr" \
    -DCMAKE_LIBRARY_PATH="$deps/usr/lib/x86_64-linux-gnu;$deps/lib/x86_64-linux-gnu" \
    -DCMAKE_EXE_LINKER_FLAGS="-Wl,-rpath-link,$deplibs" \
    -DANB_WITH_SURROGATE=OFF -DANB_WITH_PYTHON=OFF -DANB_WITH_MPI=OFF -DANB_BUILD_TESTS=OFF \
    -DANB_BUILD_BENCH=OFF > "$OUT/configure.log" 2>&1 || { tail -n 60 "$OUT/configure.log"; log "configure FAILED"; exit 1; }
  if ! cmake --build build-gpu -j "$(nproc)" --target anb > "$OUT/build.log" 2>&1; then
    grep -n -E 'error|undefined reference' "$OUT/build.log" | head -n 40; log "build FAILED"; exit 1
  fi
  log "build: $(( $(date +%s) - start )) s"
fi
export OMP_WAIT_POLICY=PASSIVE
export LD_LIBRARY_PATH="$deplibs:${LD_LIBRARY_PATH:-}"
ANB=${ANB:-$PWD/build-gpu/anb}
DEVICE=${DEVICE:-cuda}
PROXY_CONFIG=${PROXY_CONFIG:-examples/fashion_mnist/gpu/proxy_search.json}
# The proxy-search config names Debian's Fashion-MNIST folder; put the carried copy there.
if [[ -d .gpu-carry/data/fashion-mnist ]]; then
  mkdir -p /usr/share/datasets/fashion-mnist
  cp -n .gpu-carry/data/fashion-mnist/*.gz /usr/share/datasets/fashion-mnist/ 2>/dev/null || true
fi
DATASET=${DATASET:-idx:/usr/share/datasets/fashion-mnist}

# Runs WORKERS shards of an anb command in the background, each with its own log, until they
# finish, the stage's cap (seconds) or the deadline passes (then they are killed; every finished
# item is kept).
run_shards() {
  local name=$1 cap=$2; shift 2
  local budget; budget=$(left)
  (( budget > cap )) && budget=$cap
  (( budget < 20 )) && { log "$name: no time left"; return 1; }
  log "$name: $WORKERS workers, stopped after $budget s at the latest"
  local pids=()
  for ((i = 0; i < WORKERS; i++)); do
    timeout "$budget" "$ANB" "$@" --shard "$i/$WORKERS" > "$STATE/$name.$i.log" 2>&1 &
    pids+=($!)
  done
  ( while sleep 30; do log "$name: $(cat "$STATE"/$name.*.log 2>/dev/null | grep -c 'top-1') items logged"; done ) &
  local ticker=$!
  for p in "${pids[@]}"; do wait "$p"; done
  kill "$ticker" 2>/dev/null
  log "$name: workers done; exit codes logged in $STATE/$name.*.log"
  tail -n 3 "$STATE/$name.0.log" | tee -a "$LOG"
}

for stage in $STAGES; do
  case $stage in
    speed)
      log "speed: training step, anb (C++) vs Python PyTorch, same network/batch/precision"
      for cfg in "224 128 fp16 10 30" "32 512 fp16 10 60" "32 512 fp32 10 60"; do
        read -r res batch prec warm steps <<< "$cfg"
        for side in cpp py; do
          if [[ $side == cpp ]]; then
            timeout 120 "$ANB" train-speed --device "$DEVICE" --precision "$prec" --batch "$batch" \
              --resolution "$res" --warmup "$warm" --steps "$steps" --json
          else
            timeout 120 $PY bench/bench_train_python.py --device "$DEVICE" --precision "$prec" \
              --batch "$batch" --resolution "$res" --warmup "$warm" --steps "$steps"
          fi | sed "s/^/{\"side\": \"$side\", \"cfg\": \"$cfg\", \"result\": /; s/\$/}/" >> "$OUT/train_speed.jsonl"
        done
      done
      tail -n 16 "$OUT/train_speed.jsonl" | cut -c1-200 | tee -a "$LOG"
      # One real training run at 224 px: loader images/s vs training images/s.
      cat > "$STATE/b0_224.json" <<'JSON'
{"epochs": 1, "batch_size": 128, "lr": 0.1, "warmup_epochs": 0.2, "resolution": 224,
 "augmentation": "resized_crop", "data_fraction": 0.1, "eval_batch_size": 500, "dropout": 0.2,
 "stochastic_depth": 0.2}
JSON
      for threads in 4 12; do
        timeout 150 "$ANB" train --arch efficientnet-b0 --scheme "$STATE/b0_224.json" \
          --dataset "$DATASET?eval=2000" --device "$DEVICE" --loader-threads "$threads" --json --quiet \
          > "$OUT/train_b0_224_t$threads.json" 2> "$STATE/train_b0_224_t$threads.err"
        log "anb train B0 224 px, $threads loader threads: $(tail -n 2 "$STATE/train_b0_224_t$threads.err")"
        $PY bench/summarize_train.py "$OUT/train_b0_224_t$threads.json" 2>&1 | tee -a "$LOG"
      done ;;
    proxy)
      run_shards proxy "${PROXY_MAX_S:-230}" proxy-search --config "$PROXY_CONFIG" \
        --out "$STATE/proxy" --device "$DEVICE" --no-cudnn-benchmark --loader-threads 1
      # The last shard to finish writes the report; say how far the search got.
      log "proxy: $(ls "$STATE/proxy/items" 2>/dev/null | wc -l) item results; report: $(ls "$STATE/proxy/proxy_search.json" 2>/dev/null || echo 'not yet (items missing: rerun to resume)')" ;;
    collect)
      scheme="$STATE/proxy/selected_scheme.json"
      if [[ ! -f $scheme && -f $STATE/proxy/proxy_search.json ]]; then
        best=$($PY -c 'import json,sys
c = [x for x in json.load(open(sys.argv[1]))["candidates"] if (x["flops_ratio"] or 0) >= 5]
print(max(c, key=lambda x: x["kendall_tau"] or -1)["name"] if c else "")' "$STATE/proxy/proxy_search.json")
        scheme="$STATE/proxy/schemes/$best.json"
      fi
      [[ -f $scheme ]] || scheme=examples/fashion_mnist/gpu/collect_fallback.json
      log "collect: scheme $scheme"
      cp "$scheme" "$STATE/collect_scheme.json"
      run_shards collect "${COLLECT_MAX_S:-150}" collect --scheme "$STATE/collect_scheme.json" --dataset "$DATASET" \
        --sample "$COLLECT_N" --seed 7 --out "$STATE/records" --device "$DEVICE" \
        --no-cudnn-benchmark
      log "collect: $(ls "$STATE/records" | grep -c '^result_') records" ;;
    measure)
      budget=$(left); (( budget < 20 )) && { log "measure: no time left"; continue; }
      log "measure: stopped after $budget s at the latest"
      timeout "$budget" "$ANB" measure --device "$DEVICE" --name h200 --data "$STATE/records" \
        --batch 256 --resolution 32 --precision fp16 --warmup 3 --repeats 10 --quiet \
        --description "$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)" \
        --out "$STATE/measure" > "$STATE/measure.log" 2>&1
      log "measure: exit $?, $(ls "$STATE/measure" 2>/dev/null | grep -c json) records" ;;
    *) log "unknown stage $stage" ;;
  esac
done
tar -czf "$OUT/construct_results.tar.gz" --exclude='*.log' -C "$(dirname "$STATE")" \
  "$(basename "$STATE")" 2>/dev/null
tar -czf "$OUT/construct_logs.tar.gz" -C "$STATE" $(cd "$STATE" && ls *.log 2>/dev/null) 2>/dev/null
log "total: $(( $(date +%s) - T0 )) s"
