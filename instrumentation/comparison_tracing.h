// Comparison tracing that costs an untraced execution one TLS load and a branch: integer
// comparisons and switches call SanitizerCoverage's trace-cmp callbacks only while the running
// thread records comparisons (its comparison table pointer is set).
#pragma once

#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

namespace hivefuzz::instrumentation {

// The comparisons and switches of `function` worth tracing, chosen before any instrumentation
// is added (SanitizerCoverage's choice: integer operands of 8 to 64 bits, not both constant,
// not a loop's back-edge test).
std::vector<llvm::Instruction*> ComparisonsToTrace(llvm::Function& function,
                                                   const llvm::DominatorTree& dt);

enum class TraceWhen {
  kWhileRecording,  // a TLS load and a branch before each call
  kAlways,          // in a traced copy, which runs only while the thread records
};

// Puts a call to the matching __sanitizer_cov_trace_* callback before each of `targets`.
void TraceComparisons(llvm::Function& function, const std::vector<llvm::Instruction*>& targets,
                      TraceWhen when);

// The thread's comparison table pointer (initial-exec TLS): null while it does not record.
llvm::GlobalVariable* DeclareThreadTable(llvm::Module& module);

// Branch weights for a test of that pointer: recording is rare (two executions per work item).
llvm::MDNode* RecordingIsRare(llvm::LLVMContext& context);

}  // namespace hivefuzz::instrumentation
