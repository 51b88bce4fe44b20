#include "supervisor/verdict.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>

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
    uint32_t num_frames = std::min(s.num_frames.load(std::memory_order_relaxed), Slot::kMaxFrames);
    snap.frames.assign(s.frames, s.frames + num_frames);
    snap.sanitizer_reported = s.sanitizer_reported.load(std::memory_order_relaxed) != 0;
    size_t size = std::min<size_t>(s.size.load(std::memory_order_relaxed), table.capacity());
    snap.data.assign(s.data(), s.data() + size);
    snap.input_overwritten = table.header().facts.exec_copies.load(std::memory_order_relaxed) &&
                             snap.state != SlotState::kIdle &&
                             std::memcmp(s.data(), table.exec_data(i), size) != 0;
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
    case CrashKind::kOverwrite:
      return slot.message;
    case CrashKind::kLeak:
      return "memory leak (" + slot.message + ")";
    case CrashKind::kNone:
      break;
  }
  return "the engine died while this input was running";
}

EngineState SnapshotEngine(SlotTable& table) {
  const EngineFacts& facts = table.header().facts;
  EngineState state;
  state.set_up = true;
  state.finished = facts.finished.load(std::memory_order_acquire) != 0;
  state.external_signal = facts.external_signal.load(std::memory_order_acquire);
  state.external_sender = facts.external_sender.load(std::memory_order_relaxed);
  state.stray_signal = facts.stray_signal.load(std::memory_order_relaxed);
  state.new_units = facts.new_units.load(std::memory_order_relaxed);
  state.corpus_entries = facts.corpus_entries.load(std::memory_order_relaxed);
  uint32_t num_modules =
      std::min(facts.num_modules.load(std::memory_order_acquire), EngineFacts::kMaxModules);
  for (uint32_t i = 0; i < num_modules; i++) {
    const ModuleInfo& m = facts.modules[i];
    state.modules.push_back(
        {m.start, m.end, m.bias, std::string(m.path, strnlen(m.path, sizeof(m.path)))});
  }
  return state;
}

Verdict DecideVerdict(int status, const EngineState& engine, const std::vector<SlotSnapshot>& slots,
                      bool interrupted) {
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
  if (engine.external_signal != 0) {
    v.end = EngineEnd::kKilled;
    v.what = "the engine was sent " + SignalName(engine.external_signal) + " by process " +
             std::to_string(engine.external_sender) +
             " (a kill from outside, not a crash of the target); nothing was recorded";
    return v;
  }
  bool exited = WIFEXITED(status);
  int code = exited ? WEXITSTATUS(status) : -1;
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  std::vector<size_t> running;
  for (size_t i = 0; i < slots.size(); i++) {
    if (slots[i].state == SlotState::kRunning) running.push_back(i);
  }
  bool stop_signal = sig == SIGKILL || sig == SIGINT || sig == SIGTERM;
  if (interrupted && ((exited && (code == kExitOk || code == kExitInterrupted)) || stop_signal)) {
    v.end = EngineEnd::kInterrupted;
    return v;
  }
  if (exited && engine.finished) {
    // The engine's own exit code.
    if (code == kExitOk) {
      v.end = EngineEnd::kFinished;
    } else if (code == kExitInterrupted) {
      v.end = EngineEnd::kInterrupted;
    } else {
      v.end = EngineEnd::kError;
    }
    return v;
  }
  if (exited && running.empty() && (code == kExitError || code == kExitUsage)) {
    v.end = EngineEnd::kError;  // the engine could not fuzz and said why
    return v;
  }
  if (sig != 0 && stop_signal && engine.stray_signal == 0) {
    // Go's rule: such a kill is probably not caused by an input; record nothing.
    v.end = EngineEnd::kKilled;
    v.what = "the engine was killed by " + SignalName(sig) +
             " from outside; no crash was recorded (if the system ran out of memory, the "
             "kernel's OOM killer may have sent it)";
    return v;
  }
  // The engine ended in a way it never ends by itself: _exit() or quick_exit() in the target,
  // a signal no handler marked, a crash on a thread the target started. Every input in
  // flight is a suspect.
  std::string how;
  if (engine.stray_signal != 0) {
    how = IsDeadlySignal(engine.stray_signal)
              ? "a thread the target started itself died by " + SignalName(engine.stray_signal)
              : "the target sent " + SignalName(engine.stray_signal) + " to its own process";
  } else if (exited) {
    how = "fuzz target exited (exit code " + std::to_string(code) + ")";
  } else {
    how = "the engine died by " + SignalName(sig) +
          (IsDeadlySignal(sig) ? "" : " (not through a crash handler)");
  }
  v.culprits = running;
  v.signal = sig;
  if (running.empty()) {
    v.end = engine.stray_signal != 0 || exited ? EngineEnd::kError : EngineEnd::kEngineBug;
    if (!engine.set_up) {
      v.what = how +
               " during start-up, before fuzzing began: a global constructor or "
               "LLVMFuzzerInitialize ended the process";
    } else {
      v.what = how +
               " while no input was running (in a thread of the target's own, or in "
               "a destructor at exit)";
    }
    return v;
  }
  v.end = EngineEnd::kCrash;
  v.what = how + " while running an input";
  return v;
}

}  // namespace hivefuzz
