#include "worker/slot_execution.h"

#include <cstdlib>
#include <cstring>

#include "coverage/runtime.h"
#include "crash/crash_handlers.h"
#include "crash/leak_detection.h"

namespace hivefuzz {

// libFuzzer's words: ClusterFuzz looks for this text in the binary and in its output.
constexpr char kOverwriteMessage[] =
    "fuzz target overwrites its const input: it wrote to the bytes it was given";
// LeakSanitizer's words; its report is printed above.
constexpr char kLeakMessage[] = "LeakSanitizer: detected memory leaks";

Target MakeSlotTarget(TestOneInputFn fn, SlotTable& table) {
  bool exact_copies = SanitizerWantsExactCopies();
  table.header().facts.exec_copies.store(!exact_copies, std::memory_order_relaxed);
  return Target(fn, exact_copies);
}

namespace {
bool IsCorpusFile(InputOrigin origin) {
  return origin == InputOrigin::kSeed || origin == InputOrigin::kCache;
}
}  // namespace

bool RunTargetInSlot(const Target& target, Slot& slot, uint8_t* exec_copy, size_t size,
                     std::string* exception_text) {
  const MallocCounts before = ThreadMallocCounts();
  // Every path that runs an input (fuzzing, merge, minimization, replay) counts the stack's
  // depth the same way, so an input's coverage is the same whichever ran it.
  const auto frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  coverage::BeginStackDepth(frame);
  const ExecOutcome outcome = [&] {
    TargetAllocations target_allocations;
    return target.Run(slot.data(), size, exec_copy, exception_text);
  }();
  coverage::EndStackDepth(frame);
  switch (outcome) {
    case ExecOutcome::kOk:
    case ExecOutcome::kRejected:
      // -detect_leaks: more mallocs than frees makes a suspect; LeakSanitizer confirms it
      // (crash/leak_detection.h). The rerun's own outcome does not matter.
      if (IsLeakSuspect(before)) {
        auto rerun = [&] {
          std::string ignored;
          target.Run(slot.data(), size, exec_copy, &ignored);
        };
        if (ConfirmLeak(rerun, IsCorpusFile(slot.origin.load(std::memory_order_relaxed)))) {
          MarkThreadCrashed(CrashKind::kLeak, 0, kLeakMessage);
          break;
        }
      }
      return outcome == ExecOutcome::kOk;
    case ExecOutcome::kException:
      MarkThreadCrashed(CrashKind::kException, 0, exception_text->c_str());
      break;
    case ExecOutcome::kOverwrote:
      MarkThreadCrashed(CrashKind::kOverwrite, 0, kOverwriteMessage);
      break;
  }
  std::abort();  // the slot is marked: the supervisor records it as a failure
}

}  // namespace hivefuzz
