// Which corpus entry the next work item fuzzes. Go refills its queue round-robin; this prefers
// entries that are small, recent, and won more new coverage, by one of several schedules (with
// or without the size and rarity factors), and picks in O(log n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/rng.h"

namespace hivefuzz {

// How the scheduler weighs entries. Without small_first the size factor of Scheduler::Weight is
// left out, so large entries (many repetitions, long outputs) get as many picks as small ones
// with the same coverage; with favor_rare each entry's weight is multiplied by its Reweight
// factor.
struct Schedule {
  bool small_first = true;
  bool favor_rare = false;
  bool operator==(const Schedule&) const = default;
};

// Thread-compatible: owned by the coordinator thread. Workers never touch it.
class Scheduler {
 public:
  // A corpus entry: its index (entries are added in index order), size and new-bit count.
  void Add(uint32_t index, size_t size, uint32_t new_bits);

  // A corpus index drawn with probability proportional to the entry's weight. After Add the
  // first Pick recomputes the prefix sums of the newest kRecencyWindow entries (the only ones
  // whose weight changes); every other Pick is a binary search.
  // REQUIRES: size() > 0.
  uint32_t Pick(Rng& rng, Schedule schedule = {});

  // The entry at corpus index `index` is picked no more (-reduce_inputs replaced it).
  void Retire(uint32_t index);

  // Sets each live entry's rarity factor to rarity_factor(corpus index) (-favor_rare), in place
  // of the factors given before; schedules that favor rare entries multiply weights by it.
  // O(entries); the next Pick of such a schedule rebuilds every prefix sum.
  template <typename RarityFactor>
  void Reweight(RarityFactor rarity_factor) {
    for (Entry& e : entries_) {
      if (!e.retired) e.rarity = rarity_factor(e.index);
    }
    for (size_t s = 0; s < kSchedules; s++) {
      if (ScheduleAt(s).favor_rare) valid_prefix_[s] = 0;
    }
  }

  size_t size() const { return entries_.size(); }

  // The weight of an entry with `age` entries added after it: (1 + log2(1 + new_bits)) for
  // coverage, sqrt(64 / max(size, 64)) for size (left out without small_first), and up to 4x
  // for the newest entries, the bonus halving every 16 entries added after it and gone after
  // kRecencyWindow. Public for tests.
  static double Weight(size_t size, uint32_t new_bits, size_t age, Schedule schedule = {});
  static constexpr size_t kRecencyWindow = 256;

 private:
  struct Entry {
    uint32_t index;
    double coverage;    // 1 + log2(1 + new bits)
    double smallness;   // the size factor
    double rarity = 1;  // the Reweight factor
    bool retired = false;
    double WeightWithoutRecency(Schedule schedule) const;
  };
  // The schedules by index, and back.
  static constexpr size_t kSchedules = 4;
  static constexpr Schedule ScheduleAt(size_t s) { return {(s & 1) == 0, (s & 2) != 0}; }
  static constexpr size_t IndexOf(Schedule schedule) {
    return (schedule.small_first ? 0 : 1) | (schedule.favor_rare ? 2 : 0);
  }
  void Rebuild(size_t s);

  std::vector<Entry> entries_;
  // By schedule: prefix_[s][i] is the total weight of entries 0..i, up to date below
  // valid_prefix_[s]. A schedule's sums are built only when a pick asks for them.
  std::vector<double> prefix_[kSchedules];
  size_t valid_prefix_[kSchedules] = {};
};

}  // namespace hivefuzz
