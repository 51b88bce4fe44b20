// The global coverage mask: for every edge, the set of Go hit-count buckets seen so far, kept
// in atomic words so that worker threads merge their own executions into it without a lock.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace hivefuzz {

// Go's hit-count bucket of one counter: its highest set bit (1, 2-3, 4-7, ... 128-255).
constexpr uint8_t BucketOf(uint8_t counter) {
  uint8_t b = counter;
  b |= b >> 1;
  b |= b >> 2;
  b |= b >> 4;
  return static_cast<uint8_t>(b - (b >> 1));
}

// The same for eight counters packed in a word (SWAR: the masks keep shifts inside each byte).
constexpr uint64_t BucketWord(uint64_t w) {
  w |= (w >> 1) & 0x7f7f7f7f7f7f7f7fULL;
  w |= (w >> 2) & 0x3f3f3f3f3f3f3f3fULL;
  w |= (w >> 4) & 0x0f0f0f0f0f0f0f0fULL;
  return w - ((w >> 1) & 0x7f7f7f7f7f7f7f7fULL);
}

// Where an execution won new bits: up to kCapacity mask words with the bits won in each, enough
// to tell later whether another execution reaches at least one of them (Go's keepCoverage).
struct WonBits {
  static constexpr size_t kCapacity = 8;
  // More words had won bits than fit: the record is partial.
  bool truncated = false;
  struct Word {
    uint32_t index;
    uint64_t bits;
  };
  size_t count = 0;
  Word words[kCapacity];
};

// Thread-safety: Merge and CountBits may run concurrently from any number of threads.
class CoverageMask {
 public:
  // A mask for `num_counters` counters (rounded up to whole words), all bits clear.
  explicit CoverageMask(size_t num_counters);
  // A mask over `shared_words` (at least (num_counters + 7) / 8 words, owned by the caller and
  // outliving the mask): memory other processes map as well (process workers, -fork=N), whose
  // bits are kept as they are. Atomic words are lock-free, so a fetch_or there is as atomic
  // across processes as across threads.
  CoverageMask(std::atomic<uint64_t>* shared_words, size_t num_counters);

  // Buckets one execution's `counters` (at least num_words()*8 bytes, 8-byte aligned), sets
  // their bits in the mask, zeroes the counters, and returns how many bits this call set for
  // the first time. Each bit is credited to exactly one call across all threads.
  // When `won` is not null, the first WonBits::kCapacity words with won bits are recorded there.
  size_t MergeAndReset(uint8_t* counters, WonBits* won = nullptr);

  // Whether one execution's `counters` reach at least one of the bits in `won`. Reads only the
  // words `won` names; the counters are left as they are.
  static bool ReachesAny(const uint8_t* counters, const WonBits& won);
  // Whether they reach every bit in `won` (an input with the same first-reached coverage).
  static bool ReachesAll(const uint8_t* counters, const WonBits& won);

  // Sets `bits` in word `index` (features that are bits already, such as value profile's) and
  // returns how many of them this call set first; credited once across threads, like Merge.
  size_t MergeWord(size_t index, uint64_t bits) {
    if ((bits & ~words_[index].load(std::memory_order_relaxed)) == 0) return 0;
    return size_t(std::popcount(bits & ~words_[index].fetch_or(bits, std::memory_order_relaxed)));
  }

  // Zeroes the counters without merging (an execution whose coverage must not count).
  void Reset(uint8_t* counters) const;

  size_t CountBits() const;
  // Edges with at least one bucket set.
  size_t CountEdges() const;
  size_t num_words() const { return num_words_; }

 private:
  size_t num_words_;
  std::unique_ptr<std::atomic<uint64_t>[]> owned_;  // null for a mask over shared words
  std::atomic<uint64_t>* words_;
};

}  // namespace hivefuzz
