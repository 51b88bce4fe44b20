#include "edge_counters.h"

#include "ir_helpers.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "runtime_abi.h"

namespace hivefuzz::instrumentation {
namespace {

using namespace llvm;

// Same priority as SanitizerCoverage's constructors: before the target's own, so code that
// runs during static initialization already counts somewhere valid.
constexpr int kConstructorPriority = 2;

bool DominatesAllSuccessors(const BasicBlock* block, const DominatorTree& dt) {
  if (succ_empty(block)) return false;
  return all_of(successors(block), [&](const BasicBlock* s) { return dt.dominates(block, s); });
}

bool PostDominatesAllPredecessors(const BasicBlock* block, const PostDominatorTree& pdt) {
  if (pred_empty(block)) return false;
  return all_of(predecessors(block), [&](const BasicBlock* p) { return pdt.dominates(block, p); });
}

// A block whose execution another counted block already implies needs no counter of its own.
bool WorthACounter(const Function& function, const BasicBlock* block, const DominatorTree& dt,
                   const PostDominatorTree& pdt) {
  if (isa<UnreachableInst>(block->getFirstNonPHIOrDbgOrLifetime())) return false;
  if (block->getFirstInsertionPt() == block->end()) return false;  // catchswitch
  if (block == &function.getEntryBlock()) return true;
  return !DominatesAllSuccessors(block, dt) &&
         !(PostDominatesAllPredecessors(block, pdt) && !block->getSinglePredecessor());
}

GlobalVariable* DeclareSectionBoundary(Module& module, const char* which, const char* section) {
  auto* type = ArrayType::get(Type::getInt8Ty(module.getContext()), 0);
  auto* boundary =
      new GlobalVariable(module, type, /*isConstant=*/false, GlobalValue::ExternalWeakLinkage,
                         nullptr, std::string(which) + section);
  boundary->setVisibility(GlobalValue::HiddenVisibility);
  return boundary;
}

}  // namespace

EdgeCounterSymbols DeclareEdgeCounterSymbols(Module& module) {
  LLVMContext& context = module.getContext();
  auto* counters = new GlobalVariable(module, Type::getInt8PtrTy(context), /*isConstant=*/false,
                                      GlobalValue::ExternalLinkage, nullptr, kThreadCounters,
                                      nullptr, GlobalValue::InitialExecTLSModel);
  // One displacement per shared object: every translation unit's copy merges into one (hidden,
  // so each executable and shared library keeps its own).
  std::string name = std::string(kRegisterModule) + ".displacement";
  auto* int_ptr = module.getDataLayout().getIntPtrType(context);
  auto* displacement =
      new GlobalVariable(module, int_ptr, /*isConstant=*/false, GlobalValue::LinkOnceODRLinkage,
                         ConstantInt::get(int_ptr, 0), name);
  displacement->setVisibility(GlobalValue::HiddenVisibility);
  if (Triple(module.getTargetTriple()).supportsCOMDAT()) {
    displacement->setComdat(module.getOrInsertComdat(name));
  }
  return {counters, displacement};
}

void SplitCriticalEdges(Function& function) {
  SplitAllCriticalEdges(function, CriticalEdgeSplittingOptions().setIgnoreUnreachableDests());
}

std::vector<BasicBlock*> BlocksWorthACounter(Function& function, const DominatorTree& dt,
                                             const PostDominatorTree& pdt) {
  std::vector<BasicBlock*> blocks;
  for (BasicBlock& block : function) {
    if (WorthACounter(function, &block, dt, pdt)) blocks.push_back(&block);
  }
  return blocks;
}

GlobalVariable* CreatePlaceholders(Function& function, size_t counters) {
  Module& module = *function.getParent();
  Type* int8 = Type::getInt8Ty(module.getContext());
  // One placeholder byte per counter, in a section of its own: its address, displaced by what
  // the runtime chose for this module, is the counter's index. In the function's comdat, so
  // the placeholders of a discarded inline copy vanish with it.
  auto* placeholder_type = ArrayType::get(int8, counters);
  auto* placeholders = new GlobalVariable(
      module, placeholder_type, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      Constant::getNullValue(placeholder_type), "__hivefuzz_edges." + function.getName());
  placeholders->setSection(kPlaceholderSection);
  placeholders->setAlignment(Align(1));
  if (Comdat* comdat = function.getComdat()) placeholders->setComdat(comdat);
  return placeholders;
}

void AddEdgeCounters(Function& function, ArrayRef<BasicBlock*> blocks, GlobalVariable* placeholders,
                     const EdgeCounterSymbols& symbols) {
  Module& module = *function.getParent();
  LLVMContext& context = module.getContext();
  Type* int8 = Type::getInt8Ty(context);
  Type* int_ptr = module.getDataLayout().getIntPtrType(context);

  // The function's base address in this thread's counters, computed once at entry: the thread
  // cannot change while the function runs, nor its counter array during an execution.
  BasicBlock& entry = function.getEntryBlock();
  IRBuilder<> at_entry(&entry, AfterStaticAllocas(entry));
  if (DISubprogram* sp = function.getSubprogram()) {
    at_entry.SetCurrentDebugLocation(DILocation::get(context, sp->getScopeLine(), 0, sp));
  }
  Value* thread_counters =
      MarkNoSanitize(at_entry.CreateLoad(Type::getInt8PtrTy(context), symbols.thread_counters));
  Value* displacement = MarkNoSanitize(at_entry.CreateLoad(int_ptr, symbols.displacement));
  Value* index = at_entry.CreateAdd(displacement, at_entry.CreatePtrToInt(placeholders, int_ptr));
  Value* function_counters = at_entry.CreateGEP(int8, thread_counters, index);
  Instruction* entry_anchor = &*at_entry.GetInsertPoint();

  // ThreadSanitizer (LLVM 14) ignores !nosanitize and would check each increment: threads the
  // target starts all count into one shared discard area, racing by design. There the increment
  // is a call into the runtime, which is not checked.
  FunctionCallee increment_call;
  if (function.hasFnAttribute(Attribute::SanitizeThread)) {
    increment_call = module.getOrInsertFunction(kIncrementCounter, Type::getVoidTy(context),
                                                Type::getInt8PtrTy(context));
  }
  Triple triple(module.getTargetTriple());
  bool x86 = triple.getArch() == Triple::x86_64 || triple.getArch() == Triple::x86;
  InlineAsm* add_with_carry = InlineAsm::get(
      FunctionType::get(Type::getVoidTy(context), {Type::getInt8PtrTy(context)}, false),
      "addb $$1, $0\n\tadcb $$0, $0", "*m,~{flags},~{memory}", /*hasSideEffects=*/true);
  for (size_t i = 0; i < blocks.size(); i++) {
    BasicBlock* block = blocks[i];
    IRBuilder<> builder(block == &entry ? entry_anchor : &*block->getFirstInsertionPt());
    Value* counter = builder.CreateConstGEP1_64(int8, function_counters, i);
    if (increment_call) {
      builder.CreateCall(increment_call, {counter});
      continue;
    }
    // NeverZero (AFL++'s, Go's): 255 + 1 becomes 1, not 0, so a hot edge never reads as unhit.
    if (x86) {
      // Two read-modify-write instructions, where the IR form below becomes four (load, add,
      // adc, store): 9% fewer instructions per execution on the expat harness.
      CallInst* increment = builder.CreateCall(add_with_carry, {counter});
      increment->addParamAttr(0, Attribute::get(context, Attribute::ElementType, int8));
      continue;
    }
    Value* count = MarkNoSanitize(builder.CreateLoad(int8, counter));
    Value* plus_one = builder.CreateAdd(count, ConstantInt::get(int8, 1));
    Value* wrapped =
        builder.CreateZExt(builder.CreateICmpEQ(plus_one, ConstantInt::get(int8, 0)), int8);
    MarkNoSanitize(builder.CreateStore(builder.CreateAdd(plus_one, wrapped), counter));
  }
}

void RegisterModuleCounters(Module& module, const EdgeCounterSymbols& symbols) {
  LLVMContext& context = module.getContext();
  Type* int8_ptr = Type::getInt8PtrTy(context);
  GlobalVariable* start = DeclareSectionBoundary(module, "__start_", kPlaceholderSection);
  GlobalVariable* stop = DeclareSectionBoundary(module, "__stop_", kPlaceholderSection);
  GlobalVariable* map_start = DeclareSectionBoundary(module, "__start_", kFunctionMapSection);
  GlobalVariable* map_stop = DeclareSectionBoundary(module, "__stop_", kFunctionMapSection);
  FunctionCallee register_module =
      module.getOrInsertFunction(kRegisterModule, Type::getVoidTy(context), int8_ptr, int8_ptr,
                                 symbols.displacement->getType(), int8_ptr, int8_ptr);
  Function* constructor =
      Function::Create(FunctionType::get(Type::getVoidTy(context), false),
                       GlobalValue::InternalLinkage, "hivefuzz.module_ctor", module);
  constructor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> builder(BasicBlock::Create(context, "", constructor));
  builder.CreateCall(
      register_module,
      {builder.CreatePointerCast(start, int8_ptr), builder.CreatePointerCast(stop, int8_ptr),
       symbols.displacement, builder.CreatePointerCast(map_start, int8_ptr),
       builder.CreatePointerCast(map_stop, int8_ptr)});
  builder.CreateRetVoid();
  appendToGlobalCtors(module, constructor, kConstructorPriority);
}

}  // namespace hivefuzz::instrumentation
