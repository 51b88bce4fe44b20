#!/usr/bin/env bash
# Runs every self-fuzzer (targets/self/) for longer than the ctest budget, from an existing
# build; builds nothing. Usage: tools/self_fuzz.sh [seconds per fuzzer, default 60]
#
# Build first: cmake --preset release && cmake --build --preset release
# Each fuzzer's corpus grows in build/self-fuzz/<name>/corpus (kept between runs, so each run
# goes on from the last) with the checked-in seeds of targets/self/seeds/<name> read alongside;
# failing inputs go to build/self-fuzz/<name>/artifacts/. Environment: HIVEFUZZ_BUILD_DIR (default
# build/release), HIVEFUZZ_SELF_FUZZ_DIR (default build/self-fuzz), PARALLEL (default: all CPUs).
# Exits 1 if any fuzzer failed (its output says which input), 2 on a usage error.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tools/self_fuzz.sh [seconds per fuzzer, default 60]" >&2
  exit 2
fi
build=${HIVEFUZZ_BUILD_DIR:-build/release}
out=${HIVEFUZZ_SELF_FUZZ_DIR:-build/self-fuzz}
parallel=${PARALLEL:-$(nproc)}

failed=()
for seeds in targets/self/seeds/*/; do
  name=$(basename "$seeds")
  bin=$build/bin/$name
  if [[ ! -x $bin ]]; then
    echo "self_fuzz: $bin is missing; build the release preset first" >&2
    exit 2
  fi
  mkdir -p "$out/$name/corpus" "$out/$name/artifacts"
  args=(-fuzztime="${seconds}s" -parallel="$parallel" -seed_corpus="$seeds" -cache_dir=
        -artifact_prefix="$out/$name/artifacts/")
  [[ -f targets/self/dicts/$name.dict ]] && args+=(-dict="targets/self/dicts/$name.dict")
  echo "== self_fuzz: $name for ${seconds}s (corpus: $out/$name/corpus)"
  if ! "$bin" "${args[@]}" "$out/$name/corpus"; then
    failed+=("$name")
  fi
done
if ((${#failed[@]})); then
  echo "self_fuzz: FAILED: ${failed[*]} (inputs in $out/<name>/artifacts/)" >&2
  exit 1
fi
echo "self_fuzz: every self-fuzzer ran ${seconds}s without a failure"
