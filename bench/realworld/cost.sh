#!/usr/bin/env bash
# The cost of instrumentation on real libraries: for each harness of bench/realworld/, the
# executions per second of replaying its fixed corpus (bench/realworld/corpus/<name>/) with
#   (a) plain     no instrumentation (replay_main.cc): the physical limit
#   (b) libFuzzer clang -fsanitize=fuzzer, `-runs=N FILES`
#   (c) hivefuzz  built with HIVEFUZZ_INSTRUMENTATION=guard, `-runs=N FILES`
#   (d) hivefuzz  built with the default instrumentation, `-runs=N FILES`
# and (a) again with mimalloc preloaded, the allocator hivefuzz's fuzzers link (libFuzzer's and
# the plain build use glibc's malloc), to tell the allocator from the instrumentation;
# all single-threaded, each file run N times, the variants alternating in rounds (a b c d a b c
# d ...) so that machine noise falls on all of them; then instructions per execution under
# callgrind (where valgrind is installed), and the fuzzing path of (c) and (d) at 1 and 2
# threads (-bench=1). Prints one markdown table.
#
# Run bench/realworld/cost.sh --help for the flags.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."

usage() {
  cat <<'EOF'
Usage: bench/realworld/cost.sh [flags]

Builds the harnesses (bench/realworld/build.sh; it fetches the library sources first if they
are missing), then for each harness:
  replay     median over --rounds rounds of the wall time of each variant replaying every
             corpus file N times (-runs=N FILES; N chosen so that the plain replay takes about
             --seconds), less the median time of -runs=1 (start-up, reading the files); the
             difference over files x (N-1) executions is the cost of one execution. The plain
             build runs twice a round: as built, and with the mimalloc that hivefuzz's
             fuzzers link preloaded (plain-mimalloc).
  callgrind  instructions per execution: callgrind's instruction count at two run counts,
             the difference over the executions between them (start-up cancels out). The
             hivefuzz variants run their engine child under valgrind through
             child_under_valgrind.so (valgrind cannot follow the supervisor's re-execution).
  bench      `-bench=1 -bench_threads=1,2` on the corpus directory for both hivefuzz variants
             (-bench_runs chosen so that a repetition takes about --bench-seconds with one
             thread): median execs/s at 1 and 2 threads and their ratio.

Flags:
  --harnesses LIST       comma-separated harnesses (default: all)
  --rounds R             replay rounds (default 5)
  --seconds S            length of one plain replay (default 0.5; the instrumented ones take
                         longer by their cost)
  --bench-seconds S      length of one -bench=1 repetition with one thread (default 0.5)
  --bench-repetitions R  -bench_repetitions (default 3)
  --no-callgrind         skip the instruction counts
  --no-bench             skip the -bench=1 measurement
  --build DIR            hivefuzz build directory (default build/release), passed to build.sh
  --no-build             do not run build.sh (the binaries must be in build/realworld/bin)
  --out DIR              keep the logs, raw timings and JSON there (default: a temporary
                         directory, removed)
  -h, --help             this text
EOF
}
die() {
  echo "cost: error: $*" >&2
  exit 2
}
say() { echo "cost: $*" >&2; }

harnesses_list="" rounds=5 seconds=0.5 bench_seconds=0.5 bench_repetitions=3 callgrind=1
bench=1 build=build/release no_build=0 out=""
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --harnesses) need_value "$@"; harnesses_list=$2; shift ;;
    --rounds) need_value "$@"; rounds=$2; shift ;;
    --seconds) need_value "$@"; seconds=$2; shift ;;
    --bench-seconds) need_value "$@"; bench_seconds=$2; shift ;;
    --bench-repetitions) need_value "$@"; bench_repetitions=$2; shift ;;
    --no-callgrind) callgrind=0 ;;
    --no-bench) bench=0 ;;
    --build) need_value "$@"; build=$2; shift ;;
    --no-build) no_build=1 ;;
    --out) need_value "$@"; out=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
  shift
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ $bench_repetitions =~ ^[1-9][0-9]*$ ]] || die "--bench-repetitions must be a positive integer"
[[ $seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "--seconds must be a number of seconds"
[[ $bench_seconds =~ ^[0-9]*\.?[0-9]+$ ]] || die "--bench-seconds must be a number of seconds"
command -v python3 >/dev/null || die "python3 not found (it does the arithmetic and the table)"
if [[ $callgrind -eq 1 ]] && ! command -v valgrind >/dev/null; then
  say "valgrind not found (tools/install-deps.sh --realworld installs it): no instruction counts"
  callgrind=0
fi

all_harnesses=()
for src in bench/realworld/harnesses/*.c*; do all_harnesses+=("$(basename "${src%.*}")"); done
if [[ -n $harnesses_list ]]; then IFS=, read -r -a harnesses <<<"$harnesses_list"; else harnesses=("${all_harnesses[@]}"); fi
for h in "${harnesses[@]}"; do
  [[ -d bench/realworld/corpus/$h ]] || die "no harness '$h' with a corpus; there are: ${all_harnesses[*]}"
done
variants=(plain libfuzzer hivefuzz-guard hivefuzz)

if [[ $no_build -eq 0 ]]; then
  bench/realworld/build.sh --build "$build" --harnesses "$(IFS=,; echo "${harnesses[*]}")" \
    --variants "$(IFS=,; echo "${variants[*]}")"
fi
bin=build/realworld/bin
shim=$PWD/build/realworld/lib/child_under_valgrind.so
for h in "${harnesses[@]}"; do
  for v in "${variants[@]}"; do [[ -x $bin/$h-$v ]] || die "$bin/$h-$v not built (bench/realworld/build.sh)"; done
done
# The mimalloc the hivefuzz wrappers link, if they link one (not in sanitizer builds).
mimalloc=$(grep -o "'[^']*libmimalloc[^']*'" "$build/bin/hivefuzz-clang" 2>/dev/null | head -1 | tr -d "'" || true)
if [[ -n $mimalloc && -f $mimalloc ]]; then
  variants=(plain plain-mimalloc libfuzzer hivefuzz-guard hivefuzz)
else
  say "the hivefuzz wrappers link no mimalloc: no plain-mimalloc measurement"
fi
# Runs variant $1 of harness $h with the arguments that follow.
run_variant() {
  local v=$1
  shift
  if [[ $v == plain-mimalloc ]]; then
    LD_PRELOAD=$mimalloc "$bin/$h-plain" "$@"
  else
    "$bin/$h-$v" "$@"
  fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/hivefuzz-realworld-cost-XXXXXX")
trap 'rm -rf "$work"' EXIT
results=${out:-$work/results}
mkdir -p "$results"
results=$(cd "$results" && pwd)
raw=$results/raw.tsv # harness, measurement, variant, value
: >"$raw"
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$raw"; }
py() { python3 -c "$@"; }

# Runs `$@` (stdout and stderr to $log) and prints its wall time in seconds; fails with the
# command's status.
log=/dev/null
timed() {
  local start=$EPOCHREALTIME rc=0
  "$@" >"$log" 2>&1 || rc=$?
  local end=$EPOCHREALTIME
  if [[ $rc -ne 0 ]]; then
    say "exit $rc: $* (log: $log)"
    tail -3 "$log" | sed 's/^/    /' >&2
    return "$rc"
  fi
  py "print(f'{$end - $start:.6f}')"
}

median() { py 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

for h in "${harnesses[@]}"; do
  mapfile -t files < <(find "bench/realworld/corpus/$h" -maxdepth 1 -type f | sort)
  nfiles=${#files[@]}
  # ---- replay -----------------------------------------------------------------------------------
  log=$results/$h-calibrate.log
  "$bin/$h-plain" -runs=20 "${files[@]}" >"$log" 2>&1 || die "$h-plain failed (log: $log)"
  rate=$(sed -n 's/.*execs_per_sec \([0-9.]*\).*/\1/p' "$log")
  runs=$(py "print(max(3, min(10**7, int($rate * $seconds / $nfiles))))")
  record "$h" files "" "$nfiles"
  record "$h" runs "" "$runs"
  say "$h: $nfiles files x $runs runs, $rounds rounds of ${variants[*]}"
  for v in "${variants[@]}"; do
    startups=()
    for _ in 1 2 3; do
      log=$results/$h-$v-runs1.log
      t=$(timed run_variant "$v" -runs=1 "${files[@]}") || die "$h-$v failed"
      startups+=("$t")
    done
    record "$h" startup "$v" "$(median "${startups[@]}")"
  done
  declare -A times=()
  for ((r = 1; r <= rounds; r++)); do
    for v in "${variants[@]}"; do
      log=$results/$h-$v-replay.log
      t=$(timed run_variant "$v" -runs="$runs" "${files[@]}") || die "$h-$v failed"
      times[$v]+=" $t"
      record "$h" "replay_round$r" "$v" "$t"
    done
  done
  for v in "${variants[@]}"; do
    # shellcheck disable=SC2086
    record "$h" replay "$v" "$(median ${times[$v]})"
  done
  unset times

  # ---- callgrind --------------------------------------------------------------------------------
  if [[ $callgrind -eq 1 ]]; then
    # Enough executions between the two counts for about 50 ms of plain work natively.
    extra=$(py "print(max(2, min(1000, int($rate * 0.05 / $nfiles))))")
    low=1 high=$((1 + extra))
    for v in "${variants[@]}"; do
      # Line tables are not needed for a count, and clang 14's DWARF 5 (the engine's) stops
      # valgrind 3.19: count a copy without debug information.
      binary=$work/$h-${v%-mimalloc}
      [[ -f $binary ]] || objcopy --strip-debug "$bin/$h-${v%-mimalloc}" "$binary"
      preload=""
      [[ $v == plain-mimalloc ]] && preload=$mimalloc
      counts=()
      for n in $low $high; do
        rm -rf "$work/callgrind" && mkdir -p "$work/callgrind"
        log=$results/$h-$v-callgrind-$n.log
        options="--tool=callgrind --callgrind-out-file=$work/callgrind/out.%p"
        if [[ $v == hivefuzz* ]]; then
          LD_PRELOAD=$shim HIVEFUZZ_VALGRIND_ARGS=$options "$binary" -runs=$n "${files[@]}" \
            >"$log" 2>&1 || die "$h-$v under callgrind failed (log: $log)"
        else
          # shellcheck disable=SC2086
          LD_PRELOAD=$preload valgrind $options "$binary" -runs=$n "${files[@]}" >"$log" 2>&1 ||
            die "$h-$v under callgrind failed (log: $log)"
        fi
        # (%.0f: awk would print a sum over 2^31 as 2.5e+09)
        counts+=("$(cat "$work"/callgrind/out.* | awk '/^totals:/ {sum += $2} END {printf "%.0f", sum}')")
      done
      record "$h" instructions "$v" "$(py "print(((${counts[1]}) - (${counts[0]})) / ($nfiles * $extra))")"
    done
    say "$h: callgrind at -runs=$low and -runs=$high done"
  fi

  # ---- the fuzzing path: -bench=1 at 1 and 2 threads ---------------------------------------------
  if [[ $bench -eq 1 ]]; then
    for v in hivefuzz-guard hivefuzz; do
      json=$results/$h-$v-bench.json
      log=$results/$h-$v-bench-calibrate.log
      bench_args=(-artifact_prefix="$results/$h-$v-artifacts/" "bench/realworld/corpus/$h")
      # A failure (the mutated inputs reached a bug, a leak or the memory limit) is reported in
      # the table and the other measurements go on.
      if ! "$bin/$h-$v" -bench=1 -bench_threads=1 -bench_runs=3000 -bench_repetitions=1 \
        -bench_out="$json" "${bench_args[@]}" >"$log" 2>&1; then
        say "$h-$v: -bench=1 failed (log: $log)"
        record "$h" bench_failed "$v" 1
        continue
      fi
      bench_runs=$(py "import json; r = json.load(open('$json'))['benchmarks'][0]['items_per_second']; print(max(1000, int(r * $bench_seconds)))")
      log=$results/$h-$v-bench.log
      say "$h-$v: -bench=1 -bench_threads=1,2 -bench_runs=$bench_runs -bench_repetitions=$bench_repetitions"
      if ! "$bin/$h-$v" -bench=1 -bench_threads=1,2 -bench_runs="$bench_runs" \
        -bench_repetitions="$bench_repetitions" -bench_out="$json" "${bench_args[@]}" \
        >"$log" 2>&1; then
        say "$h-$v: -bench=1 failed (log: $log)"
        grep -m1 "ERROR" "$log" | sed 's/^/    /' >&2 || true
        record "$h" bench_failed "$v" 1
        continue
      fi
      for threads in 1 2; do
        record "$h" "bench_threads$threads" "$v" "$(py "import json
for b in json.load(open('$json'))['benchmarks']:
    if b.get('aggregate_name') == 'median' and b['name'].endswith('/threads:${threads}_median'):
        print(b['items_per_second'])")"
      done
    done
  fi
done

# ---- the table ---------------------------------------------------------------------------------
versions=""
src_dir=${HIVEFUZZ_REALWORLD_DIR:-build/realworld/src}
for f in "$src_dir"/*.version; do
  [[ -f $f ]] && versions+="$(basename "$f" .version) $(cat "$f"), "
done
python3 - "$raw" "$rounds" "${versions%, }" <<'EOF'
import collections, sys
raw, rounds, versions = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = collections.defaultdict(dict)
for line in open(raw):
    harness, what, variant, value = line.rstrip("\n").split("\t")
    data[harness][(what, variant)] = float(value) if value else None

def k(x):  # 1234567 -> 1.23M
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.3g}{unit}"
    return f"{x:.3g}"

variants = ("plain", "plain-mimalloc", "libfuzzer", "hivefuzz-guard", "hivefuzz")
print(f"Replay: each corpus file run N times in one process, median of {rounds} rounds, "
      "start-up (-runs=1) subtracted; ×: cost per execution relative to plain. "
      "Instructions: callgrind, per execution. bench: -bench=1 median execs/s at 1 -> 2 "
      "threads (ratio). Libraries: " + versions + ".")
print()
print("| harness | files x N | plain execs/s | plain + mimalloc | libFuzzer | hivefuzz guard "
      "| hivefuzz | instr/exec plain | plain + mimalloc | libFuzzer | hivefuzz guard | hivefuzz "
      "| bench guard 1 -> 2 threads | bench hivefuzz 1 -> 2 threads |")
print("|---" * 14 + "|")
for harness, d in data.items():
    files, runs = int(d[("files", "")]), int(d[("runs", "")])
    cells = [harness, f"{files} x {runs}"]
    ns = {}
    for v in variants:
        execs = files * (runs - 1)
        if ("replay", v) not in d:
            ns[v] = None
            continue
        seconds = d[("replay", v)] - d[("startup", v)]
        ns[v] = seconds / execs if seconds > 0 else None
    for v in variants:
        if ns[v] is None:
            cells.append("n/a")
        elif v == "plain":
            cells.append(k(1 / ns[v]))
        else:
            cells.append(f"{k(1 / ns[v])} ({ns[v] / ns['plain']:.2f}×)" if ns["plain"] else k(1 / ns[v]))
    for v in variants:
        ir = d.get(("instructions", v))
        if ir is None:
            cells.append("n/a")
        elif v == "plain":
            cells.append(k(ir))
        else:
            cells.append(f"{k(ir)} ({ir / d[('instructions', 'plain')]:.2f}×)")
    for v in ("hivefuzz-guard", "hivefuzz"):
        one, two = d.get(("bench_threads1", v)), d.get(("bench_threads2", v))
        if d.get(("bench_failed", v)):
            cells.append("failed (log)")
        else:
            cells.append(f"{k(one)} -> {k(two)} ({two / one:.2f})" if one and two else "n/a")
    print("| " + " | ".join(cells) + " |")
EOF
[[ -n $out ]] && say "logs, raw.tsv and JSON in $results"
exit 0
