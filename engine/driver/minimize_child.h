// The minimizing engine child: runs Go's minimization passes over a crasher in one process,
// marking every candidate in its crash slot before running it. A candidate that fails kills
// the child, and the slot then names it; the supervisor keeps it and starts a new child.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "options/child_protocol.h"
#include "options/options.h"
#include "target/target.h"

namespace hivefuzz {

// Passed by the supervisor in kMinimizeVariable (options/child_protocol.h).

struct MinimizeChildParams {
  // Candidates to answer "no" without running: a previous child ran them (they passed) and
  // died on the next one for another reason, which is rejected too. The passes are
  // deterministic, so the new child reaches the same point.
  uint64_t skip = 0;
  uint64_t max_runs = 0;  // target calls allowed; 0 = no limit
  uint64_t time_ms = 0;   // 0 = no limit
};

Result<MinimizeChildParams> ParseMinimizeParams(const std::string& text);
std::string FormatMinimizeParams(const MinimizeChildParams& params);

// Minimizes the file options.inputs[0]. Slot 0's `seq` counts the candidates considered
// (skipped ones included), so it names the candidate that was running when the child died.
// Returns 0 when the passes or the budget ran out with no candidate failing.
int RunMinimizeChild(const Options& options, const MinimizeChildParams& params, TestOneInputFn fn,
                     int slots_fd);

}  // namespace hivefuzz
