// A worker's memory of the byte-string comparisons its earlier work items traced (libFuzzer's
// table of recent compares): a fixed ring of distinct operand pairs that mutations draw from.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include "mutator/guided_mutations.h"

namespace hivefuzz {

// Holds up to `capacity` distinct BytesComparisons; once full, each new one replaces the oldest.
// A pair with an empty operand, or with equal operands, teaches nothing and is not kept.
// Allocates once, in the constructor. Thread safety: none; one per worker thread.
class RecentComparisons {
 public:
  explicit RecentComparisons(size_t capacity) : capacity_(capacity) { entries_.reserve(capacity); }

  // Adds `c` unless it is already held. Cost: one comparison per held entry.
  void Remember(const BytesComparison& c) {
    if (c.a.size == 0 || c.b.size == 0 || Same(c.a, c.b)) return;
    for (const BytesComparison& held : entries_) {
      if (Same(held.a, c.a) && Same(held.b, c.b)) return;
    }
    if (entries_.size() < capacity_) {
      entries_.push_back(c);
    } else {
      entries_[next_] = c;
      next_ = (next_ + 1) % capacity_;
    }
  }

  std::span<const BytesComparison> entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  static bool Same(const Token& x, const Token& y) {
    return x.size == y.size && std::memcmp(x.bytes, y.bytes, x.size) == 0;
  }

  const size_t capacity_;
  std::vector<BytesComparison> entries_;
  size_t next_ = 0;  // the oldest entry once full
};

}  // namespace hivefuzz
