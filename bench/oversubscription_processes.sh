#!/usr/bin/env bash
# More process workers than cores must not cost much throughput: the empty target with -fork=2
# and with 16, 64, 256 and 1024 processes, each run to the same total -runs, and each count's
# execs/s (libFuzzer's stat::average_exec_per_sec, start-up included) against -fork=2's.
# Exits 1 if one falls below MIN_RATIO of it (a regression check; ctest runs it with small
# budgets in plain builds, label "bench"). A run of 1024 processes needs about 1 GiB of memory.
# Usage: bench/oversubscription_processes.sh [FUZZER=build/release/bin/empty] [RUNS=80000000]
#                                            [PROCESSES=2,16,64,256,1024] [MIN_RATIO=0.5]
set -euo pipefail
fuzzer=${1:-build/release/bin/empty}
runs=${2:-80000000}
processes=${3:-2,16,64,256,1024}
min_ratio=${4:-0.5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=""
bad=""
for p in ${processes//,/ }; do
  rm -rf "$work/corpus" && mkdir "$work/corpus"
  out=$("$fuzzer" -fork="$p" -runs="$runs" -print_final_stats=1 -artifact_prefix="$work/" \
        "$work/corpus" 2>&1) || { echo "$out" | tail -20; exit 1; }
  rate=$(echo "$out" | awk '/^stat::average_exec_per_sec:/ { print $2 }')
  [[ -n "$rate" ]] || { echo "no stat::average_exec_per_sec line with -fork=$p"; exit 1; }
  if [[ -z "$base" ]]; then base=$rate; base_p=$p; fi
  ratio=$(awk -v r="$rate" -v b="$base" 'BEGIN { printf "%.2f", r / b }')
  printf "%5d processes: %10d execs/s, %s of %d processes\n" "$p" "$rate" "$ratio" "$base_p"
  if awk -v r="$ratio" -v m="$min_ratio" 'BEGIN { exit !(r < m) }'; then bad="$bad $p"; fi
done
if [[ -n "$bad" ]]; then
  echo "FAIL: below $min_ratio of the $base_p-process rate at:$bad"
  exit 1
fi
