// Small IR helpers the pass's parts share: marking its own memory accesses !nosanitize, and
// where code may go at a function's entry.
#pragma once

#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

namespace hivefuzz::instrumentation {

// Marks the pass's own loads and stores !nosanitize, so that AddressSanitizer, which runs
// after it, leaves the instrumentation itself uninstrumented.
template <typename InstructionT>
InstructionT* MarkNoSanitize(InstructionT* instruction) {
  // LLVM 14 has no fixed kind for it yet: the sanitizers look it up by name.
  instruction->setMetadata(instruction->getContext().getMDKindID("nosanitize"),
                           llvm::MDNode::get(instruction->getContext(), llvm::None));
  return instruction;
}

// The first instruction after the entry block's static allocas, which stay first, where the
// backend expects them.
inline llvm::BasicBlock::iterator AfterStaticAllocas(llvm::BasicBlock& entry) {
  llvm::BasicBlock::iterator it = entry.getFirstInsertionPt();
  while (it != entry.end()) {
    auto* alloca = llvm::dyn_cast<llvm::AllocaInst>(&*it);
    if (alloca == nullptr || !alloca->isStaticAlloca()) break;
    ++it;
  }
  return it;
}

// The TLS model for the runtime's thread-local variables (__hivefuzz_tls_*), which the runtime
// defines in the executable. Code compiled for an executable (-fPIE, or not position
// independent) reaches them local-exec: one %fs-relative access at a link-time offset. Code
// that may go into a shared library uses initial-exec: the offset is loaded from the GOT first.
inline llvm::GlobalValue::ThreadLocalMode RuntimeTlsModel(const llvm::Module& module) {
  bool executable = module.getPIELevel() != llvm::PIELevel::Default ||
                    module.getPICLevel() == llvm::PICLevel::NotPIC;
  return executable ? llvm::GlobalValue::LocalExecTLSModel : llvm::GlobalValue::InitialExecTLSModel;
}

}  // namespace hivefuzz::instrumentation
