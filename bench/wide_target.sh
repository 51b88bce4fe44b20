#!/usr/bin/env bash
# Scheduling and bookkeeping cost on a large target (about 20,000 reachable edges), side by
# side with libFuzzer: execs/sec of hivefuzz (1 thread) and libFuzzer with and without its
# entropic schedule, rounds interleaved; with perf available, the share of time each engine
# spends choosing inputs (hivefuzz::Scheduler; libFuzzer's InputCorpus and InputInfo updates).
#
# Usage: bench/wide_target.sh [seconds per run, default 10] [rounds, default 3] [edges, 20000]
# Needs clang and the release preset built (build/release/bin/hivefuzz-clang++).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
seconds=${1:-10} rounds=${2:-3} edges=${3:-20000}
[[ $seconds =~ ^[0-9]+$ && $rounds =~ ^[0-9]+$ && $edges =~ ^[0-9]+$ ]] ||
  { echo "wide_target: error: seconds, rounds and edges must be integers" >&2; exit 2; }
wrapper=build/release/bin/hivefuzz-clang++
[[ -x $wrapper ]] || { echo "wide_target: error: $wrapper missing; build the release preset first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "wide_target: generating a target with about $edges edges; building it with hivefuzz and libFuzzer" >&2
python3 bench/gen_wide_target.py --edges "$edges" --out "$work/wide.cc"
"$wrapper" -O2 -g "$work/wide.cc" -o "$work/wide_hf"
clang++ -O2 -g -fsanitize=fuzzer "$work/wide.cc" -o "$work/wide_lf"

# Each run starts from an empty corpus, so every engine grows its corpus and coverage alike.
run_hf() {
  rm -rf "$work/c" && mkdir "$work/c"
  "$@" "$work/wide_hf" -parallel=1 -fuzztime="${seconds}s" -cache_dir= -artifact_prefix="$work/" "$work/c" 2>&1 |
    sed -n 's/.*execs (\([0-9]*\)\/sec).*/\1/p' | tail -1
}
run_lf() {
  rm -rf "$work/c" && mkdir "$work/c"
  "$@" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/" "$work/c" 2>&1 |
    sed -n 's/^stat::average_exec_per_sec: *//p'
}

printf '| round | hivefuzz 1 thread | libFuzzer (entropic) | libFuzzer -entropic=0 | hivefuzz / best libFuzzer |\n'
printf '|---|---|---|---|---|\n'
for ((r = 1; r <= rounds; r++)); do
  hf=$(run_hf)
  lf=$(run_lf "$work/wide_lf")
  lf0=$(run_lf "$work/wide_lf" -entropic=0)
  best=$((lf > lf0 ? lf : lf0))
  printf '| %d | %s | %s | %s | %s |\n' "$r" "$hf" "$lf" "$lf0" "$(awk -v a="$hf" -v b="$best" 'BEGIN { printf "%.2f", a / b }')"
done

if command -v perf >/dev/null && perf record -o "$work/probe.data" -- true >/dev/null 2>&1; then
  echo
  echo "Share of samples spent choosing inputs (perf, one run each):"
  share() { # perf data, symbol pattern
    perf report -i "$1" --stdio --no-children --sort symbol 2>/dev/null |
      awk -v pat="$2" '/^ +[0-9.]+%/ && $0 ~ pat { sub("%", "", $1); s += $1 } END { printf "%.2f%%", s }'
  }
  run_hf perf record -q -o "$work/hf.data" -- >/dev/null
  printf -- '- hivefuzz, hivefuzz::Scheduler: %s (coverage merge, CoverageMask: %s)\n' \
    "$(share "$work/hf.data" 'Scheduler')" "$(share "$work/hf.data" 'CoverageMask')"
  run_lf perf record -q -o "$work/lf.data" -- "$work/wide_lf" >/dev/null
  printf -- '- libFuzzer (entropic), InputCorpus/InputInfo updates: %s\n' \
    "$(share "$work/lf.data" 'InputCorpus|InputInfo|_M_insert')"
fi
