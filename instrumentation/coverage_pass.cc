// The hivefuzz coverage pass plugin for clang (-fpass-plugin=): inline per-thread edge
// counters and comparison tracing only while a thread records (a traced copy of each function
// that compares), in place of SanitizerCoverage's callbacks.
#include "comparison_tracing.h"
#include "edge_counters.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "stack_depth.h"
#include "traced_copy.h"

namespace hivefuzz::instrumentation {
namespace {

using namespace llvm;

bool ShouldInstrument(const Function& function) {
  if (function.isDeclaration() || function.empty()) return false;
  // Their real body is elsewhere, instrumented there.
  if (function.hasAvailableExternallyLinkage()) return false;
  if (function.hasFnAttribute(Attribute::Naked)) return false;
  // __attribute__((no_sanitize("coverage"))) and the runtime's own entry points.
  if (function.hasFnAttribute(Attribute::NoSanitizeCoverage)) return false;
  if (function.hasFnAttribute(Attribute::DisableSanitizerInstrumentation)) return false;
  StringRef name = function.getName();
  return !name.startswith("__sanitizer_") && !name.startswith("__hivefuzz") &&
         !name.startswith("hivefuzz.");
}

struct CoveragePass : PassInfoMixin<CoveragePass> {
  PreservedAnalyses run(Module& module, ModuleAnalysisManager&) {
    std::vector<Function*> functions;
    for (Function& function : module) {
      if (ShouldInstrument(function)) functions.push_back(&function);
    }
    if (functions.empty()) return PreservedAnalyses::all();
    EdgeCounterSymbols symbols = DeclareEdgeCounterSymbols(module);
    size_t counters = 0;
    for (Function* function : functions) {
      SplitCriticalEdges(*function);
      DominatorTree dt(*function);
      PostDominatorTree pdt(*function);
      // Chosen before the counters add code of their own and before the tracing splits blocks.
      std::vector<Instruction*> comparisons = ComparisonsToTrace(*function, dt);
      std::vector<BasicBlock*> blocks = BlocksWorthACounter(*function, dt, pdt);
      // Decided before the counters, whose ThreadSanitizer form is a call.
      const bool calls_something = CallsSomething(*function);
      if (!blocks.empty()) {
        LoopInfo loops(dt);
        AddEdgeCounters(*function, blocks, CreatePlaceholders(*function, blocks.size(), symbols),
                        symbols, loops);
        counters += blocks.size();
      }
      // Before the copy is made, so that the copy tracks the depth too.
      if (calls_something) TrackStackDepth(*function);
      // A function that compares gets a traced copy, so that an execution that does not
      // record pays one test per call, not one per comparison; where it cannot, each
      // comparison gets the test.
      Function* copy = nullptr;
      if (!comparisons.empty() && CanHaveTracedCopy(*function)) {
        copy = MakeTracedCopy(*function, comparisons);
      } else {
        TraceComparisons(*function, comparisons, TraceWhen::kWhileRecording);
      }
      AddToFunctionMap(*function, copy);
    }
    if (counters > 0) RegisterModuleCounters(module, symbols);
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }  // also at -O0 and in optnone functions
};

// What -fsanitize=fuzzer's front end does: `optforfuzzing` on every function, before the
// optimizer runs, so that SimplifyCFG keeps a small `if` a branch instead of folding it into a
// select. A select has no edge to count: the input that takes the other side (zlib's
// `if (adler >= BASE) adler -= BASE;`) would look like every other.
struct OptimizeForFuzzingPass : PassInfoMixin<OptimizeForFuzzingPass> {
  PreservedAnalyses run(Module& module, ModuleAnalysisManager&) {
    for (Function& function : module) {
      if (ShouldInstrument(function)) function.addFnAttr(Attribute::OptForFuzzing);
    }
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

}  // namespace
}  // namespace hivefuzz::instrumentation

extern "C" LLVM_ATTRIBUTE_WEAK llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "hivefuzz-coverage", "1", [](llvm::PassBuilder& builder) {
            builder.registerPipelineStartEPCallback(
                [](llvm::ModulePassManager& passes, llvm::OptimizationLevel) {
                  passes.addPass(hivefuzz::instrumentation::OptimizeForFuzzingPass());
                });
            // Last, as SanitizerCoverage: the counters go into the optimized code, and the
            // sanitizers that run after it skip the !nosanitize instrumentation.
            builder.registerOptimizerLastEPCallback(
                [](llvm::ModulePassManager& passes, llvm::OptimizationLevel) {
                  passes.addPass(hivefuzz::instrumentation::CoveragePass());
                });
          }};
}
