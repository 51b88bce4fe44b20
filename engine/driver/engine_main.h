// The composition root of the engine child: loads the corpus, sets up the crash slots in the
// supervisor's shared memory, starts the worker threads and runs the coordinator (or replays
// files on the main thread). Returns the child's exit code.
#pragma once

#include <optional>

#include "options/child_protocol.h"
#include "options/options.h"
#include "target/target.h"

namespace hivefuzz {

// `slots_fd`: the supervisor's memory file for the crash slots; -1 makes a private one.
// `restarted`: set when the supervisor restarted the engine (-keep_going): the stats rows
// continue from it, appended to the same file.
// `typed`: a typed fuzz test's argument types and seeds (null: a plain byte target).
// `hive`: set in a process worker of a -fork=N run: the coverage mask is the one all the
// processes share, and new inputs are announced to them and taken from them.
int RunEngine(const Options& options, RunMode mode, TestOneInputFn target, int slots_fd,
              const std::optional<StatsBase>& restarted = std::nullopt,
              const TypedTarget* typed = nullptr,
              const std::optional<HiveMembership>& hive = std::nullopt);

}  // namespace hivefuzz
