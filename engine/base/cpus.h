// The CPUs this process may use: its affinity mask (taskset, cpusets) and, in a container, its
// cgroup's CPU quota, so that the engine sizes what runs at once by the cores it really gets.
#pragma once

#include <sched.h>

#include <cstdint>
#include <cstdio>
#include <thread>

namespace hivefuzz {

// At least 1.
inline uint32_t UsableCpus() {
  uint32_t cpus = 0;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) {
    cpus = uint32_t(CPU_COUNT(&set));
  } else {
    cpus = std::thread::hardware_concurrency();
  }
  // cgroup v2's "cpu.max": "<quota> <period>" in microseconds, or "max <period>".
  if (std::FILE* f = std::fopen("/sys/fs/cgroup/cpu.max", "r")) {
    unsigned long long quota = 0, period = 0;
    if (std::fscanf(f, "%llu %llu", &quota, &period) == 2 && quota > 0 && period > 0) {
      uint32_t allowed = uint32_t((quota + period - 1) / period);
      if (cpus == 0 || allowed < cpus) cpus = allowed;
    }
    std::fclose(f);
  }
  return cpus > 0 ? cpus : 1;
}

}  // namespace hivefuzz
