// After the engine failed: record every input in flight first, isolate the one that fails
// alone (replaying each in a fresh single-threaded child), minimize a crasher (in a
// minimizing child), and tell the user where the reproducer is and how to re-run it.
#pragma once

#include <vector>

#include "options/options.h"
#include "supervisor/verdict.h"

namespace hivefuzz {

// Handles `verdict` (kCrash, kTimeout or kOom) of a fuzzing or replay run whose slots are
// `slots`. Returns the exit code for the user.
int HandleFailure(const Options& options, const Verdict& verdict,
                  const std::vector<SlotSnapshot>& slots);

}  // namespace hivefuzz
