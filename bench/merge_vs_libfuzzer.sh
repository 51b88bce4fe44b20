#!/usr/bin/env bash
# Speed of -merge=1: files merged per second by hivefuzz (1 and 2 worker threads) and by
# libFuzzer, on the same target and the same corpus of a few thousand files.
# Usage: bench/merge_vs_libfuzzer.sh [--build build/rel] [--target text_protocol] [--files 3000]
#          [--rounds 3] [--threads 1,2] [--fuzz-runs 300000] [--work DIR]
#          [--hf BIN --lf BIN --corpus DIR]   (prebuilt binaries and corpus: nothing is built)
# The target is built twice: by the CMake build (hivefuzz) and with clang++ -fsanitize=fuzzer
# (libFuzzer), both -O2 -g. The corpus: libFuzzer fuzzes the target (-seed=1, -runs, the
# target's dictionary if it has one), then a seeded generator writes --files variants of its
# corpus files (cut, bytes changed, two joined), so that inputs differ in size and coverage.
# Each round merges the corpus into an empty directory with each engine, interleaved; the
# table gives median files/sec and the ratios, and the MERGE-OUTER line of each engine.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/rel target=text_protocol files=3000 rounds=3 fuzz_runs=300000 work="" threads=1,2
hf="" lf="" corpus=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --build) build=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --fuzz-runs) fuzz_runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --hf) hf=$2; shift 2 ;;
    --lf) lf=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown flag $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n $work ]] || work=$build/merge-bench
mkdir -p "$work"
work=$(cd "$work" && pwd)

if [[ -z $hf ]]; then
  echo "building $target (hivefuzz, $build) and $work/lf-$target (libFuzzer)" >&2
  cmake --build "$build" --target "$target" >/dev/null
  hf=$(cd "$build/bin" && pwd)/$target
  lf=$work/lf-$target
  if [[ ! -x $lf || targets/$target.cc -nt $lf ]]; then
    clang++ -O2 -g -std=c++20 -fsanitize=fuzzer "targets/$target.cc" -o "$lf"
  fi
fi

[[ -n $corpus ]] || corpus=$work/corpus-$target-$files
if [[ ! -d $corpus ]]; then
  seeds=$work/seeds-$target
  rm -rf "$seeds" && mkdir -p "$seeds"
  dict=()
  [[ -f targets/dicts/$target.dict ]] && dict=("-dict=targets/dicts/$target.dict")
  echo "fuzzing $target with libFuzzer for $fuzz_runs runs to get seeds" >&2
  "$lf" -seed=1 -runs="$fuzz_runs" "${dict[@]}" -artifact_prefix="$work/" "$seeds" \
    >"$work/fuzz.log" 2>&1 || true
  python3 - "$seeds" "$corpus.tmp" "$files" <<'PY'
import os, random, sys
seeds_dir, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seeds = [open(os.path.join(seeds_dir, f), 'rb').read() for f in sorted(os.listdir(seeds_dir))]
seeds = [s for s in seeds if s] or [b'x']
rng = random.Random(1)
os.makedirs(out, exist_ok=True)
for i in range(n):
    s = bytearray(rng.choice(seeds))
    r = rng.random()
    if r < 0.3 and len(s) > 1:
        s = s[:rng.randrange(1, len(s))]
    elif r < 0.6:
        for _ in range(rng.randrange(1, 4)):
            s[rng.randrange(len(s))] = rng.randrange(256)
    elif r < 0.8:
        s += rng.choice(seeds)
    open(os.path.join(out, '%06d' % i), 'wb').write(bytes(s))
PY
  mv "$corpus.tmp" "$corpus"
fi
n=$(find "$corpus" -type f | wc -l)
echo "corpus: $corpus ($n files, $(du -sh "$corpus" | cut -f1))" >&2

declare -A rates
declare -A outer
run_one() { # name command...
  local name=$1; shift
  local out=$work/out-$name
  rm -rf "$out" && mkdir -p "$out"
  local start end
  start=$(date +%s.%N)
  "$@" "$out" "$corpus" >"$work/$name.log" 2>&1 || { echo "$name failed, see $work/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  rates[$name]+="$(awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN {print n / (e - s)}') "
  outer[$name]=$(grep 'MERGE-OUTER: [0-9]* new files' "$work/$name.log" | tail -1)
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for ((r = 1; r <= rounds; r++)); do
  echo "round $r of $rounds" >&2
  run_one libfuzzer "$lf" -merge=1
  for t in ${threads//,/ }; do run_one "hivefuzz-$t" "$hf" -merge=1 -parallel="$t"; done
done
lfm=$(echo "${rates[libfuzzer]}" | median)
echo
echo "merge of $n files ($(basename "$hf")), median of $rounds rounds, $(nproc) CPUs"
echo
echo "| engine | files/sec | vs libFuzzer | MERGE-OUTER |"
echo "|---|---|---|---|"
for name in libfuzzer $(for t in ${threads//,/ }; do echo "hivefuzz-$t"; done); do
  m=$(echo "${rates[$name]}" | median)
  printf '| %s | %.0f | %.2fx | %s |\n' "$name" "$m" "$(awk -v a="$m" -v b="$lfm" 'BEGIN {print a / b}')" \
    "${outer[$name]#MERGE-OUTER: }"
done
