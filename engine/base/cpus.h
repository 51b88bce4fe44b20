// The CPUs this process may run on: its affinity mask (as taskset or a container sets it), so
// that the engine sizes what runs at once by the cores it really has.
#pragma once

#include <sched.h>

#include <cstdint>
#include <thread>

namespace hivefuzz {

// At least 1.
inline uint32_t UsableCpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) {
    return uint32_t(CPU_COUNT(&set));
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware > 0 ? hardware : 1;
}

}  // namespace hivefuzz
