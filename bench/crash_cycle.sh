#!/usr/bin/env bash
# How fast the supervisor turns a failure around, on the bundled test targets:
#  - crash -> fuzzing again: -keep_going=1 on targets/testing/three_bugs.cc, whose bugs are
#    found again within a few executions; wall time / restarts is an upper bound per cycle
#    (record, isolate or dedup, start a new engine, warm up, fuzz to the next failure).
#  - crash -> minimized reproducer: a cached crasher of N bytes for
#    targets/testing/fails_at_50.cc (fails from 50 bytes with a non-zero byte), run to the end
#    of minimization; the time includes start-up, warmup, isolation and minimization.
#  - the same minimizations with a fork per attempt (bench/minimize_fork.cc), the strategy
#    hivefuzz did not choose, for comparison; it times the minimization passes alone.
# Usage: bench/crash_cycle.sh [seconds_for_keep_going=5]   (needs the release preset built)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
bin=build/release/bin
work=$(mktemp -d /tmp/hivefuzz-crash-cycle-XXXXXX)
trap 'rm -rf "$work"' EXIT
for t in three_bugs fails_at_50 minimize_fork; do
  [[ -x $bin/$t ]] || { echo "missing $bin/$t: build the release preset first" >&2; exit 1; }
done

mkdir -p "$work/kg/corpus"
printf a > "$work/kg/corpus/a"; printf b > "$work/kg/corpus/b"; printf c > "$work/kg/corpus/c"
start=$(date +%s.%N)
"$bin/three_bugs" -keep_going=1 -fuzztime="${secs}s" -parallel=2 -artifact_prefix="$work/kg/" \
  "$work/kg/corpus" > "$work/kg.log" 2>&1 || true
end=$(date +%s.%N)
restarts=$(grep -c "restarting the engine" "$work/kg.log" || true)
distinct=$(sed -n 's/^hivefuzz: \([0-9]*\) distinct failure.*/\1/p' "$work/kg.log")
echo "# Failure turnaround, $(nproc) cores"
echo
echo "| measurement | result |"
echo "|---|---|"
awk -v s="$start" -v e="$end" -v r="$restarts" -v d="$distinct" 'BEGIN {
  printf "| crash -> fuzzing again (keep-going, %d restarts, %d distinct) | %.2f ms per cycle |\n",
         r, d, (e - s) * 1000 / (r > 0 ? r : 1) }'

for size in 300 1000; do
  dir="$work/min$size"
  mkdir -p "$dir/cache"
  python3 -c "import sys; d = bytearray($size); d[$size * 2 // 3] = 120; sys.stdout.buffer.write(d)" \
    > "$dir/cache/crasher"
  start=$(date +%s.%N)
  "$bin/fails_at_50" -parallel=2 -fuzzminimizetime=10m -cache_dir="$dir/cache" \
    -artifact_prefix="$dir/" > "$dir.log" 2>&1 || true
  end=$(date +%s.%N)
  attempts=$(sed -n 's/.*minimized to [0-9]* bytes in \([0-9]*\) attempts.*/\1/p' "$dir.log")
  awk -v s="$start" -v e="$end" -v n="$size" -v a="$attempts" 'BEGIN {
    printf "| crash -> minimized reproducer, %d-byte crasher to 50 bytes (%s attempts) | %.2f s |\n",
           n, a, e - s }'
done
for size in 300 1000; do
  "$bin/minimize_fork" "$size" | awk '{
    printf "| fork per attempt (not chosen), %d-byte crasher to %d bytes (%d attempts, %d crashed; %.0f us each) | %.2f s |\n",
           $1, $2, $3, $4, $6, $5 }'
done
