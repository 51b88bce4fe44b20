// Inline per-thread edge counters: the increments the pass puts into one function's blocks,
// counting into the running thread's counter array (see engine/coverage/runtime.h).
#pragma once

#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace hivefuzz::instrumentation {

// What the edge instrumentation of one module refers to: declared once per module.
struct EdgeCounterSymbols {
  llvm::GlobalVariable* thread_counters;  // the TLS pointer to this thread's counter array
  llvm::GlobalVariable* displacement;     // this module's placeholder address -> counter index
  // In code compiled for an executable, the TLS integer that turns a placeholder's address
  // into its counter's (runtime_abi.h, kThreadExecutableBase); null in code for a shared
  // library, which adds the two above.
  llvm::GlobalVariable* executable_base;
};

EdgeCounterSymbols DeclareEdgeCounterSymbols(llvm::Module& module);

// Gives every critical edge a block of its own, so that counting blocks counts edges.
void SplitCriticalEdges(llvm::Function& function);

// The blocks of `function` worth a counter (SanitizerCoverage's pruning: never a block that
// dominates all its successors, nor one with several predecessors that it post-dominates).
// `dt` and `pdt` are the function's trees after SplitCriticalEdges.
std::vector<llvm::BasicBlock*> BlocksWorthACounter(llvm::Function& function,
                                                   const llvm::DominatorTree& dt,
                                                   const llvm::PostDominatorTree& pdt);

// The placeholder bytes of `counters` counters of `function` (their addresses name them).
llvm::GlobalVariable* CreatePlaceholders(llvm::Function& function, size_t counters);

// Gives blocks[i] an inline increment of the counter of placeholders[i]. In a small innermost
// loop that calls nothing (`loops`: the function's, after SplitCriticalEdges) the count is kept
// in a register while the loop runs and stored at its exits.
void AddEdgeCounters(llvm::Function& function, llvm::ArrayRef<llvm::BasicBlock*> blocks,
                     llvm::GlobalVariable* placeholders, const EdgeCounterSymbols& symbols,
                     const llvm::LoopInfo& loops);

// Emits the module constructor that registers the module's counters with the runtime; does
// nothing when no function got a counter.
void RegisterModuleCounters(llvm::Module& module, const EdgeCounterSymbols& symbols);

}  // namespace hivefuzz::instrumentation
