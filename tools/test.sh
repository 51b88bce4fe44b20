#!/usr/bin/env bash
# Runs the whole hivefuzz test suite: installs missing Debian packages, builds the release and
# tsan (ThreadSanitizer) presets, and runs every test of both through ctest.
# Exits non-zero if anything fails. Usage: tools/test.sh   (no arguments)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== hivefuzz test: installing missing dependencies"
tools/install-deps.sh

jobs=$(nproc)
for preset in release tsan; do
  echo "== hivefuzz test: building the $preset preset (build/$preset)"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== hivefuzz test: running the $preset tests"
  ctest --preset "$preset" -j "$jobs" --timeout 600
done
echo "== hivefuzz test: all tests passed in the release and tsan presets"
