// The exact execution limit of -fuzztime=Nx, shared by all workers without a per-execution
// write: a worker claims a chunk per work item and gives back what it did not use.
#pragma once

#include <atomic>
#include <cstdint>

namespace hivefuzz {

// Thread-safety: all methods may be called concurrently.
class ExecBudget {
 public:
  // `limit` == 0: unlimited. A single claim never exceeds ceil(limit / workers), so one worker
  // cannot take the whole budget while the others idle (Go's per-dispatch limit).
  ExecBudget(uint64_t limit, uint32_t workers)
      : limited_(limit != 0),
        limit_(limit),
        max_claim_(limited_ ? (limit + workers - 1) / workers : UINT64_MAX),
        remaining_(limit) {}

  // Claims up to `n` executions and returns how many were granted: `n` when unlimited, 0 once
  // the budget is spent.
  uint64_t Claim(uint64_t n) {
    if (!limited_) return n;
    if (n > max_claim_) n = max_claim_;
    uint64_t current = remaining_.load(std::memory_order_relaxed);
    uint64_t grant;
    do {
      grant = current < n ? current : n;
      if (grant == 0) return 0;
    } while (
        !remaining_.compare_exchange_weak(current, current - grant, std::memory_order_relaxed));
    return grant;
  }

  // Ends a claim of `granted` executions of which `used` ran: the rest goes back.
  void Finish(uint64_t granted, uint64_t used) {
    if (!limited_) return;
    if (granted != used) remaining_.fetch_add(granted - used, std::memory_order_relaxed);
    executed_.fetch_add(used, std::memory_order_acq_rel);
  }

  bool limited() const { return limited_; }
  // Every execution of the limit has run. Monotonic: once true, stays true. (remaining() == 0
  // is not enough: a claim in flight may still give executions back.)
  bool Spent() const { return limited_ && executed_.load(std::memory_order_acquire) == limit_; }

 private:
  const bool limited_;
  const uint64_t limit_;
  const uint64_t max_claim_;
  std::atomic<uint64_t> remaining_;  // not yet claimed
  std::atomic<uint64_t> executed_{0};
};

}  // namespace hivefuzz
