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

 private:
  struct Seen {
    bool running = false;
    uint64_t seq = 0;
    uint64_t since_ns = 0;
  };
  uint64_t timeout_ns_;
  std::vector<Seen> seen_;
};

// The peak resident set of process `pid` in MiB (VmHWM, so a spike between two polls is not
// missed), or 0 if it cannot be read.
uint64_t PeakRssMb(pid_t pid);

}  // namespace hivefuzz
