// Comparison tracing that costs an untraced execution one TLS load and a branch: integer
// comparisons and switches call SanitizerCoverage's trace-cmp callbacks only while the running
// thread records comparisons (its comparison table pointer is set).
#pragma once

#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

namespace hivefuzz::instrumentation {

// The comparisons and switches of `function` worth tracing, chosen before any instrumentation
// is added (SanitizerCoverage's choice: integer operands of 8 to 64 bits, not both constant,
// not a loop's back-edge test).
std::vector<llvm::Instruction*> ComparisonsToTrace(llvm::Function& function,
                                                   const llvm::DominatorTree& dt);

// Puts a call to the matching __sanitizer_cov_trace_* callback before each of `targets`, made
// only while the thread records comparisons (a TLS load and a branch each).
void TraceComparisons(llvm::Function& function, const std::vector<llvm::Instruction*>& targets);

}  // namespace hivefuzz::instrumentation
