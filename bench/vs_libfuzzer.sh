#!/usr/bin/env bash
# Side-by-side throughput: libFuzzer (clang -fsanitize=fuzzer, shipped with clang) against
# hivefuzz with 1 and 2 worker threads, on the bundled empty and slow (~20 us) targets.
# Each configuration runs for the same wall time, interleaved over several rounds so that the
# shared machine's noise hits all of them alike; the report gives median execs/sec and ratios.
#
# Usage: bench/vs_libfuzzer.sh [seconds_per_run=5] [rounds=3]
# Needs the release preset built (tools/test.sh or cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
rounds=${2:-3}
build=build/release
work=$(mktemp -d /tmp/hivefuzz-vs-libfuzzer-XXXXXX)
trap 'rm -rf "$work"' EXIT

for t in empty slow; do
  [[ -x $build/bin/$t ]] || { echo "missing $build/bin/$t: build the release preset first" >&2; exit 1; }
  clang++ -O2 -g -fsanitize=fuzzer "targets/$t.cc" -o "$work/$t-libfuzzer"
done

# Prints execs/sec of one run.
run_libfuzzer() {  # target
  local dir="$work/lf-corpus-$1-$RANDOM"; mkdir -p "$dir"
  "$work/$1-libfuzzer" -seed=1 -max_total_time="$secs" -print_final_stats=1 "$dir" 2>&1 |
    sed -n 's/^stat::average_exec_per_sec: *//p'
}
run_hivefuzz() {  # target threads
  local dir="$work/hf-corpus-$1-$RANDOM"; mkdir -p "$dir"
  "$build/bin/$1" -seed=1 -fuzztime="${secs}s" -parallel="$2" -cache_dir= "$dir" 2>&1 |
    sed -n 's/^hivefuzz: done: [^,]*, [0-9]* execs (\([0-9]*\)\/sec).*/\1/p'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minmax() { sort -n | awk 'NR==1{min=$1} {max=$1} END {print min "-" max}'; }

echo "# hivefuzz vs libFuzzer: execs/sec, ${secs}s per run, $rounds interleaved rounds, $(nproc) cores"
echo
printf '| target | libFuzzer | hivefuzz 1 thread | hivefuzz 2 threads | hf1 / libFuzzer | hf2 / hf1 |\n'
printf '|---|---|---|---|---|---|\n'
for t in empty slow; do
  : > "$work/$t.lf"; : > "$work/$t.hf1"; : > "$work/$t.hf2"
  for ((r = 0; r < rounds; r++)); do
    run_libfuzzer "$t" >> "$work/$t.lf"
    run_hivefuzz "$t" 1 >> "$work/$t.hf1"
    run_hivefuzz "$t" 2 >> "$work/$t.hf2"
  done
  lf=$(median < "$work/$t.lf"); hf1=$(median < "$work/$t.hf1"); hf2=$(median < "$work/$t.hf2")
  printf '| %s | %s (%s) | %s (%s) | %s (%s) | %.2f | %.2f |\n' "$t" \
    "$lf" "$(minmax < "$work/$t.lf")" "$hf1" "$(minmax < "$work/$t.hf1")" \
    "$hf2" "$(minmax < "$work/$t.hf2")" \
    "$(awk -v a="$hf1" -v b="$lf" 'BEGIN {print a / b}')" \
    "$(awk -v a="$hf2" -v b="$hf1" 'BEGIN {print a / b}')"
done
echo
echo "Medians, with (min-max) over the rounds. Goals: hf1/libFuzzer >= 0.8 on empty; hf2/hf1 >= 1.7 on slow."
