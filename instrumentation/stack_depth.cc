#include "stack_depth.h"

#include "ir_helpers.h"
#include "llvm/ADT/Triple.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "runtime_abi.h"

namespace hivefuzz::instrumentation {

using namespace llvm;

bool CallsSomething(const Function& function) {
  for (const BasicBlock& block : function) {
    for (const Instruction& instruction : block) {
      if (isa<InvokeInst>(instruction)) return true;
      if (isa<CallInst>(instruction) && !isa<IntrinsicInst>(instruction)) return true;
    }
  }
  return false;
}

namespace {

GlobalVariable* LowestStack(Module& module, Type* intptr) {
  if (GlobalVariable* existing = module.getNamedGlobal(kLowestStack)) return existing;
  return new GlobalVariable(module, intptr, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                            nullptr, kLowestStack, nullptr, RuntimeTlsModel(module));
}

// The stack pointer: read directly on x86-64, where llvm.frameaddress would make every such
// function set up a frame pointer; the frame address elsewhere, as SanitizerCoverage does.
Value* StackPointer(IRBuilder<>& builder, Module& module, Type* intptr) {
  if (Triple(module.getTargetTriple()).getArch() == Triple::x86_64) {
    LLVMContext& context = module.getContext();
    Function* read = Intrinsic::getDeclaration(&module, Intrinsic::read_register, {intptr});
    Metadata* rsp = MDString::get(context, "rsp");
    return builder.CreateCall(read, {MetadataAsValue::get(context, MDNode::get(context, rsp))});
  }
  Function* frame =
      Intrinsic::getDeclaration(&module, Intrinsic::frameaddress, {builder.getInt8PtrTy()});
  return builder.CreatePtrToInt(builder.CreateCall(frame, {builder.getInt32(0)}), intptr);
}

}  // namespace

void TrackStackDepth(Function& function) {
  Module& module = *function.getParent();
  Type* intptr = module.getDataLayout().getIntPtrType(module.getContext());
  GlobalVariable* lowest = LowestStack(module, intptr);
  BasicBlock& entry = function.getEntryBlock();
  IRBuilder<> builder(&entry, AfterStaticAllocas(entry));
  Value* sp = StackPointer(builder, module, intptr);
  Value* before = MarkNoSanitize(builder.CreateLoad(intptr, lowest));
  Value* lower = builder.CreateSelect(builder.CreateICmpULT(sp, before), sp, before);
  MarkNoSanitize(builder.CreateStore(lower, lowest));
}

}  // namespace hivefuzz::instrumentation
