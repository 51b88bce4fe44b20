// One engine child, start to end: the binary re-executed over a fresh crash-slot file,
// watched for hangs and memory while it runs, and its slots read after it ended. Fuzzing,
// isolating and minimizing all run their children through here.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "options/child_protocol.h"
#include "options/options.h"
#include "supervisor/verdict.h"
#include "supervisor/watchdog.h"

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

// One engine child while it runs: started, then looked at (Poll) until it ends. The watchdog
// (hangs, -rss_limit_mb) acts inside Poll, so a supervisor of many children polls them all.
class EngineChild {
 public:
  // Runs this binary with `argv` (argv[0] first) as an engine child, with `extra_env`
  // ("NAME=value") added to its environment. `quiet` sends its output to /dev/null. Null if it
  // could not be started (already reported).
  static std::unique_ptr<EngineChild> Start(const Options& options,
                                            const std::vector<std::string>& argv,
                                            const std::vector<std::string>& extra_env, bool quiet);
  // Kills the child if it still runs.
  ~EngineChild();
  EngineChild(const EngineChild&) = delete;
  EngineChild& operator=(const EngineChild&) = delete;

  // Looks at the child once; true once it has ended (then run() is complete). Ends it itself
  // on a hang or over -rss_limit_mb, checked when `watch_interval_ns` has passed since the last
  // check (a supervisor of many children reads each one's /proc status less often).
  bool Poll(uint64_t watch_interval_ns = 0);
  // Sleeps until the child ends or the watch interval (10 ms) passes.
  void Wait();
  // Executions its workers have started so far (0 until it laid out its slots).
  uint64_t Executions() const;
  // Its shared header while it runs (null until it laid out its slots).
  SlotTable* slots() const { return table_.get(); }
  // For poll(2) over many children: readable once the child has ended; -1 without pidfds.
  int pidfd() const { return pidfd_; }
  pid_t pid() const { return pid_; }
  const ChildRun& run() const { return run_; }

 private:
  EngineChild(const Options& options, pid_t pid, int fd);
  void End();

  const Options& options_;
  pid_t pid_;
  int fd_;
  int pidfd_;
  uint64_t last_look_ns_;
  uint64_t last_watch_ns_ = 0;
  bool ended_ = false;
  std::unique_ptr<SlotTable> table_;
  std::unique_ptr<HangDetector> hangs_;
  ChildRun run_;
};

// Runs one engine child (EngineChild::Start) and watches it until it ends.
ChildRun RunEngineChild(const Options& options, const std::vector<std::string>& argv,
                        const std::vector<std::string>& extra_env, bool quiet);

// How the child ended, all things considered (the watchdog's word first).
Verdict VerdictOf(const ChildRun& run);

// Ctrl-C (or SIGTERM) reached the supervisor since it started.
bool Interrupted();

// Makes Ctrl-C and SIGTERM ask every running engine child to stop (a second one kills it), makes
// Ctrl-Z stop and continue the engine with the supervisor, and ignores SIGPIPE: a reader that
// goes away must never kill the process that holds the crashers.
void InstallSignalHandling();

}  // namespace hivefuzz
