#!/usr/bin/env bash
# Side by side: hivefuzz against libFuzzer and AFL++ on the bundled targets, in one run.
# Builds each target three ways into build/compare/, measures execs/sec at equal wall time by
# process/thread count, and time-to-bug over several seeds, every measurement interleaved so
# the machine's noise hits all engines alike; writes a markdown report with gnuplot plots.
#
# Run bench/compare.sh --help for the flags. Needs clang, the release preset built, and for
# all columns AFL++ and gnuplot (tools/install-deps.sh --bench installs both).
set -euo pipefail
export LC_ALL=C # '.' as the decimal point of $EPOCHREALTIME, awk and the engines' output
original_args="$*"
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
Usage: bench/compare.sh [flags]

Builds the bundled targets (targets/*.cc) with libFuzzer (clang++ -fsanitize=fuzzer), AFL++
(afl-clang-fast++ -fsanitize=fuzzer: persistent mode through its libFuzzer driver; skipped when
AFL++ is not installed) and hivefuzz (hivefuzz-clang++), all at -O2 -g -std=c++20, into
build/compare/; targets whose header asks for -fsanitize=address get it with all three engines.
A target with a dictionary, targets/dicts/<target>.dict, gets it with every engine (-dict=,
AFL++ -x). Then measures:
  speed  execs/sec of the targets without a planted bug (empty, slow) for equal wall time, with
         1 and N processes or threads: libFuzzer -jobs=N -workers=N, N AFL++ instances
         (-M/-S), hivefuzz -parallel=N; rounds interleaved, ratios taken within each round.
  bugs   time and executions to the planted bug of the targets with a "Budget:" line, over
         trials with seeds 1..N: libFuzzer and AFL++ with one process, hivefuzz with each
         thread count; trials that reach the time cap count as not found.
Writes a markdown report (tables, environment, gnuplot plots when gnuplot is installed) and
prints it.

Flags:
  --quick           smoke run: --seconds 1 --rounds 2 --trials 2 --cap 10 (flags given
                    explicitly win)
  --seconds S       wall time of each speed measurement (integer, default 5)
  --rounds R        interleaved rounds of speed measurements (default 3)
  --trials N        time-to-bug trials per target and engine, seeds 1..N (default 5)
  --cap S           time cap of one time-to-bug trial in seconds (integer, default 60)
  --threads LIST    process/thread counts to compare (default 1,2)
  --targets LIST    comma-separated targets (default: all of targets/*.cc)
  --engines LIST    from libfuzzer,libfuzzer-vp,aflpp,hivefuzz (default: libfuzzer, aflpp
                    when installed, hivefuzz); libfuzzer-vp is libFuzzer's build run with
                    -use_value_profile=1 (only on request: one more run per measurement)
  --only WHAT       speed or bugs: run one half only
  --edge-only       run libFuzzer and hivefuzz with -use_cmp=0 (edge coverage only, like AFL++
                    without CmpLog); by default each engine runs with its own defaults
  --build DIR       hivefuzz build to use (default build/release; needs bin/hivefuzz-clang++)
  --out FILE        report path (default bench/results/compare-<date>.md); plots and raw data
                    go beside it as <FILE without .md>-*.png and .tsv
  --keep            keep the engines' logs and corpora (their directory is printed)
  -h, --help        this text
EOF
}

die() {
  echo "compare: error: $*" >&2
  exit 2
}
say() { echo "compare: $*" >&2; }

# ---- flags -----------------------------------------------------------------------------------
seconds='' rounds='' trials='' cap='' quick=0 keep=0 edge_only=0 only=''
threads_list=1,2 targets_list='' engines_list='' hf_build=build/release out=''
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1 ;;
    --seconds) need_value "$@"; seconds=$2; shift ;;
    --rounds) need_value "$@"; rounds=$2; shift ;;
    --trials) need_value "$@"; trials=$2; shift ;;
    --cap) need_value "$@"; cap=$2; shift ;;
    --threads) need_value "$@"; threads_list=$2; shift ;;
    --targets) need_value "$@"; targets_list=$2; shift ;;
    --engines) need_value "$@"; engines_list=$2; shift ;;
    --only) need_value "$@"; only=$2; shift ;;
    --edge-only) edge_only=1 ;;
    --build) need_value "$@"; hf_build=$2; shift ;;
    --out) need_value "$@"; out=$2; shift ;;
    --keep) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
  shift
done
if [[ $quick -eq 1 ]]; then
  : "${seconds:=1}" "${rounds:=2}" "${trials:=2}" "${cap:=10}"
fi
: "${seconds:=5}" "${rounds:=3}" "${trials:=5}" "${cap:=60}"
for pair in "--seconds:$seconds" "--rounds:$rounds" "--trials:$trials" "--cap:$cap"; do
  [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || die "${pair%%:*} must be a positive integer, not '${pair#*:}'"
done
[[ $threads_list =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--threads must look like 1,2,4"
IFS=, read -r -a thread_counts <<<"$threads_list"
[[ -z $only || $only == speed || $only == bugs ]] || die "--only must be speed or bugs"

# ---- targets -----------------------------------------------------------------------------------
all_targets=()
for src in targets/*.cc; do all_targets+=("$(basename "$src" .cc)"); done
if [[ -n $targets_list ]]; then
  IFS=, read -r -a targets <<<"$targets_list"
  for t in "${targets[@]}"; do
    [[ -f targets/$t.cc ]] || die "no target '$t'; bundled targets: ${all_targets[*]}"
  done
else
  targets=("${all_targets[@]}")
fi
# The header comment (first comment block) of a target says whether it has a planted bug
# ("Budget:") and whether only AddressSanitizer detects it.
header() { sed -n '/^\/\//!q; p' "targets/$1.cc"; }
has_bug() { header "$1" | grep -q 'Budget:'; }
needs_asan() { header "$1" | grep -q -- '-fsanitize=address'; }
speed_targets=() bug_targets=()
for t in "${targets[@]}"; do
  if has_bug "$t"; then bug_targets+=("$t"); else speed_targets+=("$t"); fi
done
[[ $only == bugs ]] && speed_targets=()
[[ $only == speed ]] && bug_targets=()
[[ ${#speed_targets[@]} -gt 0 || ${#bug_targets[@]} -gt 0 ]] ||
  die "nothing to measure: no ${only:-speed or bug} target among: ${targets[*]}"

# ---- engines and tools -------------------------------------------------------------------------
command -v clang++ >/dev/null || die "clang++ not found: run tools/install-deps.sh"
command -v python3 >/dev/null || die "python3 not found (it writes the report)"
hf_cxx=$hf_build/bin/hivefuzz-clang++
[[ -x $hf_cxx ]] || die "$hf_cxx not found: build the release preset first" \
  "(cmake --preset release && cmake --build --preset release)"
have_afl=0
command -v afl-clang-fast++ >/dev/null && command -v afl-fuzz >/dev/null && have_afl=1
gnuplot_bin=$(command -v gnuplot || true)
if [[ -n $engines_list ]]; then
  IFS=, read -r -a engines <<<"$engines_list"
  for e in "${engines[@]}"; do
    case $e in
      libfuzzer | libfuzzer-vp | hivefuzz) ;;
      aflpp) [[ $have_afl -eq 1 ]] || die "AFL++ is not installed: run tools/install-deps.sh --bench" ;;
      *) die "unknown engine '$e': use libfuzzer, libfuzzer-vp, aflpp, hivefuzz" ;;
    esac
  done
else
  engines=(libfuzzer hivefuzz)
  if [[ $have_afl -eq 1 ]]; then
    engines=(libfuzzer aflpp hivefuzz)
  else
    say "AFL++ is not installed (no afl-clang-fast++/afl-fuzz): its columns are skipped;" \
      "tools/install-deps.sh --bench installs it"
  fi
fi
[[ -n $gnuplot_bin ]] ||
  say "gnuplot is not installed: the report gets tables only; tools/install-deps.sh --bench installs it"
uses() { [[ " ${engines[*]} " == *" $1 "* ]]; }

date_tag=$(date +%Y%m%d-%H%M%S)
start_date=$(date '+%Y-%m-%d %H:%M:%S %Z')
start_load=$(cut -d' ' -f1-3 /proc/loadavg)
out=${out:-bench/results/compare-$date_tag.md}
[[ $out == *.md ]] || die "--out must name a .md file, not '$out'"
mkdir -p "$(dirname "$out")" || die "cannot create the directory of $out"
out_base=${out%.md}

# ---- work directory, engine processes, Ctrl-C ----------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/hivefuzz-compare-XXXXXX")
live_groups=() # process groups of the engines running now (each engine runs in its own session)
stop_engines() {
  [[ ${#live_groups[@]} -eq 0 ]] && return 0
  local g
  for g in "${live_groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 1
  for g in "${live_groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  live_groups=()
}
cleanup() {
  stop_engines
  if [[ $keep -eq 1 ]]; then say "logs and corpora kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'say "interrupted: stopping the engines"; exit 130' INT TERM

# launch LOG DIR CMD...: starts CMD in DIR in a new session (so Ctrl-C reaches only this script,
# which then stops the whole group, AFL++ and libFuzzer's job children included), under a
# guard timeout in case an engine ignores its own limit. Sets $launched to its pid (= group).
launch() {
  local log=$1 dir=$2
  shift 2
  (cd "$dir" && exec setsid timeout -k 10 "$guard_s" "$@") >"$log" 2>&1 </dev/null &
  launched=$!
  live_groups+=("$launched")
}
# finish PID: waits for PID, forgets its group, sets $exit_code.
finish() {
  exit_code=0
  wait "$1" 2>/dev/null || exit_code=$? # quiet: bash would announce a crashed engine as "Aborted"
  local g kept=()
  for g in "${live_groups[@]}"; do [[ $g == "$1" ]] || kept+=("$g"); done
  live_groups=("${kept[@]+"${kept[@]}"}")
  if [[ $exit_code -eq 124 || $exit_code -eq 137 ]]; then
    say "warning: an engine ran past its limit and was killed by the ${guard_s}s guard"
  fi
}
# fail_run WHAT LOG...: an engine did not run as expected; the results would be meaningless.
fail_run() {
  local what=$1 log
  shift
  echo "compare: error: $what; the end of its output:" >&2
  for log in "$@"; do [[ -f $log ]] && tail -n 15 "$log" >&2; done
  exit 1
}
elapsed_since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.6f", e - s }'; }

# ---- build ------------------------------------------------------------------------------------------
bin_dir=build/compare
mkdir -p "$bin_dir/libfuzzer" "$bin_dir/aflpp" "$bin_dir/hivefuzz"
# The newest engine library: a rebuilt hivefuzz means relinking its fuzzers.
hf_newest_lib=$(find "$hf_build/lib" -name '*.a' -printf '%T@ %p\n' 2>/dev/null |
  sort -n | tail -n 1 | cut -d' ' -f2-)
hf_newest_lib=${hf_newest_lib:-$hf_cxx}
up_to_date() { # output inputs...
  local dep
  [[ -x $1 ]] || return 1
  for dep in "${@:2}"; do [[ $1 -nt $dep ]] || return 1; done
}
# The build an engine runs: libfuzzer-vp is the libFuzzer binary with another flag.
build_of() { if [[ $1 == libfuzzer-vp ]]; then echo libfuzzer; else echo "$1"; fi; }
build_one() { # engine target
  local engine=$1 t=$2 src=targets/$2.cc exe=$bin_dir/$1/$2 fuzzer_flag=-fsanitize=fuzzer
  needs_asan "$t" && fuzzer_flag=-fsanitize=fuzzer,address
  local cmd deps=("$src" bench/compare.sh) # the script holds the build flags
  case $engine in
    libfuzzer) cmd=(clang++) ;;
    aflpp) cmd=(env AFL_QUIET=1 afl-clang-fast++) ;;
    hivefuzz) cmd=("$hf_cxx"); deps+=("$hf_cxx" "$hf_newest_lib") ;;
  esac
  up_to_date "$exe" "${deps[@]}" && return 0
  say "building $exe"
  "${cmd[@]}" -O2 -g -std=c++20 "$fuzzer_flag" "$src" -o "$exe" >"$work/build.log" 2>&1 ||
    fail_run "building $exe failed" "$work/build.log"
}
for t in "${speed_targets[@]+"${speed_targets[@]}"}" "${bug_targets[@]+"${bug_targets[@]}"}"; do
  for e in "${engines[@]}"; do build_one "$(build_of "$e")" "$t"; done
done

# Same starting corpus for every engine: the target's seeds, or one file holding a newline
# (AFL++ cannot start from an empty corpus; libFuzzer and hivefuzz also run it once).
seed_dir() { # target -> prints the directory
  if [[ -d targets/seeds/$1 ]]; then
    echo "targets/seeds/$1"
  else
    [[ -d $work/seeds-newline ]] || { mkdir -p "$work/seeds-newline" && echo >"$work/seeds-newline/newline"; }
    echo "$work/seeds-newline"
  fi
}
# new_run_dir NAME: sets $run_dir to a fresh absolute directory (the engine's working directory).
run_counter=0
new_run_dir() {
  run_counter=$((run_counter + 1))
  run_dir=$work/runs/$run_counter-$1
  mkdir -p "$run_dir/corpus" "$run_dir/artifacts" "$run_dir/cache"
}
abs() { [[ $1 == /* ]] && echo "$1" || echo "$PWD/$1"; }

# The engines' environment. ASan builds: the same options for all (AFL++ requires the first
# two; no leak checking, which only libFuzzer would do per input; no symbolization, which only
# slows the crash report).
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
# Plain libFuzzer builds print a crash's stack through UBSan's runtime before writing the crash
# file; symbolizing it (llvm-symbolizer) would add ~80 ms to libFuzzer's time to bug.
export UBSAN_OPTIONS=symbolize=0
afl_env=(AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_CRASH_README=1
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_IGNORE_UNKNOWN_ENVS=1)
libfuzzer_extra=() hivefuzz_extra=()
[[ $edge_only -eq 1 ]] && libfuzzer_extra=(-use_cmp=0) hivefuzz_extra=(-use_cmp=0)

results=$work/results.tsv
printf 'kind\tindex\ttarget\tengine\tthreads\tfound\tseconds\texecs\n' >"$results"

# ---- speed -----------------------------------------------------------------------------------------
# One measurement: the engine runs for $seconds of wall time with N processes or threads; the
# rate is all its executions divided by the wall time from launch until its last process exits
# (start-up included for all engines alike; libFuzzer's whole-second clock makes it run up to
# one second longer, which only amortizes its start-up better).
measure_speed() { # round target engine threads
  local round=$1 t=$2 engine=$3 n=$4 dir seeds exe start execs=0 i pids=() logs=()
  new_run_dir "speed-$t-$engine-$n-round$round"
  dir=$run_dir
  seeds=$(abs "$(seed_dir "$t")")
  exe=$(abs "$bin_dir/$(build_of "$engine")/$t")
  start=$EPOCHREALTIME
  case $engine in
    libfuzzer | libfuzzer-vp)
      local jobs=() vp=()
      [[ $n -gt 1 ]] && jobs=(-jobs="$n" -workers="$n")
      [[ $engine == libfuzzer-vp ]] && vp=(-use_value_profile=1)
      launch "$dir/log" "$dir" "$exe" -seed=1 -max_total_time="$seconds" -print_final_stats=1 \
        "${libfuzzer_extra[@]+"${libfuzzer_extra[@]}"}" "${vp[@]+"${vp[@]}"}" \
        "${jobs[@]+"${jobs[@]}"}" corpus "$seeds"
      finish "$launched"
      if [[ $n -gt 1 ]]; then logs=("$dir"/fuzz-*.log); else logs=("$dir/log"); fi
      [[ ${#logs[@]} -eq $n && -f ${logs[0]} ]] || fail_run "libFuzzer -jobs=$n wrote no job logs" "$dir/log"
      for i in "${logs[@]}"; do
        local units
        units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$i" | tail -n 1)
        [[ -n $units ]] || fail_run "libFuzzer on $t printed no final stats" "$i"
        execs=$((execs + units))
      done
      ;;
    aflpp)
      for ((i = 0; i < n; i++)); do
        local role=()
        [[ $n -gt 1 && $i -eq 0 ]] && role=(-M main)
        [[ $i -gt 0 ]] && role=(-S "secondary$i")
        launch "$dir/afl-$i.log" "$dir" env "${afl_env[@]}" afl-fuzz -i "$seeds" -o out \
          -s $((i + 1)) -V "$seconds" "${role[@]+"${role[@]}"}" -- "$exe"
        pids+=("$launched")
        logs+=("$dir/afl-$i.log")
      done
      for i in "${pids[@]}"; do finish "$i"; done
      local stats
      for stats in "$dir"/out/*/fuzzer_stats; do
        [[ -f $stats ]] || fail_run "AFL++ on $t wrote no fuzzer_stats" "${logs[@]}"
        execs=$((execs + $(sed -n 's/^execs_done *: *//p' "$stats")))
      done
      ;;
    hivefuzz)
      launch "$dir/log" "$dir" "$exe" -seed=1 -parallel="$n" -fuzztime="${seconds}s" \
        "${hivefuzz_extra[@]+"${hivefuzz_extra[@]}"}" \
        -cache_dir="$dir/cache" -artifact_prefix="$dir/artifacts/" corpus "$seeds"
      finish "$launched"
      execs=$(sed -n 's/^hivefuzz: done: [^,]*, \([0-9]*\) execs.*/\1/p' "$dir/log")
      [[ -n $execs ]] || fail_run "hivefuzz on $t printed no summary (exit $exit_code)" "$dir/log"
      ;;
  esac
  local wall
  wall=$(elapsed_since "$start")
  [[ $execs -gt 0 ]] || fail_run "$engine on $t ran no executions" "$dir"/*.log "$dir/log"
  printf 'speed\t%s\t%s\t%s\t%s\t1\t%s\t%s\n' "$round" "$t" "$engine" "$n" "$wall" "$execs" >>"$results"
  say "$(printf 'round %s/%s  %-18s %-9s x%-2s %12.0f execs/sec' "$round" "$rounds" "$t" "$engine" "$n" \
    "$(awk -v e="$execs" -v w="$wall" 'BEGIN { print e / w }')")"
}

# ---- time to bug -------------------------------------------------------------------------------
# One trial: time from launch until the engine wrote its first crash file (its mtime, so the
# engines' crash reporting and exit are not counted), and the executions it had done then:
# libFuzzer's final stats, the execs: field of AFL++'s crash file name, hivefuzz's "N in all".
# hivefuzz runs with its defaults (new inputs kept as found, as libFuzzer and AFL++ keep them)
# and -fuzzminimizetime=0, which skips minimizing the crasher after it is counted.
earliest_mtime() { # files... -> prints the earliest mtime, or nothing
  [[ $# -gt 0 && -e $1 ]] || return 0
  stat -c '%.9Y' "$@" | sort -n | head -n 1
}
measure_bug() { # trial target engine threads
  local trial=$1 t=$2 engine=$3 n=$4 dir seeds exe start execs='' crash_files=()
  local dict=() vp=()
  [[ -f targets/dicts/$t.dict ]] && dict=(-dict="$(abs "targets/dicts/$t.dict")")
  [[ $engine == libfuzzer-vp ]] && vp=(-use_value_profile=1)
  new_run_dir "bug-$t-$engine-$n-trial$trial"
  dir=$run_dir
  seeds=$(abs "$(seed_dir "$t")")
  exe=$(abs "$bin_dir/$(build_of "$engine")/$t")
  start=$EPOCHREALTIME
  case $engine in
    libfuzzer | libfuzzer-vp)
      launch "$dir/log" "$dir" "$exe" "${dict[@]+"${dict[@]}"}" "${vp[@]+"${vp[@]}"}" \
        -seed="$trial" -max_total_time="$cap" -print_final_stats=1 \
        "${libfuzzer_extra[@]+"${libfuzzer_extra[@]}"}" -artifact_prefix="$dir/artifacts/" corpus "$seeds"
      finish "$launched"
      crash_files=("$dir"/artifacts/*)
      execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
      [[ -n $execs ]] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$dir/log" | tail -n 1)
      ;;
    aflpp)
      local afl_dict=()
      [[ ${#dict[@]} -gt 0 ]] && afl_dict=(-x "${dict[0]#-dict=}")
      launch "$dir/log" "$dir" env "${afl_env[@]}" AFL_BENCH_UNTIL_CRASH=1 afl-fuzz -i "$seeds" \
        -o out -s "$trial" -V "$cap" "${afl_dict[@]+"${afl_dict[@]}"}" -- "$exe"
      finish "$launched"
      crash_files=("$dir"/out/default/crashes/id:*)
      if [[ -e ${crash_files[0]} ]]; then
        execs=$(basename "${crash_files[0]}" | sed -n 's/.*,execs:\([0-9]*\).*/\1/p')
      elif [[ -f $dir/out/default/fuzzer_stats ]]; then
        execs=$(sed -n 's/^execs_done *: *//p' "$dir/out/default/fuzzer_stats")
      fi
      ;;
    hivefuzz)
      launch "$dir/log" "$dir" "$exe" "${dict[@]+"${dict[@]}"}" -seed="$trial" -parallel="$n" \
        "${hivefuzz_extra[@]+"${hivefuzz_extra[@]}"}" \
        -fuzztime="${cap}s" -fuzzminimizetime=0 -cache_dir="$dir/cache" \
        -artifact_prefix="$dir/artifacts/" corpus "$seeds"
      finish "$launched"
      # Only the crash file: fuzz-stats.csv and recommended.dict are written there too.
      crash_files=("$dir"/artifacts/crash-*)
      execs=$(sed -n 's/^worker [0-9]* ([0-9]* executions; \([0-9]*\) in all).*/\1/p' "$dir/log" | head -n 1)
      [[ -n $execs ]] || execs=$(sed -n 's/^hivefuzz: done: [^,]*, \([0-9]*\) execs.*/\1/p' "$dir/log")
      ;;
  esac
  local found=0 secs mtime
  mtime=$(earliest_mtime "${crash_files[@]}")
  if [[ -n $mtime ]]; then
    secs=$(awk -v s="$start" -v m="$mtime" 'BEGIN { printf "%.6f", m - s }')
    awk -v s="$secs" -v c="$cap" 'BEGIN { exit !(s <= c) }' && found=1
  else
    secs=$(elapsed_since "$start")
    # No crash: the engine must have stopped at its cap, not failed to run.
    [[ $exit_code -eq 0 ]] || fail_run "$engine on $t found nothing and exited with $exit_code" "$dir/log"
  fi
  printf 'bug\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$trial" "$t" "$engine" "$n" "$found" "$secs" \
    "${execs:-}" >>"$results"
  local verdict="not found in ${cap}s"
  [[ $found -eq 1 ]] && verdict=$(printf 'found in %.2fs, %s execs' "$secs" "${execs:-?}")
  say "$(printf 'trial %s/%s  %-18s %-9s x%-2s %s' "$trial" "$trials" "$t" "$engine" "$n" "$verdict")"
}

