// The global coverage mask: for every edge, the set of hit-count classes seen so far, kept
// in atomic words so that worker threads merge their own executions into it without a lock.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "coverage/counter_view.h"

namespace hivefuzz {

// The hit-count class of one counter, as a one-hot byte: libFuzzer's and AFL's classes 1, 2, 3,
// 4-7, 8-15, 16-31, 32-127, 128-255. Go's highest-set-bit classes put 2 and 3 together, so a
// mutant that drops one of three warnings from a header check (libpng's IHDR) was nothing new,
// and splitting them is what let the search climb there (bench/realworld/README.md, "What each
// search change did").
constexpr uint8_t BucketOf(uint8_t counter) {
  if (counter == 0) return 0;
  if (counter <= 2) return counter;
  if (counter == 3) return 0x04;
  if (counter < 8) return 0x08;
  if (counter < 16) return 0x10;
  if (counter < 32) return 0x20;
  if (counter < 128) return 0x40;
  return 0x80;
}

// The same for eight counters packed in a word (SWAR: the masks keep shifts inside each byte).
// First each byte's highest set bit, then the classes moved: 4-31 one class up, 32-63 joins
// 64-127, and 3 (highest bit 2, lowest bit set) gets its own class.
constexpr uint64_t BucketWord(uint64_t w) {
  uint64_t h = w;
  h |= (h >> 1) & 0x7f7f7f7f7f7f7f7fULL;
  h |= (h >> 2) & 0x3f3f3f3f3f3f3f3fULL;
  h |= (h >> 4) & 0x0f0f0f0f0f0f0f0fULL;
  h -= (h >> 1) & 0x7f7f7f7f7f7f7f7fULL;
  const uint64_t three = h & (w << 1) & 0x0202020202020202ULL;
  return (h & 0xc1c1c1c1c1c1c1c1ULL) | ((h & 0x3c3c3c3c3c3c3c3cULL) << 1) |
         ((h & 0x0202020202020202ULL) ^ three) | (three << 1);
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

  // Buckets one execution's `counters` (words beyond num_words() are not read), sets their bits
  // in the mask, zeroes the counters, and returns how many bits this call set for the first
  // time. Each bit is credited to exactly one call across all threads.
  // When `won` is not null, the first WonBits::kCapacity words with won bits are recorded there.
  size_t MergeAndReset(const CounterView& counters, WonBits* won = nullptr);

  // Whether one execution's `counters` reach at least one of the bits in `won`. Reads only the
  // words `won` names; the counters are left as they are.
  static bool ReachesAny(const CounterView& counters, const WonBits& won);
  // Whether they reach every bit in `won` (an input with the same first-reached coverage).
  static bool ReachesAll(const CounterView& counters, const WonBits& won);

  // Sets `bits` in word `index` (features that are bits already, such as value profile's) and
  // returns how many of them this call set first; credited once across threads, like Merge.
  size_t MergeWord(size_t index, uint64_t bits) {
    if ((bits & ~words_[index].load(std::memory_order_relaxed)) == 0) return 0;
    return size_t(std::popcount(bits & ~words_[index].fetch_or(bits, std::memory_order_relaxed)));
  }

  // Appends to `features` the mask bit ids (word * 64 + bit) of the classes one execution's
  // `counters` reach, without merging; the counters are left as they are.
  void ListFeatures(const CounterView& counters, std::vector<uint32_t>* features) const;

  // Zeroes the counters without merging (an execution whose coverage must not count).
  static void Reset(const CounterView& counters) { counters.Zero(); }

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
