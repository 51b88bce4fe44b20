#!/usr/bin/env bash
# End-to-end execs/sec of the bundled targets by thread count, measured by the fuzzers' own
# benchmark mode (-bench=1), in one table; and the peak memory of fuzzing with 1 and 2 threads
# on the same corpus (goal: 2 threads use at most 1.2x the memory of 1 thread).
#
# Run bench/bench_targets.sh --help for the flags.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
Usage: bench/bench_targets.sh [flags]

Builds the bundled targets (targets/*.cc) in a hivefuzz build directory, then:
  speed   runs each with -bench=1 -bench_threads=LIST: a frozen corpus (targets/seeds/<name>
          when it exists, else the engine's generated corpus, seed 1), a fixed number of
          executions per thread, repeated; prints one table of execs/sec (median, min-max)
          and scaling efficiency per thread count. A target whose planted bug is reached
          during the benchmark is listed as failed, with its reproducer.
  memory  peak resident memory (/usr/bin/time -v, "Maximum resident set size") of fuzzing
          with -parallel=1 and -parallel=2 for the same number of executions on the same
          corpus (64 files generated with seed 1), median of --rss-rounds rounds, and the
          ratio against the goal of 1.2.

Flags:
  --build DIR        hivefuzz build directory (default build/release; configured already)
  --no-build         do not run cmake --build first
  --threads LIST     thread counts (default 1,2,<nproc>)
  --targets LIST     comma-separated targets (default: all of targets/*.cc)
  --repetitions R    repetitions per thread count (default 5)
  --seconds S        choose each target's executions per thread so that one repetition takes
                     about S seconds with 1 thread (default 0.3)
  --runs N           executions per thread per repetition for every target (overrides --seconds)
  --rss-targets LIST targets of the memory measurement (default empty,slow)
  --rss-seconds S    length of one memory measurement at 1 thread, in executions (default 2)
  --rss-rounds N     rounds of the memory measurement (default 3)
  --out DIR          keep each target's Google Benchmark JSON and log there (default: a
                     temporary directory, removed)
  -h, --help         this text
EOF
}

die() {
  echo "bench_targets: error: $*" >&2
  exit 2
}
say() { echo "bench_targets: $*" >&2; }

build=build/release no_build=0 threads_list="" targets_list="" repetitions=5 seconds=0.3
runs="" rss_targets_list=empty,slow rss_seconds=2 rss_rounds=3 out=""
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --build) need_value "$@"; build=$2; shift ;;
    --no-build) no_build=1 ;;
    --threads) need_value "$@"; threads_list=$2; shift ;;
    --targets) need_value "$@"; targets_list=$2; shift ;;
    --repetitions) need_value "$@"; repetitions=$2; shift ;;
    --seconds) need_value "$@"; seconds=$2; shift ;;
    --runs) need_value "$@"; runs=$2; shift ;;
    --rss-targets) need_value "$@"; rss_targets_list=$2; shift ;;
    --rss-seconds) need_value "$@"; rss_seconds=$2; shift ;;
    --rss-rounds) need_value "$@"; rss_rounds=$2; shift ;;
    --out) need_value "$@"; out=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
  shift
done
[[ -z $threads_list ]] && threads_list=1,2,$(nproc)
[[ $threads_list =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--threads must look like 1,2,4"
[[ $repetitions =~ ^[1-9][0-9]*$ ]] || die "--repetitions must be a positive integer"
[[ $rss_rounds =~ ^[1-9][0-9]*$ ]] || die "--rss-rounds must be a positive integer"
[[ -z $runs || $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
[[ $seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "--seconds must be a number of seconds"
[[ $rss_seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "--rss-seconds must be a number of seconds"
[[ -d $build && -f $build/CMakeCache.txt ]] ||
  die "$build is not a configured build directory (cmake --preset release)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
command -v python3 >/dev/null || die "python3 not found (it reads the JSON results)"

all_targets=()
for src in targets/*.cc; do all_targets+=("$(basename "$src" .cc)"); done
if [[ -n $targets_list ]]; then
  IFS=, read -r -a targets <<<"$targets_list"
else
  targets=("${all_targets[@]}")
fi
IFS=, read -r -a rss_targets <<<"$rss_targets_list"
for t in "${targets[@]}" "${rss_targets[@]}"; do
  [[ -f targets/$t.cc ]] || die "no target '$t'; bundled targets: ${all_targets[*]}"
done

if [[ $no_build -eq 0 ]]; then
  say "building ${targets[*]} ${rss_targets[*]} in $build"
  cmake --build "$build" --target "${targets[@]}" "${rss_targets[@]}" >&2
fi
bin=$build/bin

work=$(mktemp -d "${TMPDIR:-/tmp}/hivefuzz-bench-targets-XXXXXX")
trap 'rm -rf "$work"' EXIT
results=${out:-$work/results}
mkdir -p "$results"

# Executions per second of `target` with 1 thread, from short benchmark runs: 2000 executions,
# then 10 times more until a repetition lasts 50 ms (shorter ones measure start-up, not speed).
quick_rate() {
  local target=$1 json=$work/calibrate-$1.json n=2000 rate
  while true; do
    "$bin/$target" -bench=1 -bench_threads=1 -bench_runs=$n -bench_repetitions=1 \
      -bench_out="$json" -artifact_prefix="$work/calibrate-$target/" "${corpus_args[@]}" \
      >/dev/null 2>&1 || return 1
    rate=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["benchmarks"][0]["items_per_second"])' "$json")
    if python3 -c 'import sys; n, r = int(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if (r > 0 and n >= 0.05 * r) or n >= 10**8 else 1)' "$n" "$rate"; then
      echo "$rate"
      return 0
    fi
    n=$((n * 10))
  done
}
# max(lo, min(hi, rate * seconds)) as an integer.
scaled() { python3 -c 'import sys; r,s,lo,hi=map(float,sys.argv[1:]); print(int(max(lo,min(hi,r*s))))' "$@"; }

# ---- speed -------------------------------------------------------------------------------------
declare -A status
for t in "${targets[@]}"; do
  corpus_args=()
  [[ -d targets/seeds/$t ]] && corpus_args=("targets/seeds/$t")
  n=$runs
  if [[ -z $n ]]; then
    if rate=$(quick_rate "$t"); then
      n=$(scaled "$rate" "$seconds" 1000 100000000)
    else
      n=200000 # the calibration failed; the real run says why
    fi
  fi
  say "$t: -bench_threads=$threads_list -bench_runs=$n -bench_repetitions=$repetitions"
  rc=0
  "$bin/$t" -bench=1 -bench_threads="$threads_list" -bench_runs="$n" \
    -bench_repetitions="$repetitions" -bench_out="$results/$t.json" \
    -artifact_prefix="$results/$t-artifacts/" "${corpus_args[@]}" \
    >"$results/$t.log" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then
    status[$t]=ok
  else
    reproducer=$(grep -o "Test unit written to [^ ]*" "$results/$t.log" | head -1 | cut -d' ' -f5)
    status[$t]="failed (exit $rc${reproducer:+; reproducer $reproducer})"
    say "$t: exit $rc; see $results/$t.log"
    tail -3 "$results/$t.log" | sed 's/^/    /' >&2
  fi
done

echo
echo "## execs/sec by thread count (hivefuzz -bench=1; median, min-max over $repetitions repetitions)"
echo
echo "$(nproc) hardware threads; $(cut -d' ' -f1-3 /proc/loadavg) load average at the end."
echo
status_args=()
for t in "${targets[@]}"; do status_args+=("$t=${status[$t]}"); done
python3 - "$results" "$threads_list" "${status_args[@]}" <<'EOF'
import json, os, sys

results, threads = sys.argv[1], [int(n) for n in sys.argv[2].split(",")]
threads = sorted(set(threads))
def si(x):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.3g}{unit}"
    return f"{x:.0f}"
head = ["target", "runs/thread"] + [f"{n} thr" for n in threads] + \
       [f"scaling {n}" for n in threads if n != threads[0]]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for arg in sys.argv[3:]:
    target, status = arg.split("=", 1)
    if status != "ok":
        print(f"| {target} | " + " | ".join([status] + [""] * (len(head) - 2)) + " |")
        continue
    doc = json.load(open(os.path.join(results, target + ".json")))
    rates = {}
    for b in doc["benchmarks"]:
        if b["run_type"] == "iteration":
            rates.setdefault(b["threads"], []).append(b["items_per_second"])
    def median(v):
        v = sorted(v)
        return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    cells = [target, doc["context"]["hivefuzz_runs_per_thread"]]
    for n in threads:
        r = rates.get(n, [])
        cells.append(f"{si(median(r))} ({si(min(r))}-{si(max(r))})" if r else "-")
    base = median(rates[threads[0]]) if rates.get(threads[0]) else 0
    for n in threads[1:]:
        r = rates.get(n, [])
        ideal = base * n / threads[0]
        cells.append(f"{100 * median(r) / ideal:.0f}%" if r and ideal else "-")
    print("| " + " | ".join(cells) + " |")
EOF
echo
echo "Scaling n = median(n threads) / ((n / ${threads_list%%,*}) x median(${threads_list%%,*} thread(s))). JSON: compare.py benchmarks OLD.json NEW.json."

# ---- memory ------------------------------------------------------------------------------------
rss_corpus=$work/rss-corpus
mkdir -p "$rss_corpus"
python3 - "$rss_corpus" <<'EOF'
import os, random, sys
rng = random.Random(1)
for i in range(64):
    with open(os.path.join(sys.argv[1], f"seed{i:02}"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 129))))
EOF
# Peak RSS in kB of fuzzing `target` with `threads` threads for `execs` executions.
peak_rss() {
  local target=$1 threads=$2 execs=$3 dir=$work/rss-$1-$2
  rm -rf "$dir"
  mkdir -p "$dir"
  /usr/bin/time -v "$bin/$target" -runs="$execs" -parallel="$threads" -seed=1 -cache_dir= \
    -stats_file= -artifact_prefix="$dir/" -seed_corpus="$rss_corpus" "$dir/corpus" \
    >"$dir/log" 2>&1 || {
    say "$target -parallel=$threads: exit $(sed -n 's/.*Exit status: //p' "$dir/log"); log:"
    grep -v '^\s' "$dir/log" | tail -4 | sed 's/^/    /' >&2
    return 1
  }
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/log"
}
echo
echo "## peak resident memory, 1 vs 2 threads (median of $rss_rounds rounds; goal: ratio <= 1.2)"
echo
echo "| target | executions | 1 thread | 2 threads | ratio |"
echo "|---|---|---|---|---|"
for t in "${rss_targets[@]}"; do
  corpus_args=()
  if ! rate=$(quick_rate "$t"); then
    echo "| $t | - | the benchmark failed | | |"
    continue
  fi
  execs=$(scaled "$rate" "$rss_seconds" 10000 1000000000)
  one=() two=() failed=0
  for ((round = 0; round < rss_rounds && failed == 0; round++)); do
    if kb=$(peak_rss "$t" 1 "$execs"); then one+=("$kb"); else failed=1; fi
    if [[ $failed -eq 0 ]] && kb=$(peak_rss "$t" 2 "$execs"); then two+=("$kb"); else failed=1; fi
  done
  if [[ $failed -ne 0 ]]; then
    echo "| $t | $execs | fuzzing failed (a planted bug found?), see the messages above | | |"
    continue
  fi
  python3 - "$t" "$execs" "${one[*]}" "${two[*]}" <<'EOF'
import statistics, sys
target, execs, one, two = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
a, b = statistics.median(map(int, one)), statistics.median(map(int, two))
verdict = "ok" if b <= 1.2 * a else "over the goal"
print(f"| {target} | {execs} | {a / 1024:.1f} MB | {b / 1024:.1f} MB | {b / a:.2f} ({verdict}) |")
EOF
done
