#!/usr/bin/env bash
# Prepares, on the Debian 12 development machine, what bench/gpu_measure.sh and
# bench/gpu_construct.sh need on a GPU
# machine that has CUDA, CMake, ninja and a pip PyTorch but no Debian packages and no network:
#   .gpu-carry/debs/*.deb   build dependencies of anb (headers and shared libraries)
#   .gpu-carry/data/        the dataset tarball, the H200 records and Fashion-MNIST (never committed)
# .gpu-carry is excluded from git through .git/info/exclude. Then run bench/gpu_measure.sh there
# with .gpu-carry carried along (device tool: carry [".gpu-carry"]).
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qx '/.gpu-carry/' .git/info/exclude 2>/dev/null || echo '/.gpu-carry/' >> .git/info/exclude
mkdir -p .gpu-carry/debs .gpu-carry/data
data=${ANB_DATA_DIR:-../shared/data/accel-nasbench}
cp "$data/anb_dataset_trainval.tar.gz" .gpu-carry/data/
cp "$data/devices/h200/h200_records.tar.gz" .gpu-carry/data/ 2>/dev/null || true
# Fashion-MNIST (Debian dataset-fashion-mnist) for the construction run (bench/gpu_construct.sh).
mkdir -p .gpu-carry/data/fashion-mnist
cp /usr/share/datasets/fashion-mnist/*.gz .gpu-carry/data/fashion-mnist/
# Header-only libraries (nlohmann-json, CLI11, stb: src/construct/image_folder.cpp), fmt,
# libarchive (+ the libraries it links), OpenSSL headers.
packages=(nlohmann-json3-dev libcli11-dev libstb-dev libfmt-dev libfmt9 libarchive-dev libarchive13
          libacl1 libbz2-1.0 liblz4-1 liblzma5 libnettle8 libxml2 libicu72 libzstd1 zlib1g
          libssl-dev libssl3)
(cd .gpu-carry/debs && apt-get download "${packages[@]}")
du -sh .gpu-carry
