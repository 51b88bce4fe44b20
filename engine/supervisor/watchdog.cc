#include "supervisor/watchdog.h"

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
  return timeout_ns_ != 0 && now_ns - s.since_ns > timeout_ns_;
}

uint64_t PeakRssMb(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/status";
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return 0;
  char line[256];
  uint64_t kb = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      kb = std::strtoull(line + 6, nullptr, 10);
      break;
    }
  }
  std::fclose(f);
  return kb / 1024;
}

}  // namespace hivefuzz
