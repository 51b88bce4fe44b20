#!/usr/bin/env bash
# Installs, with apt-get, the Debian 12 packages hivefuzz needs that are not installed yet.
# Used by tools/quickstart.sh and tools/test.sh; safe to run again (installs nothing twice).
# --bench also installs what the benchmarks compare against and plot with: AFL++, gnuplot, and
# Google Benchmark's compare.py (libbenchmark-tools, which needs python3-scipy).
# --realworld also installs what bench/realworld/ needs: dpkg-dev (apt-get source unpacks with
# dpkg-source), unicode-data, python3-six and perl (re2's generated tables), llvm-14
# (llvm-profdata/llvm-cov of the coverage builds) and valgrind (instructions per execution).
# --go also installs Go (golang-go): the Go compatibility test of the "go test fuzz v1" corpus
# encoding runs `go test` against the files hivefuzz writes, and tools/gen_go_isprint.go
# regenerates Go's IsPrint table. Without Go that test skips.
# The options combine: tools/install-deps.sh --bench --realworld --go.
set -euo pipefail

packages=(
  clang cmake ninja-build
  libclang-rt-14-dev                 # sanitizer runtimes and libFuzzer, for comparisons
  llvm-14-dev                        # builds the coverage pass plugin (instrumentation/)
  libtbb-dev libmimalloc-dev         # concurrent queues; the allocator of plain builds
  libfmt-dev libcli11-dev libssl-dev # formatting, flags, SHA-1 and SHA-256
  libgtest-dev libbenchmark-dev      # fuzz tests in GoogleTest, hivefuzz's tests, benchmarks
  nlohmann-json3-dev                 # the benchmark's JSON output, and the tests that read it
)
for option in "$@"; do
  case "$option" in
    --bench) packages+=(afl++ gnuplot-nox libbenchmark-tools python3-scipy) ;;
    --realworld) packages+=(dpkg-dev xz-utils unicode-data python3 python3-six perl llvm-14 valgrind) ;;
    --go) packages+=(golang-go) ;;
    *) echo "usage: tools/install-deps.sh [--bench] [--realworld] [--go]" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all build dependencies are installed"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
