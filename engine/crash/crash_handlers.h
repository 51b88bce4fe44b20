// Marks the crashing worker's slot when the target dies: deadly signals, sanitizer reports and
// exit() inside the target. Everything here runs in a dying process, so it is signal-safe.
#pragma once

#include "crash/slot_table.h"

namespace hivefuzz {

// Installs the handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP (chaining to a
// sanitizer's own handler where one is installed) and the sanitizer death callback. (exit()
// and quick_exit() called by the target during an input are caught by this module's own
// definitions of them, which record the failure before any exit handler runs.) `facts` (in the
// shared slot table) receives what the supervisor cannot see in the slots: a signal from another
// process, a crash on a thread of the target's own, and whether the engine finished. Call
// once, from the engine's main thread.
void InstallCrashHandlers(EngineFacts* facts);

// Binds the calling thread to `slot` (nullptr unbinds) and gives it an alternate signal stack,
// so a stack overflow in the target can still be recorded.
void BindThreadToSlot(Slot* slot);

// Marks the calling thread's slot as crashed if it is running an input. Async-signal-safe.
// `message` may be null.
void MarkThreadCrashed(CrashKind kind, int signal, const char* message);

// From now on exit() is the engine's own, not a crash of the target; the supervisor is told
// that the engine finished.
void SetEngineExiting();

// Makes SIGINT and SIGTERM call `on_stop` (the supervisor's forwarded Ctrl-C; a second one
// exits at once with kExitInterrupted). One the target sends to its own process is no request
// to stop but a failure: recorded like a crash (the raising thread's slot, or every input in
// flight), and the process dies by it. `on_stop` must be async-signal-safe; null: exit at once
// with kExitInterrupted.
void InstallStopHandlers(void (*on_stop)());

}  // namespace hivefuzz
