// What the supervisor watches while the engine runs: an execution that takes longer than
// -timeout (a worker's sequence number stops moving while its slot is running), and the
// engine's peak resident memory against -rss_limit_mb. The detector is pure; time is passed in.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace hivefuzz {

class HangDetector {
 public:
  // `timeout_ns` == 0 disables detection.
  HangDetector(uint32_t slots, uint64_t timeout_ns) : timeout_ns_(timeout_ns), seen_(slots) {}

  // Feeds slot `slot`'s state at `now_ns`. Returns true when that slot has been running one
  // execution (the same `seq`) for longer than the timeout.
  bool Observe(uint32_t slot, bool running, uint64_t seq, uint64_t now_ns);

  // The engine was not running from some point until `now_ns` (stopped by SIGSTOP or Ctrl-Z,
  // or the supervisor itself was): the time an execution has run is counted from now on.
  void Pause(uint64_t now_ns);

  // The longest time one execution was seen running (to the watch interval's precision).
  uint64_t longest_ns() const { return longest_ns_; }

 private:
  struct Seen {
    bool running = false;
    uint64_t seq = 0;
    uint64_t since_ns = 0;
  };
  uint64_t timeout_ns_;
  uint64_t longest_ns_ = 0;
  std::vector<Seen> seen_;
};

struct ProcessStatus {
  uint64_t peak_rss_mb = 0;  // VmHWM, so a spike between two polls is not missed
  bool stopped = false;      // stopped by a signal (SIGSTOP, SIGTSTP) or a tracer
};

// Process `pid`'s status from /proc; zeros if it cannot be read.
ProcessStatus ReadProcessStatus(pid_t pid);

}  // namespace hivefuzz
