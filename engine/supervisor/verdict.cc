#include "supervisor/verdict.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "base/exit_codes.h"

namespace hivefuzz {
namespace {

bool IsDeadlySignal(int sig) {
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
         sig == SIGTRAP || sig == SIGSYS;
}

}  // namespace

std::vector<SlotSnapshot> SnapshotSlots(SlotTable& table) {
  std::vector<SlotSnapshot> out;
  for (uint32_t i = 0; i < table.num_slots(); i++) {
    Slot& s = table.slot(i);
    SlotSnapshot snap;
    snap.index = i;
    snap.state = s.state.load(std::memory_order_acquire);
    snap.kind = s.crash_kind.load(std::memory_order_relaxed);
    snap.signal = s.signal.load(std::memory_order_relaxed);
    snap.origin = s.origin.load(std::memory_order_relaxed);
    snap.origin_path = std::string(s.origin_path, strnlen(s.origin_path, sizeof(s.origin_path)));
    snap.message = std::string(s.message, strnlen(s.message, sizeof(s.message)));
    snap.seq = s.seq.load(std::memory_order_relaxed);
    snap.stack_hash = s.stack_hash.load(std::memory_order_relaxed);
    size_t size = std::min<size_t>(s.size.load(std::memory_order_relaxed), table.capacity());
    snap.data.assign(s.data(), s.data() + size);
    out.push_back(std::move(snap));
  }
  return out;
}

std::string SignalName(int sig) {
  if (const char* abbrev = sigabbrev_np(sig)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(sig);
}

std::string DescribeFailure(const SlotSnapshot& slot) {
  switch (slot.kind) {
    case CrashKind::kSignal:
      return "deadly signal " + SignalName(slot.signal);
    case CrashKind::kSanitizer:
      return "sanitizer report";
    case CrashKind::kException:
      return slot.message;
    case CrashKind::kExit:
      return slot.message.empty() ? "the target called exit()" : slot.message;
    case CrashKind::kMallocLimit:
      return slot.message;
    case CrashKind::kNone:
      break;
  }
  return "the engine died while this input was running";
}

Verdict DecideVerdict(int status, const std::vector<SlotSnapshot>& slots, bool interrupted) {
  Verdict v;
  for (size_t i = 0; i < slots.size(); i++) {
    if (slots[i].state == SlotState::kCrashed) v.culprits.push_back(i);
  }
  if (!v.culprits.empty()) {
    const SlotSnapshot& first = slots[v.culprits[0]];
    v.what = DescribeFailure(first);
    if (first.kind == CrashKind::kMallocLimit) {
      // Caught on the allocating thread: that input alone is the culprit.
      v.end = EngineEnd::kOom;
      v.culprits.resize(1);
      return v;
    }
    v.end = EngineEnd::kCrash;
    return v;
  }
  bool exited = WIFEXITED(status);
  int code = exited ? WEXITSTATUS(status) : -1;
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (exited && code == kExitOk) {
    v.end = interrupted ? EngineEnd::kInterrupted : EngineEnd::kFinished;
    return v;
  }
  if (exited && code == kExitInterrupted) {
    v.end = EngineEnd::kInterrupted;
    return v;
  }
  if (exited && (code == kExitError || code == kExitUsage)) {
    v.end = EngineEnd::kError;
    return v;
  }
  if (interrupted && (sig == SIGKILL || sig == SIGINT || sig == SIGTERM)) {
    v.end = EngineEnd::kInterrupted;
    return v;
  }
  if (sig == SIGKILL || sig == SIGTERM || sig == SIGINT) {
    // Go's rule: such a kill is probably not caused by an input; record nothing.
    v.end = EngineEnd::kKilled;
    v.what = "the engine was killed by " + SignalName(sig) +
             " from outside; no crash was recorded (if the system ran out of memory, the "
             "kernel's OOM killer may have sent it)";
    return v;
  }
  // Died some other way (a signal the handler could not mark, _exit() from the target, a
  // sanitizer exit with an unmarked thread): every input in flight is a suspect.
  for (size_t i = 0; i < slots.size(); i++) {
    if (slots[i].state == SlotState::kRunning) v.culprits.push_back(i);
  }
  std::string how =
      sig != 0 ? "died by " + SignalName(sig) : "exited with code " + std::to_string(code);
  if (v.culprits.empty()) {
    v.end = EngineEnd::kEngineBug;
    v.what = "the engine " + how + " while no target input was running";
    return v;
  }
  v.end = EngineEnd::kCrash;
  v.signal = sig;
  v.what = "the engine " + how + (IsDeadlySignal(sig) ? "" : " (not through a crash handler)");
  return v;
}

}  // namespace hivefuzz
