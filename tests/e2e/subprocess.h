// Runs a fuzzer binary the way a user would, for end-to-end tests: argv, extra environment,
// a time limit, and everything it printed.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace hivefuzz::e2e {

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal
  int signal = 0;
  bool timed_out = false;
  std::string output;  // stdout and stderr, interleaved
};

// Starts `argv` (argv[0] is a path), with `env` added to this process's environment. If
// `interrupt_after_ms` > 0, sends SIGINT to it after that long. Kills it after `timeout_s`.
// If `signal_child_after_ms` > 0, sends `child_signal` to its first child process (the engine
// a supervisor started) after that long, as something outside the fuzzer would.
RunResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                     int timeout_s = 300, int interrupt_after_ms = 0, int signal_child_after_ms = 0,
                     int child_signal = 0);

// A signal sent after `after_ms`, to the process started or to its first child (the engine).
struct TimedSignal {
  int after_ms = 0;
  int signal = 0;
  bool to_engine = false;
};

// How the output of the process is taken.
enum class OutputMode {
  kFile,             // a file, read after it ended
  kPipeToEnd,        // a pipe, read until every writer closed it (as `fuzzer | tail` does)
  kPipeClosedEarly,  // a pipe whose reader goes away after the first line (`fuzzer | head -1`)
};

struct RunOptions {
  int timeout_s = 300;
  std::vector<TimedSignal> signals;
  OutputMode output = OutputMode::kFile;
  std::string cwd;  // the directory it starts in; empty: this process's
  // Called once, from `probe_after_ms` after the start, as soon as the engine (the first child
  // of the process) exists, with both pids; the run goes on while it returns.
  int probe_after_ms = 0;
  std::function<void(pid_t process, pid_t engine)> probe;
};

// Starts `argv` with `env` added, as RunProcess does, with `options`. With kPipeToEnd the run
// lasts until the pipe's end (timed_out if that is after timeout_s); with kPipeClosedEarly
// `output` holds the first line only.
RunResult RunProcessWith(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                         const RunOptions& options);

// The path of a binary built by this project (bin/ of the build tree).
std::string BinaryPath(const std::string& name);

std::string ReadText(const std::string& path);

}  // namespace hivefuzz::e2e
