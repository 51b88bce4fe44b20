#!/usr/bin/env bash
# hivefuzz in one command: installs missing Debian packages, builds the release preset, and
# fuzzes the bundled reverse_utf8 target (Go's fuzzing tutorial: a string reversal that breaks
# multi-byte UTF-8) until it finds the bug, minimizes it, then shows the reproducer and replays
# it.
# Usage: tools/quickstart.sh   (no arguments; output goes to hivefuzz-out/quickstart/)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== quickstart: installing missing dependencies"
tools/install-deps.sh

echo "== quickstart: building the release preset (build/release)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

out=hivefuzz-out/quickstart
rm -rf "$out"
mkdir -p "$out/corpus"
cp targets/seeds/reverse_utf8/* "$out/corpus/"
fuzzer=build/release/bin/reverse_utf8

echo
echo "== quickstart: fuzzing reverse_utf8 with $(nproc) worker threads"
echo "   $fuzzer -fuzztime=5m -artifact_prefix=$out/ $out/corpus"
set +e
"$fuzzer" -fuzztime=5m -artifact_prefix="$out/" "$out/corpus"
status=$?
set -e
if [[ $status -ne 77 ]]; then
  echo "quickstart: expected the fuzzer to find the bug (exit 77), got exit $status" >&2
  exit 1
fi
crash=$(ls "$out"/crash-* | head -n 1)
echo
echo "== quickstart: found and minimized it. The reproducer is $crash ($(stat -c %s "$crash") bytes):"
od -c "$crash" | head -n 5
echo
echo "== quickstart: replaying it: $fuzzer $crash"
set +e
"$fuzzer" "$crash"
replay=$?
set -e
echo
if [[ $replay -eq 77 ]]; then
  echo "== quickstart: done. The replay fails the same way (exit 77): a real, reproducible bug."
  echo "   New corpus inputs are in $out/corpus/; see README.md (and docs/) to fuzz your own target."
else
  echo "quickstart: the replay did not crash (exit $replay)" >&2
  exit 1
fi
