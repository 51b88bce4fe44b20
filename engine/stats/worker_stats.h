// Per-thread execution counters, each on its own cache line: the owning worker stores, the
// coordinator sums on read, and no counter is ever shared by two writers.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "base/padded.h"

namespace hivefuzz {

struct WorkerCounters {
  std::atomic<uint64_t> execs{0};  // target calls made by this worker

  // Owner only: a relaxed load and store, no read-modify-write on the hot path.
  void AddExecs(uint64_t n) {
    execs.store(execs.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
};

class WorkerStats {
 public:
  explicit WorkerStats(size_t workers) : counters_(workers) {}
  WorkerCounters& of(size_t worker) { return counters_[worker].value; }
  uint64_t TotalExecs() const {
    uint64_t n = 0;
    for (const auto& c : counters_) n += c.value.execs.load(std::memory_order_relaxed);
    return n;
  }
  size_t size() const { return counters_.size(); }

 private:
  std::vector<Padded<WorkerCounters>> counters_;
};

}  // namespace hivefuzz
