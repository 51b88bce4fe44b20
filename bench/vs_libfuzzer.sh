#!/usr/bin/env bash
# Side-by-side throughput of libFuzzer and hivefuzz (1 and 2 threads) on the empty and slow
# targets, kept for its old command line: bench/compare.sh does the measuring (and more).
# Usage: bench/vs_libfuzzer.sh [seconds_per_run=5] [rounds=3]
set -euo pipefail
exec "$(dirname "$0")/compare.sh" --engines libfuzzer,hivefuzz --targets empty,slow --only speed \
  --seconds "${1:-5}" --rounds "${2:-3}"
