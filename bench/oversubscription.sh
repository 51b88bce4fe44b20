#!/usr/bin/env bash
# More worker threads than cores must not cost throughput: bench mode (-bench=1) on the empty
# target with 2 threads and with 16, 64, 256 and 1024, in one run, and each count's median
# execs/s against the 2-thread median. Exits 1 if one falls below MIN_RATIO of it (a regression
# check; ctest runs it with small budgets in plain builds, label "bench").
# Usage: bench/oversubscription.sh [FUZZER=build/release/bin/empty] [RUNS=100000] [REPS=3]
#                                  [THREADS=2,16,64,256,1024] [MIN_RATIO=0.5]
set -euo pipefail
fuzzer=${1:-build/release/bin/empty}
runs=${2:-100000}
reps=${3:-3}
threads=${4:-2,16,64,256,1024}
min_ratio=${5:-0.5}
out=$("$fuzzer" -bench=1 -bench_threads="$threads" -bench_runs="$runs" \
      -bench_repetitions="$reps" -cache_dir= 2>&1) || { echo "$out"; exit 1; }
echo "$out" | grep -E "benchmark of|threads|^ +[0-9]+ " || true
# Rows: threads, min, median, max (with thousands separators), ns/exec, scaling.
echo "$out" | awk -v min_ratio="$min_ratio" '
  $1 ~ /^[0-9]+$/ && NF >= 6 {
    median = $3; gsub(",", "", median)
    if (base == "") { base = median; base_threads = $1 }
    ratio = median / base
    printf "%5d threads: %.2f of %d threads\n", $1, ratio, base_threads
    if (ratio < min_ratio) { bad = bad " " $1 }
  }
  END {
    if (base == "") { print "no benchmark rows"; exit 1 }
    if (bad != "") { printf "FAIL: below %.2f of the %d-thread median at:%s\n", min_ratio, base_threads, bad; exit 1 }
  }'
