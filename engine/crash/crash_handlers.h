// Marks the crashing worker's slot when the target dies: deadly signals, sanitizer reports and
// exit() inside the target. Everything here runs in a dying process, so it is signal-safe.
#pragma once

#include "crash/slot_table.h"

namespace hivefuzz {

// Installs the handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP (chaining to a
// sanitizer's own handler where one is installed), the sanitizer death callback, and an atexit
// hook that reports exit() called by the target. Call once, from the engine's main thread.
void InstallCrashHandlers();

// Binds the calling thread to `slot` (nullptr unbinds) and gives it an alternate signal stack,
// so a stack overflow in the target can still be recorded.
void BindThreadToSlot(Slot* slot);

// Marks the calling thread's slot as crashed if it is running an input. Async-signal-safe.
// `message` may be null.
void MarkThreadCrashed(CrashKind kind, int signal, const char* message);

// From now on exit() is the engine's own, not a crash of the target.
void SetEngineExiting();

}  // namespace hivefuzz
