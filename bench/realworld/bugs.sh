#!/usr/bin/env bash
# Time to a known bug: the real-world harnesses built with AddressSanitizer over the upstream
# release a Debian package is built from (Debian's patches left out, so the bugs they fix are
# there); hivefuzz -parallel=1 and libFuzzer fuzz each from an empty corpus, side by side, until
# the first crash or --time. Prints per harness and engine how many seeds found the bug, and the
# median seconds and executions to it.
#
# Run bench/realworld/bugs.sh --help for the flags.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."

# The known bugs: harness, what the bug is, and how its sanitizer report reads: the error kind
# and the functions of the first two frames.
declare -A bug_about bug_kind bug_frames
bug_about[cjson_parse]="cJSON 1.7.15: an object that ends right after a comma is read one byte past its end (cJSON issue 800; fixed in 1.7.18, Debian's 0002-Fix-heap-buffer-overflow.patch)"
bug_kind[cjson_parse]=heap-buffer-overflow
bug_frames[cjson_parse]="parse_string parse_object"

usage() {
  cat <<'EOF'
Usage: bench/realworld/bugs.sh [flags]

Builds the harnesses with known bugs over the upstream sources (bench/realworld/build.sh
--upstream, variants hivefuzz-asan and libfuzzer-asan, in build/realworld/upstream), then for
every harness and seed runs hivefuzz -parallel=1 and libFuzzer at the same time, one core each,
from empty corpus directories, until each finds a crash or --time passes.

Flags:
  --time S             seconds per run at most (default 300)
  --seeds LIST         seeds (default 1,2,3,4,5)
  --harnesses LIST     harnesses (default: every one with a known bug: cjson_parse)
  --hivefuzz-flags F   extra flags for hivefuzz (one string, split on spaces)
  --out DIR            results directory (default build/realworld/bugs); runs already in its
                       results.tsv are not run again
  --no-build           do not run build.sh
  --report-only        print the table of what --out holds
  -h, --help           this text
A run counts as finding the bug when its first crash's report has the bug's error kind and
functions; a crash elsewhere is listed as another crash. Seconds run from the engine's start to
its first crash file; executions are the engine's stat::number_of_executed_units.
EOF
}
die() {
  echo "bugs: error: $*" >&2
  exit 2
}
say() { echo "bugs: $*" >&2; }

