#include "worker/slot_execution.h"

#include <cstdlib>
#include <cstring>

#include "crash/crash_handlers.h"

namespace hivefuzz {

// libFuzzer's words: ClusterFuzz looks for this text in the binary and in its output.
constexpr char kOverwriteMessage[] =
    "fuzz target overwrites its const input: it wrote to the bytes it was given";

Target MakeSlotTarget(TestOneInputFn fn, SlotTable& table) {
  bool exact_copies = SanitizerWantsExactCopies();
  table.header().facts.exec_copies.store(!exact_copies, std::memory_order_relaxed);
  return Target(fn, exact_copies);
}

bool RunTargetInSlot(const Target& target, Slot& slot, uint8_t* exec_copy, size_t size,
                     std::string* exception_text) {
  switch (target.Run(slot.data(), size, exec_copy, exception_text)) {
    case ExecOutcome::kOk:
      return true;
    case ExecOutcome::kRejected:
      return false;
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
