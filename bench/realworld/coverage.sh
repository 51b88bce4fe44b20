#!/usr/bin/env bash
# The real-world coverage benchmark: hivefuzz and libFuzzer fuzz each harness of
# bench/realworld/ side by side from an empty corpus for a fixed time; each engine's corpus is
# copied at snapshot times and replayed through the harness's clang source-coverage build
# (<harness>-cov); `llvm-cov export` counts the library's regions and branches covered (the
# harness and the replay driver are not counted). Prints per harness and snapshot the median and
# min-max over seeds, and how long hivefuzz took to reach libFuzzer's final median.
#
# Run bench/realworld/coverage.sh --help for the flags.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."

usage() {
  cat <<'EOF'
Usage: bench/realworld/coverage.sh [flags]

Builds the harnesses (bench/realworld/build.sh: the hivefuzz, libfuzzer and cov variants),
then for every harness, seed and engine of the configuration runs the fuzzer from an empty
corpus directory for --time seconds, copying the corpus at each snapshot time, and replays
each copy through <harness>-cov.

Configurations:
  1  hivefuzz -parallel=1 against libFuzzer in one process. The two run at the same time, one
     core each (the machine needs two idle cores).
  2  hivefuzz -parallel=2 against libFuzzer -fork=2 and libFuzzer -jobs=2 -workers=2, one after
     the other, each with the machine's cores to itself. -jobs gets no -seed: libFuzzer would
     hand the same one to both jobs.

Flags:
  --config 1|2|1,2     configurations (default 1)
  --time S             seconds per run (default 300)
  --snapshots LIST     snapshot times in seconds (default 30,60,120,300; those above --time
                       are dropped, --time is always one)
  --seeds LIST         seeds (default 1,2,3)
  --harnesses LIST     comma-separated harnesses (default: all of bench/realworld/harnesses/)
  --hivefuzz-flags F   extra flags for hivefuzz (one string, split on spaces)
  --libfuzzer-flags F  extra flags for libFuzzer
  --engines LIST       hivefuzz, libfuzzer or both (default hivefuzz,libfuzzer); one engine alone
                       measures a change of it against the other's runs of an earlier --out.
                       One mode alone by its results name: libfuzzer-fork2, libfuzzer-jobs2
  --out DIR            results directory (default build/realworld/coverage); runs already
                       there (a results line in results.tsv) are not run again, so an
                       interrupted benchmark resumes; use a new directory for a new measurement
  --no-build           do not run build.sh (the binaries must be in build/realworld/bin)
  --report-only        print the table of what --out holds; run nothing
  -h, --help           this text
Both engines run with -timeout=10 (libFuzzer's default of 1200 s would let one slow input
stall a run) and their defaults otherwise. A run that finds a crash stops there; its later
snapshots repeat its last corpus and the table marks the crash.
EOF
}
die() {
  echo "coverage: error: $*" >&2
  exit 2
}
say() { echo "coverage: $*" >&2; }

