// Why and whether the engine is stopping. One lock-free atomic, so a signal handler may set it
// (unlike std::stop_source); the first reason set wins.
#pragma once

#include <atomic>
#include <cstdint>

namespace hivefuzz {

enum class StopReason : uint32_t {
  kNone = 0,
  kTimeLimit,
  kExecLimit,
  kInterrupted,  // SIGINT or SIGTERM
  kError,        // the engine could not go on (e.g. a write failed); it printed why
  kStopFile,     // libFuzzer's -stop_file exists
};

const char* StopReasonText(StopReason reason);

class StopCondition {
 public:
  // Async-signal-safe. ENSURES: stop_requested() from now on; the first reason is kept.
  void RequestStop(StopReason reason) {
    StopReason none = StopReason::kNone;
    reason_.compare_exchange_strong(none, reason, std::memory_order_release);
  }
  bool stop_requested() const {
    return reason_.load(std::memory_order_relaxed) != StopReason::kNone;
  }
  StopReason reason() const { return reason_.load(std::memory_order_acquire); }

 private:
  std::atomic<StopReason> reason_{StopReason::kNone};
  static_assert(std::atomic<StopReason>::is_always_lock_free);
};

}  // namespace hivefuzz
