# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are the sourcing script's
# The flags coverage.sh and bugs.sh share, their checks and the results directory: sourced by
# both, after each defines die() and sets its defaults (time_s, seeds, harnesses_list, hf_flags,
# out, build, report_only).

# Takes the shared flag at "$@" if it is one: sets its variable and flag_words to the words it
# used (1 or 2); returns 1 for any other flag.
shared_flag() {
  flag_words=2
  case $1 in
    --time) need_value "$@"; time_s=$2 ;;
    --seeds) need_value "$@"; seeds=$2 ;;
    --harnesses) need_value "$@"; harnesses_list=$2 ;;
    --hivefuzz-flags) [[ $# -ge 2 ]] || die "$1 needs a value"; hf_flags=$2 ;;
    --out) need_value "$@"; out=$2 ;;
    --no-build) build=0 flag_words=1 ;;
    --report-only) report_only=1 flag_words=1 ;;
    *) return 1 ;;
  esac
}
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }

# Checks --time and --seeds, creates --out and sets results to its results.tsv.
check_shared_flags_and_open_results() {
  [[ $time_s =~ ^[1-9][0-9]*$ ]] || die "--time needs a positive number of seconds"
  [[ $seeds =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--seeds takes positive numbers, comma-separated"
  mkdir -p "$out" || die "cannot create $out"
  out=$(cd "$out" && pwd)
  results=$out/results.tsv
}