configs=1 time_s=300 snapshots=30,60,120,300 seeds=1,2,3 harnesses_list=""
hf_flags="" lf_flags="" engines_list=hivefuzz,libfuzzer out=build/realworld/coverage build=1 report_only=0
# shellcheck source=bench/realworld/run_flags.sh
source bench/realworld/run_flags.sh
while [[ $# -gt 0 ]]; do
  if shared_flag "$@"; then
    shift "$flag_words"
    continue
  fi
  case $1 in
    --config) need_value "$@"; configs=$2; shift ;;
    --snapshots) need_value "$@"; snapshots=$2; shift ;;
    --libfuzzer-flags) [[ $# -ge 2 ]] || die "$1 needs a value"; lf_flags=$2; shift ;;
    --engines) need_value "$@"; engines_list=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
  shift
done
check_shared_flags_and_open_results
[[ $configs =~ ^[12](,[12])?$ ]] || die "--config takes 1, 2 or 1,2"
[[ $snapshots =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--snapshots takes seconds, comma-separated"
engine_names='hivefuzz|libfuzzer|hivefuzz-1|libfuzzer-1|hivefuzz-2|libfuzzer-fork2|libfuzzer-jobs2'
[[ $engines_list =~ ^($engine_names)(,($engine_names))*$ ]] ||
  die "--engines takes hivefuzz, libfuzzer or a mode's name (see --help), comma-separated"
IFS=, read -r -a snapshot_list <<<"$snapshots"
times=()
for t in "${snapshot_list[@]}"; do ((t < time_s)) && times+=("$t"); done
times+=("$time_s")
report() { python3 bench/realworld/coverage_table.py "$results"; }
if [[ $report_only -eq 1 ]]; then
  [[ -f $results ]] || die "$results does not exist: nothing measured there yet"
  report
  exit 0
fi

all_harnesses=()
for src in bench/realworld/harnesses/*.c bench/realworld/harnesses/*.cc; do
  all_harnesses+=("$(basename "${src%.*}")")
done
if [[ -n $harnesses_list ]]; then IFS=, read -r -a harnesses <<<"$harnesses_list"; else harnesses=("${all_harnesses[@]}"); fi
for h in "${harnesses[@]}"; do
  [[ " ${all_harnesses[*]} " == *" $h "* ]] || die "no harness '$h'; there are: ${all_harnesses[*]}"
done
command -v llvm-profdata-14 >/dev/null || die "llvm-profdata-14 not found (tools/install-deps.sh --realworld)"
command -v llvm-cov-14 >/dev/null || die "llvm-cov-14 not found (tools/install-deps.sh --realworld)"
if [[ $build -eq 1 ]]; then
  hlist=$(IFS=,; echo "${harnesses[*]}")
  bench/realworld/build.sh --harnesses "$hlist" --variants hivefuzz,libfuzzer,cov >&2
fi
bin=$(cd build/realworld/bin && pwd)
[[ -f $results ]] || printf 'harness\tconfig\tengine\tseed\tseconds\tregions\tregions_total\tbranches\tbranches_total\tinputs\tcrashed_at\n' >"$results"

# Coverage of one corpus copy: "regions regions_total branches branches_total inputs".
measure() {
  local harness=$1 corpus=$2 work=$3
  rm -rf "$work" && mkdir -p "$work"
  local n
  n=$(find "$corpus" -type f | wc -l)
  # One process for the whole copy; where it dies (an input that crashes the library), one
  # process per file, each under a time limit, so one bad file costs only its own coverage.
  if ! LLVM_PROFILE_FILE="$work/all.profraw" timeout 600 "$bin/$harness-cov" "$corpus" \
    >/dev/null 2>"$work/replay.log"; then
    rm -f "$work"/*.profraw
    local i=0
    while IFS= read -r -d '' f; do
      i=$((i + 1))
      LLVM_PROFILE_FILE="$work/$i.profraw" timeout 10 "$bin/$harness-cov" "$f" >/dev/null 2>&1 || true
    done < <(find "$corpus" -type f -print0)
  fi
  if ! compgen -G "$work/*.profraw" >/dev/null; then
    # Nothing ran (an empty copy): nothing covered; the totals come from an empty replay.
    LLVM_PROFILE_FILE="$work/none.profraw" "$bin/$harness-cov" "$work/none-dir" >/dev/null 2>&1 || true
  fi
  llvm-profdata-14 merge -sparse "$work"/*.profraw -o "$work/merged.profdata"
  llvm-cov-14 export -summary-only -instr-profile="$work/merged.profdata" \
    -ignore-filename-regex='bench/realworld/(harnesses|replay_main)' "$bin/$harness-cov" \
    | python3 -c '
import json, sys
t = json.load(sys.stdin)["data"][0]["totals"]
print(t["regions"]["covered"], t["regions"]["count"], t["branches"]["covered"], t["branches"]["count"], sys.argv[1])
' "$n"
}

# Starts one engine in the background in $dir/run; writes $dir/pid.
start_engine() {
  local engine=$1 harness=$2 seed=$3 dir=$4
  mkdir -p "$dir/corpus" "$dir/artifacts"
  local cmd=()
  case $engine in
    hivefuzz-1 | hivefuzz-2)
      cmd=("$bin/$harness-hivefuzz" "-parallel=${engine#hivefuzz-}" -seed="$seed")
      # shellcheck disable=SC2206
      cmd+=($hf_flags) ;;
    libfuzzer-1) cmd=("$bin/$harness-libfuzzer" -seed="$seed") ;;
    libfuzzer-fork2) cmd=("$bin/$harness-libfuzzer" -fork=2 -seed="$seed") ;;
    libfuzzer-jobs2) cmd=("$bin/$harness-libfuzzer" -jobs=2 -workers=2) ;;
  esac
  if [[ $engine == libfuzzer* ]]; then
    # shellcheck disable=SC2206
    cmd+=($lf_flags)
  fi
  cmd+=(-max_total_time="$time_s" -timeout=10 -artifact_prefix="$dir/artifacts/" "$dir/corpus")
  printf '%q ' "${cmd[@]}" >"$dir/command"
  (cd "$dir" && exec "${cmd[@]}" >"$dir/log" 2>&1) &
  echo $! >"$dir/pid"
}

# Runs the engines of one (harness, config, seed) at once, snapshots their corpora, measures.
run_group() {
  local harness=$1 config=$2 seed=$3
  shift 3
  local engines=("$@") todo=() e
  for e in "${engines[@]}"; do
    grep -qP "^$harness\t$config\t$e\t$seed\t" "$results" || todo+=("$e")
  done
  [[ ${#todo[@]} -gt 0 ]] || return 0
  say "$harness, configuration $config, seed $seed: ${todo[*]} for ${time_s} s"
  local start
  for e in "${todo[@]}"; do
    local dir=$out/runs/$harness/$config/$e/seed$seed
    rm -rf "$dir" && mkdir -p "$dir"
    start_engine "$e" "$harness" "$seed" "$dir"
  done
  start=$(date +%s.%N)
  local t
  for t in "${times[@]}"; do
    local now wait
    now=$(date +%s.%N)
    wait=$(python3 -c "print(max(0.0, $start + $t - $now))")
    # The last snapshot waits for the engines to stop by themselves (-max_total_time).
    [[ $t == "$time_s" ]] || sleep "$wait"
    for e in "${todo[@]}"; do
      local dir=$out/runs/$harness/$config/$e/seed$seed
      if [[ $t == "$time_s" ]]; then
        local pid
        pid=$(cat "$dir/pid")
        # A minute past the end (the engines' final merges), it is stopped.
        (sleep "$(python3 -c "print(max(0.0, $start + $time_s + 60 - $(date +%s.%N)))")"
          kill "$pid" 2>/dev/null) &
        local killer=$!
        wait "$pid" 2>/dev/null || true
        kill "$killer" 2>/dev/null || true
        wait "$killer" 2>/dev/null || true
      fi
      mkdir -p "$dir/snap"
      # libFuzzer deletes an entry it replaced by a smaller one (-reduce_inputs): a file that
      # vanishes while being copied is one of those.
      mkdir -p "$dir/snap/$t"
      find "$dir/corpus" -maxdepth 1 -type f -exec cp -t "$dir/snap/$t" {} + 2>/dev/null || true
      # The time of the first crash file, if any, from the start.
      if [[ ! -f $dir/crashed_at ]] && compgen -G "$dir/artifacts/crash-*" >/dev/null; then
        echo "$t" >"$dir/crashed_at"
      fi
    done
  done
  for e in "${todo[@]}"; do
    local dir=$out/runs/$harness/$config/$e/seed$seed crashed=-
    [[ -f $dir/crashed_at ]] && crashed="<=$(cat "$dir/crashed_at")"
    local lines=""
    for t in "${times[@]}"; do
      local m
      m=$(measure "$harness" "$dir/snap/$t" "$dir/measure")
      read -r reg reg_total br br_total n <<<"$m"
      lines+=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$harness" "$config" "$e" "$seed" \
        "$t" "$reg" "$reg_total" "$br" "$br_total" "$n" "$crashed")$'\n'
    done
    rm -rf "$dir/measure"
    printf '%s' "$lines" >>"$results"
    say "  $e: $(tail -n 1 <<<"${lines%$'\n'}" | cut -f6,8 | sed 's/\t/ regions, /') branches at ${time_s} s"
  done
}

# The engines of each configuration that --engines names.
selected() {
  local e
  for e in "$@"; do
    [[ ",$engines_list," == *",${e%%-*},"* || ",$engines_list," == *",$e,"* ]] && echo "$e"
  done
}
IFS=, read -r -a seed_list <<<"$seeds"
IFS=, read -r -a config_list <<<"$configs"
for config in "${config_list[@]}"; do
  for harness in "${harnesses[@]}"; do
    for seed in "${seed_list[@]}"; do
      if [[ $config == 1 ]]; then
        # shellcheck disable=SC2046
        run_group "$harness" 1 "$seed" $(selected hivefuzz-1 libfuzzer-1)
      else
        for e in $(selected hivefuzz-2 libfuzzer-fork2 libfuzzer-jobs2); do
          run_group "$harness" 2 "$seed" "$e"
        done
      fi
    done
  done
done
report
