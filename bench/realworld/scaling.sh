#!/usr/bin/env bash
# Thread scaling of hivefuzz on the real-world harnesses: -bench=1 at 1, 2, 4, 8 and 16 threads
# on each harness's fixed corpus, for a machine with idle cores (bench/realworld/README.md,
# "Thread scaling on 16 cores").
# Usage: bench/realworld/scaling.sh [BIN_DIR=build/realworld/bin] [OUT_DIR=/tmp/scaling]
#        (BIN_DIR holds <harness>-hivefuzz; LD_LIBRARY_PATH may point at copied libraries)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/realworld/bin}
out=${2:-/tmp/scaling}
threads=${HIVEFUZZ_SCALING_THREADS:-1,2,4,8,16}
mkdir -p "$out"
for corpus in bench/realworld/corpus/*/; do
  harness=$(basename "$corpus")
  fuzzer=$bin/$harness-hivefuzz
  [[ -x $fuzzer ]] || { echo "scaling: $fuzzer is missing; skipped" >&2; continue; }
  # About half a second per repetition with one thread on a 2-vCPU VM (re2 is ~30x slower).
  runs=150000
  [[ $harness == re2_match ]] && runs=5000
  echo "== $harness: -bench_threads=$threads -bench_runs=$runs"
  "$fuzzer" -bench=1 -bench_threads="$threads" -bench_runs=$runs -bench_repetitions=3 \
    -bench_out="$out/$harness.json" "$corpus" 2>&1 | grep -vE '^(INFO|#)' || true
done
