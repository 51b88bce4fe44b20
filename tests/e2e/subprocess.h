// Runs a fuzzer binary the way a user would, for end-to-end tests: argv, extra environment,
// a time limit, and everything it printed.
#pragma once

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

// The path of a binary built by this project (bin/ of the build tree).
std::string BinaryPath(const std::string& name);

std::string ReadText(const std::string& path);

}  // namespace hivefuzz::e2e
