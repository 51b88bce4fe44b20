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
  // Code compiled for a shared library counts at the thread's counter array (this TLS pointer)
  // plus the placeholder's address plus the module's displacement. Both null in code compiled
  // for an executable, which counts into a thread-local array of its own: one %fs-relative
  // operand per increment, no register held for a base.
  llvm::GlobalVariable* thread_counters;
  llvm::GlobalVariable* displacement;
  // In the thread-local form, each function's placeholders so far, in order: they become
  // slices of the module's thread-local array when the module is done (RegisterModuleCounters).
  std::vector<llvm::GlobalVariable*> placeholders;

  bool thread_local_counters() const { return thread_counters == nullptr; }
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
llvm::GlobalVariable* CreatePlaceholders(llvm::Function& function, size_t counters,
                                         EdgeCounterSymbols& symbols);

// Gives blocks[i] an inline increment of the counter of placeholders[i]. In a small innermost
// loop that calls nothing (`loops`: the function's, after SplitCriticalEdges) the count is kept
// in a register while the loop runs and stored at its exits.
void AddEdgeCounters(llvm::Function& function, llvm::ArrayRef<llvm::BasicBlock*> blocks,
                     llvm::GlobalVariable* placeholders, const EdgeCounterSymbols& symbols,
                     const llvm::LoopInfo& loops);

// Emits the module constructor that registers the module's counters with the runtime (in the
// thread-local form, first puts every placeholder's counters into the module's thread-local
// array); called only when some function got a counter.
void RegisterModuleCounters(llvm::Module& module, EdgeCounterSymbols& symbols);

}  // namespace hivefuzz::instrumentation
