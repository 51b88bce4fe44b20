// A tiny stack-machine interpreter with a planted stack underflow.
// Bug: ROT (rotate the top three values) checks for two values instead of three, so ROT on a
// two-value stack reads and writes the slot below the bottom of the fixed stack array. Must
// find: a program "SV" + PUSH x, PUSH y, ROT (7 bytes), the opcodes reached one new edge at a
// time. The stack goes through a bounds-checked accessor (like a hardened std::array), so the
// underflow fails with abort() after printing one line, in plain builds too.
// Calibration: libFuzzer, edge coverage only: 30.9k..56.2k execs over 5 seeds.
// hivefuzz, 2 threads, Go's mutators, edge coverage only: 66.6k..351k (median 115k) execs over 15 runs.
// Budget: 2000000 execs with -parallel=2
//
// Program format: the magic "SV", then bytecode. PUSH and JNZ take one immediate byte; JNZ
// pops a value and, if it is not zero, jumps back by its immediate. Execution stops at HALT,
// at the end of the code, on an error, or after kMaxSteps instructions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// Opcodes, with their stack effect (before -- after).
enum Opcode : uint8_t {
  kPush = 0x01,  // ( -- imm)
  kPop = 0x02,   // (a -- )
  kDup = 0x03,   // (a -- a a)
  kSwap = 0x04,  // (a b -- b a)
  kOver = 0x05,  // (a b -- a b a)
  kRot = 0x06,   // (a b c -- b c a)
  kAdd = 0x07,   // (a b -- a+b), wrapping
  kSub = 0x08,   // (a b -- a-b), wrapping
  kMul = 0x09,   // (a b -- a*b), wrapping
  kJnz = 0x0A,   // (a -- ), jumps back by imm if a != 0
  kHalt = 0x0B,  // stops; the result is the top value
};

constexpr int kStackCapacity = 16;
constexpr int kMaxSteps = 1000;

// Stack is the VM's operand stack. Thread safety: owned by one thread (one per execution).
class Stack {
 public:
  int depth() const { return depth_; }
  bool Full() const { return depth_ == kStackCapacity; }

  // Slot returns the value `from_top` places below the top (0 is the top). Aborts when that
  // slot lies outside the array: the handlers below must check depth() before calling it.
  int64_t& Slot(int from_top) {
    int index = depth_ - 1 - from_top;
    if (index < 0 || index >= kStackCapacity) {
      std::fprintf(stderr, "stack_vm: stack slot %d accessed, outside [0, %d) (depth %d)\n", index,
                   kStackCapacity, depth_);
      std::abort();
    }
    return slots_[index];
  }
  // REQUIRES: !Full()
  void Push(int64_t v) { slots_[depth_++] = v; }
  // REQUIRES: depth() >= 1
  int64_t Pop() {
    int64_t v = Slot(0);
    --depth_;
    return v;
  }

 private:
  int64_t slots_[kStackCapacity] = {};
  int depth_ = 0;
};

// Run executes code and returns the value on top of the stack, or -1 on an error.
int64_t Run(const uint8_t* code, size_t size) {
  Stack stack;
  size_t pc = 0;
  for (int step = 0; step < kMaxSteps && pc < size; ++step) {
    uint8_t op = code[pc++];
    switch (op) {
      case kPush:
        if (pc >= size || stack.Full()) return -1;
        stack.Push(code[pc++]);
        break;
      case kPop:
        if (stack.depth() < 1) return -1;
        stack.Pop();
        break;
      case kDup:
        if (stack.depth() < 1 || stack.Full()) return -1;
        stack.Push(stack.Slot(0));
        break;
      case kSwap: {
        if (stack.depth() < 2) return -1;
        int64_t top = stack.Slot(0);
        stack.Slot(0) = stack.Slot(1);
        stack.Slot(1) = top;
        break;
      }
      case kOver:
        if (stack.depth() < 2 || stack.Full()) return -1;
        stack.Push(stack.Slot(1));
        break;
      case kRot: {
        if (stack.depth() < 2) return -1;  // BUG: ROT needs three values.
        int64_t a = stack.Slot(2);
        stack.Slot(2) = stack.Slot(1);
        stack.Slot(1) = stack.Slot(0);
        stack.Slot(0) = a;
        break;
      }
      case kAdd:
      case kSub:
      case kMul: {
        if (stack.depth() < 2) return -1;
        uint64_t b = static_cast<uint64_t>(stack.Pop()), a = static_cast<uint64_t>(stack.Pop());
        uint64_t r = op == kAdd ? a + b : op == kSub ? a - b : a * b;  // wraps, no UB
        stack.Push(static_cast<int64_t>(r));
        break;
      }
      case kJnz: {
        if (pc >= size || stack.depth() < 1) return -1;
        uint8_t back = code[pc++];
        if (stack.Pop() != 0) {
          if (back > pc) return -1;
          pc -= back;
        }
        break;
      }
      case kHalt:
        return stack.depth() > 0 ? stack.Slot(0) : 0;
      default:
        return -1;
    }
  }
  return stack.depth() > 0 ? stack.Slot(0) : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || data[0] != 'S') return 0;
  if (data[1] != 'V') return 0;
  volatile int64_t result = Run(data + 2, size - 2);
  (void)result;
  return 0;
}
