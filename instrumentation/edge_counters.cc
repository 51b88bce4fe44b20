#include "edge_counters.h"

#include <map>

#include "ir_helpers.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
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

// A tight loop's counter, incremented in memory, makes every iteration wait for the previous
// iteration's store (two read-modify-writes of one byte: about 12 cycles): a byte-scanning
// loop ran 2-3 times slower than uninstrumented on expat. In a loop that calls nothing (so
// nothing else can count into this function's counters meanwhile), the count is loaded before
// the loop, incremented in a register and stored at each exit: the same count, saturation
// included. More counters than this in one loop would cost spills instead.
constexpr size_t kMaxCountersInRegisters = 8;

bool CallsNothing(const Loop* loop) {
  for (const BasicBlock* block : loop->blocks()) {
    for (const Instruction& instruction : *block) {
      const auto* call = dyn_cast<CallBase>(&instruction);
      if (call == nullptr) continue;
      // Intrinsics (memcpy, lifetime markers, debug values) never reach instrumented code.
      if (const Function* callee = call->getCalledFunction(); callee && callee->isIntrinsic()) {
        continue;
      }
      return false;
    }
  }
  return true;
}

// A loop whose counters can live in registers: innermost, entered through a preheader, left
// only to blocks outside it whose predecessors are all in it (each can take a store), and
// calling nothing.
bool CanCountInRegisters(const Loop* loop) {
  if (!loop->isInnermost() || loop->getLoopPreheader() == nullptr || !loop->hasDedicatedExits()) {
    return false;
  }
  SmallVector<BasicBlock*, 8> exits;
  loop->getUniqueExitBlocks(exits);
  for (BasicBlock* exit : exits) {
    if (exit->getFirstInsertionPt() == exit->end() || exit->isEHPad()) return false;
  }
  return CallsNothing(loop);
}

// The counters (indices into `blocks`) to count in registers, by loop.
std::map<Loop*, std::vector<size_t>> CountersToPromote(ArrayRef<BasicBlock*> blocks,
                                                       const LoopInfo& loops) {
  std::map<Loop*, std::vector<size_t>> by_loop;
  for (size_t i = 0; i < blocks.size(); i++) {
    if (Loop* loop = loops.getLoopFor(blocks[i])) by_loop[loop].push_back(i);
  }
  for (auto it = by_loop.begin(); it != by_loop.end();) {
    bool keep = it->second.size() <= kMaxCountersInRegisters && CanCountInRegisters(it->first);
    it = keep ? std::next(it) : by_loop.erase(it);
  }
  return by_loop;
}

// The saturating increment of `count` on a register: 255 stays 255. On x86, add and sbb: a
// loop-carried chain of two cycles, where LLVM makes the IR form (the add's carry subtracted)
// inc, sete, sub, a chain of three that made zlib's inflate loop 1.28 times slower.
Value* SaturatingIncrement(IRBuilder<>& builder, Value* count, bool x86) {
  Type* int8 = builder.getInt8Ty();
  if (x86) {
    InlineAsm* add_sbb = InlineAsm::get(FunctionType::get(int8, {int8}, false),
                                        "addb $$1, $0\n\tsbbb $$0, $0", "=q,0,~{flags}",
                                        /*hasSideEffects=*/false);
    return builder.CreateCall(add_sbb, {count});
  }
  return builder.CreateBinaryIntrinsic(Intrinsic::uadd_sat, count, ConstantInt::get(int8, 1));
}

