// libFuzzer's stack-depth feature, instrumented: each function that calls something lowers the
// thread's deepest stack pointer so far (__sancov_lowest_stack) to its own at entry.
#pragma once

#include "llvm/IR/Function.h"

namespace hivefuzz::instrumentation {

// True when `function` calls or invokes a function (intrinsics do not count): a leaf's frame
// adds little depth, and SanitizerCoverage's stack-depth leaves leaves out too.
bool CallsSomething(const llvm::Function& function);

// At `function`'s entry, after its static allocas: lowest = min(lowest, stack pointer), without
// a branch (a select and a store), so the control flow the counters were placed on is unchanged.
void TrackStackDepth(llvm::Function& function);

}  // namespace hivefuzz::instrumentation
