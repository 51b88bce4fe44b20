// How many workers run at once when there are more worker threads than CPUs: a worker holds a
// token while it works, and the others wait for one blocked, never spinning.
#pragma once

#include <cstdint>
#include <memory>
#include <semaphore>
#include <thread>

namespace hivefuzz {

// Why: with more runnable threads than CPUs, a thread preempted inside a queue operation makes
// every other one spin until it runs again (oneTBB's queues wait for an item whose push is in
// flight), and 256 workers on 2 cores ran at 1/16 of the 2-worker rate. Limited to the CPUs,
// the extra workers cost nothing but their stacks and slots.
// Thread-safety: Acquire and Release may be called concurrently.
class RunTokens {
 public:
  // `workers` threads sharing `cpus` CPUs; no limit (Acquire and Release do nothing) when
  // cpus is 0 or at least `workers`.
  RunTokens(uint32_t workers, uint32_t cpus)
      : semaphore_(cpus != 0 && cpus < workers
                       ? std::make_unique<std::counting_semaphore<>>(std::ptrdiff_t(cpus))
                       : nullptr) {}

  bool limited() const { return semaphore_ != nullptr; }
  void Acquire() {
    if (semaphore_) semaphore_->acquire();
  }
  void Release() {
    if (semaphore_) semaphore_->release();
  }

 private:
  std::unique_ptr<std::counting_semaphore<>> semaphore_;
};

// A worker's hold on a token: taken at its first item and kept across items (a release and an
// acquire per item made 1,024 workers on 2 cores spend their time in the semaphore), passed on
// after a turn of kTurnNanos so that every worker takes part. Not thread-safe: one per worker.
class RunTokenHolder {
 public:
  static constexpr uint64_t kTurnNanos = 100'000'000;

  explicit RunTokenHolder(RunTokens& tokens) : tokens_(tokens) {}
  ~RunTokenHolder() {
    if (held_) tokens_.Release();
  }
  RunTokenHolder(const RunTokenHolder&) = delete;
  RunTokenHolder& operator=(const RunTokenHolder&) = delete;

  // Before each item: takes a token, or keeps it, or after a turn offers it to a waiting worker
  // first. `now` is MonotonicNanos().
  void BeforeItem(uint64_t now) {
    if (!tokens_.limited()) return;
    if (held_ && now - since_ < kTurnNanos) return;
    if (held_) {
      tokens_.Release();
      std::this_thread::yield();  // a waiter woken by the release may take it first
    }
    tokens_.Acquire();
    held_ = true;
    since_ = now;
  }

 private:
  RunTokens& tokens_;
  bool held_ = false;
  uint64_t since_ = 0;
};

}  // namespace hivefuzz