// Counts `block`'s executions in `loop` in a register, its counter being function_counters[i]:
// loaded in the preheader, stored at each exit (which the preheader dominates; SSAUpdater
// threads the value through the loop's phis).
void CountInRegister(Loop* loop, BasicBlock* block, Value* function_counters, size_t i, bool x86) {
  Type* int8 = Type::getInt8Ty(block->getContext());
  BasicBlock* preheader = loop->getLoopPreheader();
  IRBuilder<> before_loop(preheader->getTerminator());
  Value* counter = before_loop.CreateConstGEP1_64(int8, function_counters, i);
  Value* initial = MarkNoSanitize(before_loop.CreateLoad(int8, counter));

  IRBuilder<> in_block(&*block->getFirstInsertionPt());
  // The count on entering the block is known only once every definition is: a placeholder
  // until then.
  Instruction* placeholder = BinaryOperator::CreateAdd(
      UndefValue::get(int8), ConstantInt::get(int8, 0), "", &*in_block.GetInsertPoint());
  Value* incremented = SaturatingIncrement(in_block, placeholder, x86);

  SSAUpdater ssa;
  ssa.Initialize(int8, "hivefuzz.count");
  ssa.AddAvailableValue(preheader, initial);
  ssa.AddAvailableValue(block, incremented);
  Value* on_entry = ssa.GetValueInMiddleOfBlock(block);
  placeholder->replaceAllUsesWith(on_entry);
  placeholder->eraseFromParent();

  SmallVector<BasicBlock*, 8> exits;
  loop->getUniqueExitBlocks(exits);
  for (BasicBlock* exit : exits) {
    Value* final_count = ssa.GetValueInMiddleOfBlock(exit);
    IRBuilder<> at_exit(&*exit->getFirstInsertionPt());
    MarkNoSanitize(at_exit.CreateStore(final_count, counter));
  }
}

}  // namespace

