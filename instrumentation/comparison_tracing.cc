#include "comparison_tracing.h"

#include <algorithm>
#include <string>

#include "ir_helpers.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "runtime_abi.h"

namespace hivefuzz::instrumentation {
namespace {

using namespace llvm;

// Recording is the rare case (two executions per work item): its code goes out of line.
constexpr uint32_t kRecordingWeight = 1;
constexpr uint32_t kNotRecordingWeight = 1 << 20;

bool IsBackEdge(const BasicBlock* from, const BasicBlock* to, const DominatorTree& dt) {
  if (dt.dominates(to, from)) return true;
  if (const BasicBlock* next = to->getUniqueSuccessor()) return dt.dominates(next, from);
  return false;
}

// A loop's exit test compares the counter with its bound on every iteration, and the bound is
// rarely what the input needs to reach: SanitizerCoverage skips these, and so does this.
bool TestsALoopBackEdge(const ICmpInst* compare, const DominatorTree& dt) {
  if (!compare->hasOneUse()) return false;
  const auto* branch = dyn_cast<BranchInst>(compare->user_back());
  if (branch == nullptr) return false;
  return any_of(successors(branch),
                [&](const BasicBlock* s) { return IsBackEdge(branch->getParent(), s, dt); });
}

// 0..3 for 8, 16, 32 and 64-bit operands; -1 for any other width.
int WidthIndex(const DataLayout& layout, Type* type) {
  switch (layout.getTypeStoreSizeInBits(type)) {
    case 8:
      return 0;
    case 16:
      return 1;
    case 32:
      return 2;
    case 64:
      return 3;
    default:
      return -1;
  }
}

FunctionCallee DeclareCompareCallback(Module& module, bool constant, int width_index) {
  LLVMContext& context = module.getContext();
  unsigned bits = 8u << width_index;
  std::string name = std::string("__sanitizer_cov_trace_") + (constant ? "const_" : "") + "cmp" +
                     std::to_string(bits / 8);
  Type* operand = Type::getIntNTy(context, bits);
  AttributeList attributes;
  if (bits < 32) {  // the C callbacks take uint8_t / uint16_t: the caller extends them
    attributes = attributes.addParamAttribute(context, 0, Attribute::ZExt);
    attributes = attributes.addParamAttribute(context, 1, Attribute::ZExt);
  }
  return module.getOrInsertFunction(name, attributes, Type::getVoidTy(context), operand, operand);
}

// The table of case values SanitizerCoverage passes to __sanitizer_cov_trace_switch: count,
// width in bits, then the cases zero-extended to 64 bits, ascending.
GlobalVariable* SwitchCaseTable(Module& module, SwitchInst* switch_inst) {
  Type* int64 = Type::getInt64Ty(module.getContext());
  Value* condition = switch_inst->getCondition();
  std::vector<uint64_t> cases;
  for (auto& c : switch_inst->cases()) cases.push_back(c.getCaseValue()->getZExtValue());
  std::sort(cases.begin(), cases.end());
  std::vector<Constant*> values = {
      ConstantInt::get(int64, switch_inst->getNumCases()),
      ConstantInt::get(int64, condition->getType()->getScalarSizeInBits())};
  for (uint64_t c : cases) values.push_back(ConstantInt::get(int64, c));
  auto* type = ArrayType::get(int64, values.size());
  return new GlobalVariable(module, type, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                            ConstantArray::get(type, values), "__hivefuzz_switch_cases");
}

// Splits before `at` so that what follows runs only while this thread records comparisons;
// returns where to put the callback.
Instruction* WhileRecording(Instruction* at, GlobalVariable* thread_table) {
  IRBuilder<> builder(at);
  Value* table =
      MarkNoSanitize(builder.CreateLoad(Type::getInt8PtrTy(at->getContext()), thread_table));
  Value* recording = builder.CreateIsNotNull(table);
  return SplitBlockAndInsertIfThen(recording, at, /*Unreachable=*/false,
                                   RecordingIsRare(at->getContext()));
}

// The callback for one comparison or switch, placed before it, at `builder`.
void CallCallback(IRBuilder<>& builder, Instruction* target) {
  Module& module = *target->getModule();
  LLVMContext& context = module.getContext();
  builder.SetCurrentDebugLocation(target->getDebugLoc());
  if (auto* compare = dyn_cast<ICmpInst>(target)) {
    Value* a = compare->getOperand(0);
    Value* b = compare->getOperand(1);
    int width_index = WidthIndex(module.getDataLayout(), a->getType());
    // The constant operand, if any, goes first, as the const_cmp callbacks expect.
    bool constant = isa<ConstantInt>(a) || isa<ConstantInt>(b);
    if (isa<ConstantInt>(b)) std::swap(a, b);
    Type* operand = Type::getIntNTy(context, 8u << width_index);
    builder.CreateCall(DeclareCompareCallback(module, constant, width_index),
                       {builder.CreateIntCast(a, operand, /*isSigned=*/true),
                        builder.CreateIntCast(b, operand, /*isSigned=*/true)});
  } else if (auto* switch_inst = dyn_cast<SwitchInst>(target)) {
    Type* int64 = Type::getInt64Ty(context);
    GlobalVariable* cases = SwitchCaseTable(module, switch_inst);
    FunctionCallee callback =
        module.getOrInsertFunction("__sanitizer_cov_trace_switch", Type::getVoidTy(context), int64,
                                   Type::getInt64PtrTy(context));
    builder.CreateCall(callback, {builder.CreateZExtOrTrunc(switch_inst->getCondition(), int64),
                                  builder.CreatePointerCast(cases, Type::getInt64PtrTy(context))});
  }
}

}  // namespace

GlobalVariable* DeclareThreadTable(Module& module) {
  if (GlobalVariable* existing = module.getNamedGlobal(kThreadCmpTable)) return existing;
  return new GlobalVariable(module, Type::getInt8PtrTy(module.getContext()),
                            /*isConstant=*/false, GlobalValue::ExternalLinkage, nullptr,
                            kThreadCmpTable, nullptr, RuntimeTlsModel(module));
}

MDNode* RecordingIsRare(LLVMContext& context) {
  return MDBuilder(context).createBranchWeights(kRecordingWeight, kNotRecordingWeight);
}

std::vector<Instruction*> ComparisonsToTrace(Function& function, const DominatorTree& dt) {
  const DataLayout& layout = function.getParent()->getDataLayout();
  std::vector<Instruction*> targets;
  for (BasicBlock& block : function) {
    for (Instruction& instruction : block) {
      if (auto* compare = dyn_cast<ICmpInst>(&instruction)) {
        Value* a = compare->getOperand(0);
        Value* b = compare->getOperand(1);
        if (!a->getType()->isIntegerTy() || WidthIndex(layout, a->getType()) < 0) continue;
        if (isa<ConstantInt>(a) && isa<ConstantInt>(b)) continue;
        if (TestsALoopBackEdge(compare, dt)) continue;
        targets.push_back(compare);
      } else if (auto* switch_inst = dyn_cast<SwitchInst>(&instruction)) {
        if (switch_inst->getNumCases() == 0) continue;
        if (switch_inst->getCondition()->getType()->getScalarSizeInBits() > 64) continue;
        targets.push_back(switch_inst);
      }
    }
  }
  return targets;
}

void TraceComparisons(Function& function, const std::vector<Instruction*>& targets,
                      TraceWhen when) {
  if (targets.empty()) return;
  GlobalVariable* thread_table = DeclareThreadTable(*function.getParent());
  for (Instruction* target : targets) {
    IRBuilder<> builder(when == TraceWhen::kWhileRecording ? WhileRecording(target, thread_table)
                                                           : target);
    CallCallback(builder, target);
  }
}

}  // namespace hivefuzz::instrumentation
