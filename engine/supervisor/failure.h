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

}  // namespace hivefuzz