EdgeCounterSymbols DeclareEdgeCounterSymbols(Module& module) {
  // The runtime's TLS is local-exec from code compiled for an executable: so is a thread-local
  // array of the module's own, whose offset from the thread pointer the linker fixes.
  if (RuntimeTlsModel(module) == GlobalValue::LocalExecTLSModel) return {nullptr, nullptr, {}};
  LLVMContext& context = module.getContext();
  auto* counters = new GlobalVariable(module, Type::getInt8PtrTy(context), /*isConstant=*/false,
                                      GlobalValue::ExternalLinkage, nullptr, kThreadCounters,
                                      nullptr, RuntimeTlsModel(module));
  // One displacement per shared object: every translation unit's copy merges into one (hidden,
  // so each shared library keeps its own).
  std::string name = std::string(kRegisterModule) + ".displacement";
  auto* int_ptr = module.getDataLayout().getIntPtrType(context);
  auto* displacement =
      new GlobalVariable(module, int_ptr, /*isConstant=*/false, GlobalValue::LinkOnceODRLinkage,
                         ConstantInt::get(int_ptr, 0), name);
  displacement->setVisibility(GlobalValue::HiddenVisibility);
  if (Triple(module.getTargetTriple()).supportsCOMDAT()) {
    displacement->setComdat(module.getOrInsertComdat(name));
  }
  return {counters, displacement, {}};
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

GlobalVariable* CreatePlaceholders(Function& function, size_t counters,
                                   EdgeCounterSymbols& symbols) {
  Module& module = *function.getParent();
  Type* int8 = Type::getInt8Ty(module.getContext());
  auto* placeholder_type = ArrayType::get(int8, counters);
  auto* placeholders = new GlobalVariable(
      module, placeholder_type, /*isConstant=*/false, GlobalValue::PrivateLinkage,
      Constant::getNullValue(placeholder_type), "__hivefuzz_edges." + function.getName());
  placeholders->setAlignment(Align(1));
  if (symbols.thread_local_counters()) {
    // Stands in for the function's slice of the module's thread-local array until the module
    // is done and the array's size known.
    symbols.placeholders.push_back(placeholders);
    return placeholders;
  }
  // One placeholder byte per counter, in a section of its own: its address, displaced by what
  // the runtime chose for this module, is the counter's index. In the function's comdat, so
  // the placeholders of a discarded inline copy vanish with it.
  placeholders->setSection(kPlaceholderSection);
  if (Comdat* comdat = function.getComdat()) placeholders->setComdat(comdat);
  return placeholders;
}

void AddEdgeCounters(Function& function, ArrayRef<BasicBlock*> blocks, GlobalVariable* placeholders,
                     const EdgeCounterSymbols& symbols, const LoopInfo& loops) {
  Module& module = *function.getParent();
  LLVMContext& context = module.getContext();
  Type* int8 = Type::getInt8Ty(context);
  Type* int_ptr = module.getDataLayout().getIntPtrType(context);

  // In the shared-library form the function's base address in this thread's counters is
  // computed once at entry: the thread cannot change while the function runs, nor its counter
  // array during an execution.
  BasicBlock& entry = function.getEntryBlock();
  IRBuilder<> at_entry(&entry, AfterStaticAllocas(entry));
  if (DISubprogram* sp = function.getSubprogram()) {
    at_entry.SetCurrentDebugLocation(DILocation::get(context, sp->getScopeLine(), 0, sp));
  }
  Value* function_counters;
  if (symbols.thread_local_counters()) {
    // A constant: each increment addresses its counter %fs-relative, nothing at entry.
    function_counters = ConstantExpr::getBitCast(placeholders, Type::getInt8PtrTy(context));
  } else {
    Value* thread_counters =
        MarkNoSanitize(at_entry.CreateLoad(Type::getInt8PtrTy(context), symbols.thread_counters));
    Value* displacement = MarkNoSanitize(at_entry.CreateLoad(int_ptr, symbols.displacement));
    Value* index = at_entry.CreateAdd(displacement, at_entry.CreatePtrToInt(placeholders, int_ptr));
    function_counters = at_entry.CreateGEP(int8, thread_counters, index);
  }
  Instruction* entry_anchor = &*at_entry.GetInsertPoint();

  // ThreadSanitizer (LLVM 14) ignores !nosanitize and would check each increment: in shared
  // libraries, threads the target starts all count into one shared discard area, racing by
  // design. There the increment is a call into the runtime, which is not checked.
  FunctionCallee increment_call;
  if (function.hasFnAttribute(Attribute::SanitizeThread)) {
    increment_call = module.getOrInsertFunction(kIncrementCounter, Type::getVoidTy(context),
                                                Type::getInt8PtrTy(context));
  }
  Triple triple(module.getTargetTriple());
  bool x86 = triple.getArch() == Triple::x86_64 || triple.getArch() == Triple::x86;
  // add's carry is set only when 255 wrapped to 0; sbb takes it back off. (`cmpb $255; adcb
  // $0`, one store fewer, ran 1.24-1.40 times slower on expat and 1.32 on zlib.)
  InlineAsm* saturating_add = InlineAsm::get(
      FunctionType::get(Type::getVoidTy(context), {Type::getInt8PtrTy(context)}, false),
      "addb $$1, $0\n\tsbbb $$0, $0", "*m,~{flags},~{memory}", /*hasSideEffects=*/true);
  std::map<Loop*, std::vector<size_t>> promoted;
  if (!increment_call) promoted = CountersToPromote(blocks, loops);
  std::vector<bool> in_register(blocks.size(), false);
  for (auto& [loop, counters] : promoted) {
    for (size_t i : counters) in_register[i] = true;
  }
  for (size_t i = 0; i < blocks.size(); i++) {
    if (in_register[i]) continue;  // counted in a register while its loop runs, below
    BasicBlock* block = blocks[i];
    IRBuilder<> builder(block == &entry ? entry_anchor : &*block->getFirstInsertionPt());
    Value* counter = builder.CreateConstGEP1_64(int8, function_counters, i);
    if (increment_call) {
      builder.CreateCall(increment_call, {counter});
      continue;
    }
    // Saturating at 255, so a hot edge never reads as unhit. AFL++'s NeverZero wraps to 1
    // instead: an edge run 256 times would read 1, and a loop run more than 255 times would
    // fall in whichever class its count's remainder falls in, a new one for many counts.
    if (x86) {
      // Two read-modify-write instructions, where the IR form below becomes four (load, add,
      // sbb, store): 9% fewer instructions per execution on the expat harness.
      CallInst* increment = builder.CreateCall(saturating_add, {counter});
      increment->addParamAttr(0, Attribute::get(context, Attribute::ElementType, int8));
      continue;
    }
    Value* count = MarkNoSanitize(builder.CreateLoad(int8, counter));
    MarkNoSanitize(builder.CreateStore(SaturatingIncrement(builder, count, false), counter));
  }
  for (auto& [loop, counters] : promoted) {
    for (size_t i : counters) CountInRegister(loop, blocks[i], function_counters, i, x86);
  }
}

namespace {

// Puts every function's counters into one thread-local array of the module (8-aligned, padded
// to whole 8-byte words, which the engine reads): each placeholder becomes its slice.
GlobalVariable* MakeThreadLocalArray(Module& module, std::vector<GlobalVariable*>& placeholders,
                                     uint64_t* counters) {
  LLVMContext& context = module.getContext();
  Type* int8 = Type::getInt8Ty(context);
  Type* int64 = Type::getInt64Ty(context);
  *counters = 0;
  for (GlobalVariable* p : placeholders) *counters += p->getValueType()->getArrayNumElements();
  auto* type = ArrayType::get(int8, (*counters + 7) & ~uint64_t{7});
  auto* array = new GlobalVariable(module, type, /*isConstant=*/false, GlobalValue::PrivateLinkage,
                                   Constant::getNullValue(type), "__hivefuzz_tls_edges", nullptr,
                                   GlobalValue::LocalExecTLSModel);
  array->setAlignment(Align(8));
  uint64_t offset = 0;
  for (GlobalVariable* p : placeholders) {
    Constant* slice = ConstantExpr::getInBoundsGetElementPtr(
        type, array,
        ArrayRef<Constant*>{ConstantInt::get(int64, 0), ConstantInt::get(int64, offset)});
    offset += p->getValueType()->getArrayNumElements();
    p->replaceAllUsesWith(ConstantExpr::getBitCast(slice, p->getType()));
    p->eraseFromParent();
  }
  placeholders.clear();
  return array;
}

}  // namespace

void RegisterModuleCounters(Module& module, EdgeCounterSymbols& symbols) {
  LLVMContext& context = module.getContext();
  Type* int8_ptr = Type::getInt8PtrTy(context);
  Type* int64 = Type::getInt64Ty(context);
  GlobalVariable* map_start = DeclareSectionBoundary(module, "__start_", kFunctionMapSection);
  GlobalVariable* map_stop = DeclareSectionBoundary(module, "__stop_", kFunctionMapSection);
  Function* constructor =
      Function::Create(FunctionType::get(Type::getVoidTy(context), false),
                       GlobalValue::InternalLinkage, "hivefuzz.module_ctor", module);
  constructor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> builder(BasicBlock::Create(context, "", constructor));
  if (symbols.thread_local_counters()) {
    uint64_t counters = 0;
    GlobalVariable* array = MakeThreadLocalArray(module, symbols.placeholders, &counters);
    // The runtime's record of this unit: zeroed here, filled at registration.
    auto* record_type = ArrayType::get(int64, kThreadLocalRecordWords);
    auto* record =
        new GlobalVariable(module, record_type, /*isConstant=*/false, GlobalValue::PrivateLinkage,
                           Constant::getNullValue(record_type), "hivefuzz.tls_module");
    FunctionCallee register_thread_local =
        module.getOrInsertFunction(kRegisterThreadLocal, Type::getVoidTy(context), int8_ptr, int64,
                                   int8_ptr, int8_ptr, int8_ptr);
    // The array's address in the constructor's thread: the runtime keeps its offset from a TLS
    // variable of its own, the same in every thread.
    builder.CreateCall(register_thread_local, {builder.CreatePointerCast(array, int8_ptr),
                                               ConstantInt::get(int64, counters),
                                               builder.CreatePointerCast(record, int8_ptr),
                                               builder.CreatePointerCast(map_start, int8_ptr),
                                               builder.CreatePointerCast(map_stop, int8_ptr)});
  } else {
    GlobalVariable* start = DeclareSectionBoundary(module, "__start_", kPlaceholderSection);
    GlobalVariable* stop = DeclareSectionBoundary(module, "__stop_", kPlaceholderSection);
    FunctionCallee register_module =
        module.getOrInsertFunction(kRegisterModule, Type::getVoidTy(context), int8_ptr, int8_ptr,
                                   symbols.displacement->getType(), int8_ptr, int8_ptr);
    builder.CreateCall(
        register_module,
        {builder.CreatePointerCast(start, int8_ptr), builder.CreatePointerCast(stop, int8_ptr),
         symbols.displacement, builder.CreatePointerCast(map_start, int8_ptr),
         builder.CreatePointerCast(map_stop, int8_ptr)});
  }
  builder.CreateRetVoid();
  appendToGlobalCtors(module, constructor, kConstructorPriority);
}

}  // namespace hivefuzz::instrumentation
