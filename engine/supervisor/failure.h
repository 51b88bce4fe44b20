// After the engine failed: record every input in flight first, isolate the one that fails
// alone (replaying each in a fresh single-threaded child), minimize a crasher (in a
// minimizing child), and tell the user where the reproducer is and how to re-run it.
#pragma once

#include <string>
#include <vector>

#include "options/options.h"
#include "supervisor/verdict.h"

namespace hivefuzz {

struct HandledFailure {
  int exit_code = 0;
  std::vector<std::string> files;  // the reproducer(s) left on disk, for the final summary
};

// Handles `verdict` (kCrash, kTimeout or kOom) of a fuzzing or replay run whose slots are
// `slots`: returns the exit code for the user and the files that reproduce it.
HandledFailure HandleFailure(const Options& options, const Verdict& verdict,
                             const std::vector<SlotSnapshot>& slots);

// Identifies a failure across engine restarts: how it ended, and where (stack hash).
struct FailureSignature {
  EngineEnd end = EngineEnd::kFinished;
  CrashKind kind = CrashKind::kNone;
  int signal = 0;
  uint64_t stack_hash = 0;
  bool operator==(const FailureSignature&) const = default;
};
FailureSignature SignatureOfFailure(const Verdict& verdict, const std::vector<SlotSnapshot>& slots);

}  // namespace hivefuzz
