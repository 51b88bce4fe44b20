// Traced copies: a function that compares gets a copy whose comparisons call the trace-cmp
// callbacks unconditionally; the function itself tests once at entry whether the thread records.
#pragma once

#include <vector>

#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

namespace hivefuzz::instrumentation {

// False where the entry cannot hand its call over with a `musttail` call (varargs, arguments
// passed in the caller's memory or Swift's registers, calling conventions other than C's, fast
// and cold) or where a copy would not behave as the original (blocks whose address is taken:
// an indirect branch in the copy would jump into the original).
bool CanHaveTracedCopy(const llvm::Function& function);

// Clones `function` as it is now (its edge counters included: the copy counts into the same
// counters), traces the copy's counterparts of `comparisons` (the function's own) and makes
// the function's entry call the copy while the thread records. Returns the copy.
llvm::Function* MakeTracedCopy(llvm::Function& function,
                               const std::vector<llvm::Instruction*>& comparisons);

// Records `function` (and `copy`, if not null) in the module's function map, from which the
// crash handler learns that frames of the copy stand for the function (runtime_abi.h).
void AddToFunctionMap(llvm::Function& function, llvm::Function* copy);

}  // namespace hivefuzz::instrumentation
