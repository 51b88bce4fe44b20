// libFuzzer's crash tools, as ClusterFuzz drives them (minimize_testcase, cleanse):
//   -minimize_crash=1 [-exact_artifact_path=OUT] [-max_total_time=T | -runs=N] FILE
//   -cleanse_crash=1 -exact_artifact_path=OUT FILE
// and the checks of -exact_artifact_path. Both tools run in the supervisor: every candidate
// runs in an engine child (a candidate that crashes kills only its child), and the result is
// on disk at OUT from the moment the input is known to fail, replaced atomically by each
// better one, so a SIGKILL at any time leaves a crasher at OUT.
#pragma once

#include <optional>

#include "options/options.h"

namespace hivefuzz {

// Runs -minimize_crash or -cleanse_crash when the command line asks for one, and returns its
// exit code (0 done, with OUT written; 1 when FILE does not fail, or on a bad command line or
// an I/O error, as libFuzzer; 72 when interrupted). Also refuses an -exact_artifact_path whose
// directory does not exist (exit 1, as libFuzzer). nullopt: neither; run as usual.
std::optional<int> RunCrashTools(const Options& options, RunMode mode);

}  // namespace hivefuzz
