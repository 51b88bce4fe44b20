// The supervisor: the process the user started. It never runs target code. It starts the
// engine as a child over shared crash slots, forwards Ctrl-C, and when the child ends decides
// what happened, writes every failing input to disk first, and reports how to re-run it.
#pragma once

#include "options/options.h"
#include "supervisor/engine_process.h"

namespace hivefuzz {

// Runs the engine child for `options` (argv is passed to it unchanged) and returns the exit
// code for the user.
int RunSupervisor(const Options& options, RunMode mode, char** argv);

}  // namespace hivefuzz