# ---- plan and run ------------------------------------------------------------------------------
speed_configs=() # "engine threads"
for e in "${engines[@]}"; do for n in "${thread_counts[@]}"; do speed_configs+=("$e $n"); done; done
bug_configs=()
for e in "${engines[@]}"; do
  if [[ $e == hivefuzz ]]; then
    for n in "${thread_counts[@]}"; do bug_configs+=("$e $n"); done
  else
    bug_configs+=("$e 1")
  fi
done
n_speed=$((rounds * ${#speed_targets[@]} * ${#speed_configs[@]}))
n_bug=$((trials * ${#bug_targets[@]} * ${#bug_configs[@]}))
plan="engines: ${engines[*]};"
[[ $n_speed -gt 0 ]] && plan+=" $n_speed speed runs of ~$((seconds + 1))s"
[[ $n_speed -gt 0 && $n_bug -gt 0 ]] && plan+=" and"
[[ $n_bug -gt 0 ]] && plan+=" $n_bug time-to-bug trials of at most ${cap}s"
say "$plan (at most ~$(((n_speed * (seconds + 1) + n_bug * cap) / 60 + 1)) min)"

# Runs `measure` for every round, target and configuration ("engine threads"). Each round
# (trial) starts with the next configuration, so no engine always runs first or right after
# another's heavy run.
run_rotated() { # measure rounds targets_array configs_array
  local measure=$1 rounds_=$2 r t i e n
  local -n targets_=$3 configs_=$4
  for ((r = 1; r <= rounds_ && ${#targets_[@]} > 0; r++)); do
    for t in "${targets_[@]}"; do
      for ((i = 0; i < ${#configs_[@]}; i++)); do
        read -r e n <<<"${configs_[(i + r - 1) % ${#configs_[@]}]}"
        "$measure" "$r" "$t" "$e" "$n"
      done
    done
  done
}
guard_s=$((seconds + 60))
run_rotated measure_speed "$rounds" speed_targets speed_configs
guard_s=$((cap + 60))
run_rotated measure_bug "$trials" bug_targets bug_configs

# ---- report ------------------------------------------------------------------------------------
env_file=$work/environment.tsv
{
  printf 'date\t%s\n' "$start_date"
  printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  printf 'cores\t%s\n' "$(nproc)"
  printf 'load\t%s\n' "$start_load"
  printf 'load_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'kernel\t%s\n' "$(uname -sr)"
  printf 'clang\t%s\n' "$(clang++ --version | head -n 1)"
  if uses aflpp; then
    printf 'aflpp\t%s\n' "$(afl-fuzz -h 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | head -n 1 | cut -d' ' -f1)"
    printf 'core_pattern\t%s\n' "$(cat /proc/sys/kernel/core_pattern 2>/dev/null || echo '?')"
  elif [[ $have_afl -eq 1 ]]; then
    printf 'aflpp\t%s\n' "not run (--engines)"
  else
    printf 'aflpp\t%s\n' "not installed (tools/install-deps.sh --bench)"
  fi
  printf 'hivefuzz\t%s\n' "$(git describe --always --dirty 2>/dev/null || echo '?') ($hf_build)"
  printf 'gnuplot\t%s\n' "${gnuplot_bin:+$(gnuplot --version)}"
  printf 'seconds\t%s\nrounds\t%s\ntrials\t%s\ncap\t%s\n' "$seconds" "$rounds" "$trials" "$cap"
  printf 'edge_only\t%s\n' "$edge_only"
  printf 'engines\t%s\n' "${engines[*]}"
  printf 'command\t%s\n' "bench/compare.sh $original_args"
} >"$env_file"
cp "$results" "$out_base.tsv"
python3 bench/compare_report.py --results "$results" --environment "$env_file" --out "$out" \
  --plots "$out_base" ${gnuplot_bin:+--gnuplot "$gnuplot_bin"}
cat "$out"
say "report: $out (raw data: $out_base.tsv)"
