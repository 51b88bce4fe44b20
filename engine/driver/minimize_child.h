// The minimizing engine child: runs Go's minimization passes over a crasher in one process,
// marking every candidate in its crash slot before running it. A candidate that fails kills
// the child, and the slot then names it; the supervisor keeps it and starts a new child.
#pragma once

#include "options/child_protocol.h"
#include "options/options.h"
#include "target/target.h"

namespace hivefuzz {

// Minimizes the file options.inputs[0] (always the original crasher). Slot 0's `seq` counts the
// candidates considered (answered ones included), so it names the one running when the child
// died.
// Returns 0 when the passes or the budget ran out with no candidate failing.
// `typed`: a typed fuzz test, whose arguments are minimized one by one (null: plain bytes).
int RunMinimizeChild(const Options& options, const MinimizeChildParams& params, TestOneInputFn fn,
                     int slots_fd, const TypedTarget* typed = nullptr);

}  // namespace hivefuzz
