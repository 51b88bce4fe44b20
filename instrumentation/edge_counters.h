// Inline per-thread edge counters: the increments the pass puts into one function's blocks,
// counting into the running thread's counter array (see engine/coverage/runtime.h).
#pragma once

#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace hivefuzz::instrumentation {

// What the edge instrumentation of one module refers to: declared once per module.
struct EdgeCounterSymbols {
  llvm::GlobalVariable* thread_counters;  // the TLS pointer to this thread's counter array
  llvm::GlobalVariable* displacement;     // this module's placeholder address -> counter index
};

EdgeCounterSymbols DeclareEdgeCounterSymbols(llvm::Module& module);

// Gives every critical edge a block of its own, so that counting blocks counts edges.
void SplitCriticalEdges(llvm::Function& function);

// Chooses the blocks of `function` worth a counter (SanitizerCoverage's pruning: never a block
// that dominates all its successors, nor one with several predecessors that it post-dominates)
// and gives each one an inline increment of its own counter. `dt` and `pdt` are the function's
// trees after SplitCriticalEdges. Returns the number of counters used (0: none).
size_t InstrumentEdges(llvm::Function& function, const EdgeCounterSymbols& symbols,
                       const llvm::DominatorTree& dt, const llvm::PostDominatorTree& pdt);

// Emits the module constructor that registers the module's counters with the runtime; does
// nothing when no function got a counter.
void RegisterModuleCounters(llvm::Module& module, const EdgeCounterSymbols& symbols);

}  // namespace hivefuzz::instrumentation
