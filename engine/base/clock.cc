#include "base/clock.h"

namespace hivefuzz {

std::string FormatSeconds(uint64_t seconds) {
  uint64_t h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
  std::string out;
  if (h) out += std::to_string(h) + "h";
  if (h || m) out += std::to_string(m) + "m";
  out += std::to_string(s) + "s";
  return out;
}

}  // namespace hivefuzz
