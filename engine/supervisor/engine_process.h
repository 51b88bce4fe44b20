// One engine child, start to end: the binary re-executed over a fresh crash-slot file,
// watched for hangs and memory while it runs, and its slots read after it ended. Fuzzing,
// isolating and minimizing all run their children through here.
#pragma once

#include <string>
#include <vector>

#include "options/child_protocol.h"
#include "options/options.h"
#include "supervisor/verdict.h"

namespace hivefuzz {

struct ChildRun {
  bool started = false;  // false: fork or exec failed (already reported)
  int status = 0;        // as from waitpid
  Verdict watchdog;      // kFinished unless the watchdog ended the child (hang, memory)
  EngineState engine;    // what its shared header said at the end
  std::vector<SlotSnapshot> slots;
  int pid = 0;
  uint64_t peak_rss_mb = 0;      // its peak resident memory (from wait4)
  uint64_t longest_exec_ns = 0;  // the longest one execution was seen running
};

// Runs this binary with `argv` (argv[0] first) as an engine child, with `extra_env`
// ("NAME=value") added to its environment. `quiet` sends its output to /dev/null.
ChildRun RunEngineChild(const Options& options, const std::vector<std::string>& argv,
                        const std::vector<std::string>& extra_env, bool quiet);

// How the child ended, all things considered (the watchdog's word first).
Verdict VerdictOf(const ChildRun& run);

// Ctrl-C (or SIGTERM) reached the supervisor since it started.
bool Interrupted();

// Makes Ctrl-C and SIGTERM ask the current engine child to stop (a second one kills it), makes
// Ctrl-Z stop and continue the engine with the supervisor, and ignores SIGPIPE: a reader that
// goes away must never kill the process that holds the crashers.
void InstallSignalHandling();

}  // namespace hivefuzz
