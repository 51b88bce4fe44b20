#include "traced_copy.h"

#include <string>

#include "comparison_tracing.h"
#include "ir_helpers.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include "runtime_abi.h"

namespace hivefuzz::instrumentation {
namespace {

using namespace llvm;

// Arguments a musttail call could not forward as they came: in the caller's memory (byval,
// inalloca, preallocated) or in Swift's special registers.
bool CannotForward(const Argument& argument) {
  return argument.hasByValAttr() || argument.hasInAllocaAttr() || argument.hasPreallocatedAttr() ||
         argument.hasSwiftErrorAttr() || argument.hasAttribute(Attribute::SwiftAsync);
}

// The call the entry hands over with: the function's own arguments, its parameter and return
// attributes (musttail wants the ABI-relevant ones equal on both sides).
CallInst* ForwardCall(IRBuilder<>& builder, Function& function, Function* copy) {
  std::vector<Value*> arguments;
  for (Argument& argument : function.args()) arguments.push_back(&argument);
  CallInst* call = builder.CreateCall(copy, arguments);
  call->setCallingConv(function.getCallingConv());
  AttributeList attributes = function.getAttributes();
  std::vector<AttributeSet> parameters;
  for (unsigned i = 0; i < function.arg_size(); i++) {
    parameters.push_back(attributes.getParamAttrs(i));
  }
  call->setAttributes(AttributeList::get(function.getContext(), AttributeSet(),
                                         attributes.getRetAttrs(), parameters));
  call->setTailCallKind(CallInst::TCK_MustTail);
  return call;
}

// Splits the function's entry after its static allocas: while the thread records, the call
// goes on in the copy; else in the rest of the function as it was.
void HandOverWhileRecording(Function& function, Function* copy) {
  LLVMContext& context = function.getContext();
  BasicBlock& entry = function.getEntryBlock();
  BasicBlock* untraced = entry.splitBasicBlock(AfterStaticAllocas(entry), "hivefuzz.untraced");
  BasicBlock* traced = BasicBlock::Create(context, "hivefuzz.traced", &function, untraced);

  Instruction* fallthrough = entry.getTerminator();
  IRBuilder<> at_entry(fallthrough);
  DILocation* location = nullptr;
  if (DISubprogram* sp = function.getSubprogram()) {
    location = DILocation::get(context, sp->getScopeLine(), 0, sp);
  }
  at_entry.SetCurrentDebugLocation(location);
  GlobalVariable* thread_table = DeclareThreadTable(*function.getParent());
  Value* table = MarkNoSanitize(at_entry.CreateLoad(Type::getInt8PtrTy(context), thread_table));
  at_entry.CreateCondBr(at_entry.CreateIsNotNull(table), traced, untraced,
                        RecordingIsRare(context));
  fallthrough->eraseFromParent();

  IRBuilder<> in_traced(traced);
  in_traced.SetCurrentDebugLocation(location);
  CallInst* call = ForwardCall(in_traced, function, copy);
  if (function.getReturnType()->isVoidTy()) {
    in_traced.CreateRetVoid();
  } else {
    in_traced.CreateRet(call);
  }
}

GlobalVariable* FunctionMapEntry(Function& function, Constant* canonical) {
  Module& module = *function.getParent();
  LLVMContext& context = module.getContext();
  Type* int8_ptr = Type::getInt8PtrTy(context);
  auto* type = StructType::get(context, {int8_ptr, int8_ptr});
  Constant* value =
      ConstantStruct::get(type, {ConstantExpr::getPointerCast(&function, int8_ptr),
                                 canonical ? ConstantExpr::getPointerCast(canonical, int8_ptr)
                                           : Constant::getNullValue(int8_ptr)});
  // Writable: the runtime sorts each module's entries in place when it registers them.
  auto* entry = new GlobalVariable(module, type, /*isConstant=*/false, GlobalValue::PrivateLinkage,
                                   value, "__hivefuzz_function." + function.getName());
  entry->setSection(kFunctionMapSection);
  entry->setAlignment(Align(sizeof(void*)));
  // Kept and dropped with the function: in its comdat, and linked to it (SHF_LINK_ORDER), as
  // SanitizerCoverage keeps its pc tables.
  if (Comdat* comdat = function.getComdat()) entry->setComdat(comdat);
  entry->setMetadata(LLVMContext::MD_associated,
                     MDNode::get(context, ValueAsMetadata::get(&function)));
  appendToCompilerUsed(module, {entry});
  return entry;
}

}  // namespace

bool CanHaveTracedCopy(const Function& function) {
  if (function.isVarArg() || function.hasGC()) return false;
  CallingConv::ID convention = function.getCallingConv();
  if (convention != CallingConv::C && convention != CallingConv::Fast &&
      convention != CallingConv::Cold) {
    return false;
  }
  for (const Argument& argument : function.args()) {
    if (CannotForward(argument)) return false;
  }
  for (const BasicBlock& block : function) {
    if (block.hasAddressTaken()) return false;
  }
  return true;
}

Function* MakeTracedCopy(Function& function, const std::vector<Instruction*>& comparisons) {
  ValueToValueMapTy copied;
  Function* copy = CloneFunction(&function, copied);
  copy->setName(function.getName() + kTracedCopySuffix);
  // No symbol of its own: symbolizers prefer a symbol's name to the debug information's, and
  // a report (ClusterFuzz's crash state too) must name the function, not its copy.
  copy->setLinkage(GlobalValue::PrivateLinkage);
  copy->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  copy->setComdat(function.getComdat());  // discarded with the function it copies
  std::vector<Instruction*> copied_comparisons;
  for (Instruction* comparison : comparisons) {
    copied_comparisons.push_back(cast<Instruction>(copied[comparison]));
  }
  TraceComparisons(*copy, copied_comparisons, TraceWhen::kAlways);
  HandOverWhileRecording(function, copy);
  return copy;
}

void AddToFunctionMap(Function& function, Function* copy) {
  FunctionMapEntry(function, copy ? &function : nullptr);
  if (copy != nullptr) FunctionMapEntry(*copy, &function);
}

}  // namespace hivefuzz::instrumentation
