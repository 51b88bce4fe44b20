#include "supervisor/watchdog.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace hivefuzz {

bool HangDetector::Observe(uint32_t slot, bool running, uint64_t seq, uint64_t now_ns) {
  Seen& s = seen_[slot];
  if (!running || !s.running || seq != s.seq) {
    s = Seen{running, seq, now_ns};
    return false;
  }
  longest_ns_ = std::max(longest_ns_, now_ns - s.since_ns);
  return timeout_ns_ != 0 && now_ns - s.since_ns > timeout_ns_;
}

void HangDetector::Pause(uint64_t now_ns) {
  for (Seen& s : seen_) s.since_ns = now_ns;
}

ProcessStatus ReadProcessStatus(pid_t pid) {
  ProcessStatus status;
  std::string path = "/proc/" + std::to_string(pid) + "/status";
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return status;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "State:", 6) == 0) {
      // "T (stopped)" or "t (tracing stop)".
      const char* state = line + 6 + std::strspn(line + 6, " \t");
      status.stopped = *state == 'T' || *state == 't';
    } else if (std::strncmp(line, "VmHWM:", 6) == 0) {
      status.peak_rss_mb = std::strtoull(line + 6, nullptr, 10) / 1024;
      break;  // after State
    }
  }
  std::fclose(f);
  return status;
}

}  // namespace hivefuzz
