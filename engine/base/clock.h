// Monotonic time for limits and rates, and Go-style duration text ("1m3s") for logs.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace hivefuzz {

inline uint64_t MonotonicNanos() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ULL + uint64_t(ts.tv_nsec);
}

// Whole seconds in Go's Duration.String form after rounding: "0s", "3s", "1m0s", "1h2m3s".
std::string FormatSeconds(uint64_t seconds);

}  // namespace hivefuzz
