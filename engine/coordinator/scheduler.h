// Which corpus entry the next work item fuzzes. Go refills its queue round-robin; this prefers
// entries that are small, recent, and won more new coverage (with -any_size_workers=1, for
// every other worker, whatever their size), and picks in O(log n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.h"

namespace hivefuzz {

// Thread-compatible: owned by the coordinator thread. Workers never touch it.
class Scheduler {
 public:
  // How entries are weighed: kSmallFirst multiplies by the size factor of Weight; kAnySize
  // leaves it out, so large entries (many repetitions, long outputs) get as many picks as
  // small ones with the same coverage.
  enum class Sizing : uint8_t { kSmallFirst, kAnySize };

  // A corpus entry: its index (entries are added in index order), size and new-bit count.
  void Add(uint32_t index, size_t size, uint32_t new_bits);

  // A corpus index drawn with probability proportional to the entry's weight. After Add the
  // first Pick recomputes the prefix sums of the newest kRecencyWindow entries (the only ones
  // whose weight changes); every other Pick is a binary search.
  // REQUIRES: size() > 0.
  uint32_t Pick(Rng& rng, Sizing sizing = Sizing::kSmallFirst);

  // The entry at corpus index `index` is picked no more (-reduce_inputs replaced it).
  void Retire(uint32_t index);

  // Multiplies each live entry's weight by rarity_factor(corpus index) (-favor_rare), in place
  // of the factors given before. O(entries); the next Pick rebuilds every prefix sum.
  template <typename RarityFactor>
  void Reweight(RarityFactor rarity_factor) {
    for (Entry& e : entries_) {
      if (!e.retired) e.rarity = rarity_factor(e.index);
    }
    valid_prefix_[0] = valid_prefix_[1] = 0;
  }

  size_t size() const { return entries_.size(); }

  // The weight of an entry with `age` entries added after it: (1 + log2(1 + new_bits)) for
  // coverage, sqrt(64 / max(size, 64)) for size, and up to 4x for the newest entries, the
  // bonus halving every 16 entries added after it and gone after kRecencyWindow. Public for
  // tests.
  // Sizing::kAnySize leaves the size factor out.
  static double Weight(size_t size, uint32_t new_bits, size_t age,
                       Sizing sizing = Sizing::kSmallFirst);
  static constexpr size_t kRecencyWindow = 256;

 private:
  struct Entry {
    uint32_t index;
    double coverage;    // 1 + log2(1 + new bits)
    double smallness;   // the size factor
    double rarity = 1;  // -favor_rare's factor
    bool retired = false;
    double WeightWithoutRecency(Sizing sizing) const;
  };
  void Rebuild(Sizing sizing);

  std::vector<Entry> entries_;
  // By Sizing: prefix_[s][i] is the total weight of entries 0..i, up to date below
  // valid_prefix_[s]. The any-size sums are built only when a pick asks for them.
  std::vector<double> prefix_[2];
  size_t valid_prefix_[2] = {0, 0};
};

}  // namespace hivefuzz
