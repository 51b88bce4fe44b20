// After the engine failed: record every input in flight first, isolate the one that fails
// alone (replaying each in a fresh single-threaded child), minimize a crasher (in a
// minimizing child), and tell the user where the reproducer is and how to re-run it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "options/options.h"
#include "supervisor/verdict.h"

namespace hivefuzz {

// Identifies a failure across engine restarts: how it ended, and where (stack hash).
struct FailureSignature {
  EngineEnd end = EngineEnd::kFinished;
  CrashKind kind = CrashKind::kNone;
  int signal = 0;
  uint64_t stack_hash = 0;
  bool operator==(const FailureSignature&) const = default;
};

// One failure handled: how it failed and the reproducer(s) on disk. `files` is empty when
// nothing could be saved (the input was printed instead): such a failure is not recorded.
struct HandledFailure {
  FailureSignature signature;
  int exit_code = 0;
  std::vector<std::string> files;
};

// Says whether a failure with this signature was recorded before (its reproducer is on disk):
// it is then only mentioned, not saved again.
using KnownFailure = std::function<bool(const FailureSignature&)>;

// Handles `verdict` (kCrash, kTimeout or kOom) of a fuzzing or replay run whose slots are
// `slots`. Every slot marked as crashed is a failure of its own (two threads can fail at the
// same instant); each is saved before anything else happens, isolated from the other inputs
// in flight, minimized and reported. Returns the failures handled, known ones left out.
std::vector<HandledFailure> HandleFailure(const Options& options, const Verdict& verdict,
                                          const std::vector<SlotSnapshot>& slots,
                                          const KnownFailure& known = nullptr);

// ---- libFuzzer's -ignore_crashes, -ignore_timeouts, -ignore_ooms ----
// Whether a failure that ended this way is ignored by those flags (recorded, kept as found, and
// fuzzing goes on), and the flag that says so ("-ignore_timeouts=1").
bool IgnoredByFlags(const Options& options, EngineEnd end);
const char* IgnoreFlagOf(EngineEnd end);
// ---- end -ignore_* ----
// For the crash tools (-minimize_crash, -cleanse_crash, -exact_artifact_path; crash_tools.h),
// the pieces of failure handling they reuse:

// The signature of `verdict` whose first culprit is `slot` (null if none).
FailureSignature FailureSignatureOf(const Verdict& verdict, const SlotSnapshot* slot);
// The same kind of failure and, where `original` has one, the same stack.
bool IsSameBug(const FailureSignature& original, const FailureSignature& candidate);
// argv of a single-threaded replay child with the user's limits, files to be appended.
std::vector<std::string> ReplayArguments(const Options& options);
// Runs `files` in order in one fresh single-threaded child (its output is discarded).
FailureSignature ReplayFiles(const Options& options, const std::vector<std::string>& files);
// Shrinks `crasher` with the minimizing children, within options.minimize_time_ns or
// options.minimize_attempts; every smaller input that fails as `signature` says (IsSameBug)
// replaces the file at `path` at once (atomically). The work file goes to `work_dir`. Returns
// the smallest input.
Bytes MinimizeCrasherInPlace(const Options& options, const FailureSignature& signature,
                             Bytes crasher, const std::string& path, const std::string& work_dir);

// Moves the reproducer at `path` to -exact_artifact_path when it is given and returns where it
// is now (`path` itself without the flag, or if the move failed, which it says). In
// crash_tools.cc.
std::string PlaceAtExactArtifactPath(const Options& options, const std::string& path);

}  // namespace hivefuzz