time_s=300 seeds=1,2,3,4,5 harnesses_list="" hf_flags="" out=build/realworld/bugs build=1 report_only=0
# shellcheck source=bench/realworld/run_flags.sh
source bench/realworld/run_flags.sh
while [[ $# -gt 0 ]]; do
  if shared_flag "$@"; then
    shift "$flag_words"
    continue
  fi
  case $1 in
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
done
check_shared_flags_and_open_results

report() {
  python3 - "$results" "$time_s" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
limit = float(sys.argv[2])
def summary(values, unit):
    # A run that did not find the bug counts as taking longer than any that did.
    def show(v):
        return f">{limit:.0f} s" if v == float("inf") else unit(v)
    return f"{show(statistics.median(values))} ({show(min(values))}-{show(max(values))})"
print("| harness | engine | found | seconds to the bug, median (min-max) | executions to the bug | other crashes |")
print("|---|---|---|---|---|---|")
for harness in sorted({r["harness"] for r in rows}):
    for engine in ("hivefuzz-1", "libfuzzer-1"):
        runs = [r for r in rows if r["harness"] == harness and r["engine"] == engine]
        if not runs:
            continue
        found = [r for r in runs if r["outcome"] == "bug"]
        others = [r["outcome"] for r in runs if r["outcome"] not in ("bug", "none")]
        seconds = [float(r["seconds"]) if r["outcome"] == "bug" else float("inf") for r in runs]
        executions = [int(r["executions"]) if r["outcome"] == "bug" else float("inf") for r in runs]
        print(f"| {harness} | {engine} | {len(found)}/{len(runs)} | {summary(seconds, lambda v: f'{v:.1f}')} "
              f"| {summary(executions, lambda v: f'{v / 1e6:.2f}M')} | {', '.join(others) or '-'} |")
EOF
}
if [[ $report_only -eq 1 ]]; then
  [[ -f $results ]] || die "$results does not exist: nothing measured there yet"
  report
  exit 0
fi

all_harnesses=("${!bug_about[@]}")
if [[ -n $harnesses_list ]]; then IFS=, read -r -a harnesses <<<"$harnesses_list"; else harnesses=("${all_harnesses[@]}"); fi
for h in "${harnesses[@]}"; do
  [[ -n ${bug_about[$h]:-} ]] || die "no known bug for harness '$h'; there is one for: ${all_harnesses[*]}"
done
bin_out=build/realworld/upstream
if [[ $build -eq 1 ]]; then
  hlist=$(IFS=,; echo "${harnesses[*]}")
  bench/realworld/build.sh --upstream --out "$bin_out" --harnesses "$hlist" \
    --variants hivefuzz-asan,libfuzzer-asan >&2
fi
bin=$(cd "$bin_out/bin" && pwd)
[[ -f $results ]] || printf 'harness\tengine\tseed\toutcome\tseconds\texecutions\n' >"$results"

# What the first crash of a run was: "bug" (the harness's known bug), "none", or the error kind
# and function of frame #0 of another crash.
outcome() {
  local harness=$1 log=$2 kind frame0 frame1
  kind=$(grep -m1 -oP 'ERROR: AddressSanitizer: \K[a-z-]+' "$log" || true)
  if [[ -z $kind ]]; then
    grep -q -m1 -E 'ERROR: |deadly signal' "$log" && echo "crash" || echo "none"
    return
  fi
  frame0=$(grep -m1 -oP '^\s+#0 0x[0-9a-f]+ in \K\S+' "$log" || true)
  frame1=$(grep -m1 -oP '^\s+#1 0x[0-9a-f]+ in \K\S+' "$log" || true)
  if [[ $kind == "${bug_kind[$harness]}" && "$frame0 $frame1" == "${bug_frames[$harness]}" ]]; then
    echo bug
  else
    echo "$kind:$frame0"
  fi
}

run_seed() {
  local harness=$1 seed=$2 e todo=()
  for e in hivefuzz-1 libfuzzer-1; do
    grep -qP "^$harness\t$e\t$seed\t" "$results" || todo+=("$e")
  done
  [[ ${#todo[@]} -gt 0 ]] || return 0
  say "$harness, seed $seed: ${todo[*]} for at most ${time_s} s"
  local -A pids starts
  for e in "${todo[@]}"; do
    local dir=$out/runs/$harness/$e/seed$seed cmd=()
    rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/artifacts"
    if [[ $e == hivefuzz-1 ]]; then
      cmd=("$bin/$harness-hivefuzz-asan" -parallel=1)
      # shellcheck disable=SC2206
      cmd+=($hf_flags)
    else
      cmd=("$bin/$harness-libfuzzer-asan")
    fi
    cmd+=(-seed="$seed" -max_total_time="$time_s" -timeout=10 -print_final_stats=1
      -artifact_prefix="$dir/artifacts/" "$dir/corpus")
    printf '%q ' "${cmd[@]}" >"$dir/command"
    starts[$e]=$(date +%s.%N)
    (cd "$dir" && exec "${cmd[@]}" >"$dir/log" 2>&1) &
    pids[$e]=$!
  done
  for e in "${todo[@]}"; do
    wait "${pids[$e]}" 2>/dev/null || true
  done
  for e in "${todo[@]}"; do
    local dir=$out/runs/$harness/$e/seed$seed result seconds=- executions first
    result=$(outcome "$harness" "$dir/log")
    executions=$(grep -m1 -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$dir/log" || echo -)
    first=$(find "$dir/artifacts" -name 'crash-*' -printf '%T@\n' | sort -n | head -1)
    [[ -n $first ]] && seconds=$(python3 -c "print(f'{$first - ${starts[$e]}:.2f}')")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$harness" "$e" "$seed" "$result" "$seconds" "$executions" >>"$results"
    say "  $e: $result after $seconds s, $executions executions"
  done
}

IFS=, read -r -a seed_list <<<"$seeds"
for harness in "${harnesses[@]}"; do
  say "$harness: ${bug_about[$harness]}"
  for seed in "${seed_list[@]}"; do run_seed "$harness" "$seed"; done
done
report
