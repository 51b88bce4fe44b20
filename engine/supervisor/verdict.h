// Deciding how the engine child ended, from its wait status and its crash slots: a crash (and
// which inputs to keep), a normal end, an interrupt, an engine error, or a kill from outside.
// Pure, so every case is tested without processes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "crash/slot_table.h"

namespace hivefuzz {

// A copy of one slot, taken after the child died.
struct SlotSnapshot {
  uint32_t index = 0;
  SlotState state = SlotState::kIdle;
  CrashKind kind = CrashKind::kNone;
  int signal = 0;
  InputOrigin origin = InputOrigin::kMutant;
  std::string origin_path;
  std::string message;
  uint64_t seq = 0;
  uint64_t stack_hash = 0;
  // The failing thread's frames (return addresses, innermost first; see Slot::frames) and
  // whether a sanitizer printed its own report of the failure.
  std::vector<uint64_t> frames;
  bool sanitizer_reported = false;
  Bytes data;
  // The target's copy of the input differs from it: the target wrote to its input (known only
  // where the engine gives the target the slot's copy, i.e. without a sanitizer's own copy).
  bool input_overwritten = false;
};

std::vector<SlotSnapshot> SnapshotSlots(SlotTable& table);

// A module of the engine (see ModuleInfo); path "" is the executable.
struct ModuleSnapshot {
  uint64_t start = 0, end = 0, bias = 0;
  std::string path;
};

// What the engine's shared header said when it ended.
struct EngineState {
  bool set_up = false;      // it laid out its slots: it got past start-up
  bool finished = false;    // it returned from its main path (its exit code is its own)
  int external_signal = 0;  // a deadly signal another process sent it (kill -SEGV)
  int external_sender = 0;  // that process
  int stray_signal = 0;     // a deadly signal on a thread bound to no slot, or one the target
                            // sent to its own process: every input in flight is a suspect
  uint64_t new_units = 0;   // inputs it added to the corpus
  uint64_t corpus_entries = 0;  // its corpus at the end (process workers: others' finds too)
  std::vector<ModuleSnapshot> modules;  // the executable first
};

EngineState SnapshotEngine(SlotTable& table);

enum class EngineEnd {
  kFinished,     // exit 0: a limit was reached
  kInterrupted,  // the user's Ctrl-C or SIGTERM
  kError,        // the engine could not fuzz (it printed why)
  kCrash,        // the target failed; `culprits` hold the inputs to record
  kTimeout,      // one execution ran longer than -timeout; the culprit is the hung slot
  kOom,          // the engine's peak memory passed -rss_limit_mb; culprits: inputs in flight
  kKilled,       // killed from outside with no sign of a failing input: nothing to record
  kEngineBug,    // the engine died with no target input running
};

struct Verdict {
  EngineEnd end = EngineEnd::kFinished;
  std::vector<size_t> culprits;  // indices into the snapshots
  std::string what;              // one line: what happened, for the user
  int signal = 0;                // the signal that ended an engine no handler could mark
  int pid = 0;                   // the engine child's process id, for the report's "==PID=="
  uint64_t peak_rss_mb = 0;      // kOom: the peak the watchdog saw
  std::vector<ModuleSnapshot> modules;  // the engine's (EngineState::modules), for its stacks
};

// `wait_status` as from waitpid. `interrupted`: the supervisor itself asked the child to stop.
Verdict DecideVerdict(int wait_status, const EngineState& engine,
                      const std::vector<SlotSnapshot>& slots, bool interrupted);

// "SIGSEGV" for SIGSEGV, "signal 42" for an unnamed one.
std::string SignalName(int signal);

// What a crashed slot says about its failure, e.g. "deadly signal SIGSEGV".
std::string DescribeFailure(const SlotSnapshot& slot);

}  // namespace hivefuzz
