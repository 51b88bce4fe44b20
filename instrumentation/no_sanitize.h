// Marks the pass's own loads and stores !nosanitize, so that AddressSanitizer and
// ThreadSanitizer, which run after it, leave the instrumentation itself uninstrumented.
#pragma once

#include "llvm/IR/Instruction.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"

namespace hivefuzz::instrumentation {

template <typename InstructionT>
InstructionT* MarkNoSanitize(InstructionT* instruction) {
  // LLVM 14 has no fixed kind for it yet: the sanitizers look it up by name.
  instruction->setMetadata(instruction->getContext().getMDKindID("nosanitize"),
                           llvm::MDNode::get(instruction->getContext(), llvm::None));
  return instruction;
}

}  // namespace hivefuzz::instrumentation
