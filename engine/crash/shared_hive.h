// The memory that process workers (-fork=N) share through the supervisor: one coverage mask and
// one value-profile mask for every engine process, and a ring that announces each new corpus file.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/status.h"

namespace hivefuzz {

// A new corpus entry one process found and wrote (atomically) into the shared corpus directory,
// announced so the other processes add it without running it: its coverage is in the shared
// mask already, credited to that one process.
struct HiveFind {
  uint8_t sha1[20] = {};  // names the file: its lowercase hex is the file name
  uint32_t process = 0;   // the announcing process's index
  uint32_t size = 0;      // bytes
  uint32_t new_bits = 0;  // the mask bits it won (the scheduler's weight)
};

// The supervisor creates the hive; each engine process of a -fork=N run attaches to it.
// Thread-safety: Publish and Next may be called from any thread of any process at once.
class SharedHive {
 public:
  // The largest masks a process can have: kMaxEdges counters (coverage/runtime.h) and the
  // value profile's bits (cmp/cmp_table.h), checked where both are known.
  static constexpr size_t kMaskWords = (size_t{1} << 22) / 8;
  static constexpr size_t kValueProfileWords = size_t{1} << 14;
  // Announcements kept; a process that falls further behind skips the oldest (their files stay
  // in the directory, and a restart reads them).
  static constexpr uint64_t kRingEntries = 4096;

  // A zeroed hive in a new memory file that children inherit across exec (its descriptor is
  // fd()). Untouched mask pages cost no memory.
  static Result<std::unique_ptr<SharedHive>> Create();
  // The hive behind an inherited descriptor.
  static Result<std::unique_ptr<SharedHive>> Attach(int fd);
  ~SharedHive();
  SharedHive(const SharedHive&) = delete;
  SharedHive& operator=(const SharedHive&) = delete;

  int fd() const { return fd_; }
  std::atomic<uint64_t>* mask_words();
  std::atomic<uint64_t>* value_profile_words();
  // The mask words the processes use (their instrumentation's counters / 8), recorded by each
  // process at start so the supervisor counts coverage over them only.
  void NoteMaskWords(size_t words);
  size_t mask_words_used() const;

  // ---- Benchmark mode over process workers (-bench=1 -fork=N): the processes start each
  // repetition together and leave their timings here for process 0 to add up. ----
  static constexpr uint32_t kMaxBenchProcesses = 256;
  static constexpr uint32_t kMaxBenchRounds = 256;  // repetitions of all thread counts
  struct BenchRound {
    uint64_t start_ns = 0;  // MonotonicNanos() (one clock for all processes) at the start
    uint64_t end_ns = 0;
    uint64_t execs = 0;
    uint64_t cpu_ns = 0;
  };
  // Counts this process in at `round` (0, 1, ... in order) and waits until all `processes`
  // are; false if `give_up` became true first (Ctrl-C, or the supervisor stopping the run).
  bool BenchBarrier(uint32_t processes, uint64_t round, const std::atomic<bool>& give_up);
  void RecordBenchRound(uint32_t process, uint32_t round, const BenchRound& result);
  BenchRound BenchRoundOf(uint32_t process, uint32_t round) const;

  // Announces `find` to every process (the announcer skips its own when reading).
  void Publish(const HiveFind& find);

  enum class Read {
    kFind,     // *out holds the announcement at *cursor; *cursor moved past it
    kNone,     // nothing announced at *cursor yet
    kPending,  // an announcement at *cursor has begun but is not complete yet (or its writer died)
    kLapped,   // the ring overwrote what *cursor pointed at: *cursor moved to the oldest kept one
  };
  // Reads the announcement at *cursor (0 at start).
  Read Next(uint64_t* cursor, HiveFind* out) const;
  // How many announcements were made, all processes together.
  uint64_t published() const;

 private:
  struct Layout;
  SharedHive(Layout* layout, int fd, bool owns_fd) : layout_(layout), fd_(fd), owns_fd_(owns_fd) {}
  Layout* layout_;
  int fd_;
  bool owns_fd_;
};

}  // namespace hivefuzz
