// How many corpus entries reach each coverage bit, and for each entry the bits few others
// reach: the scheduler's rarity weight (-favor_rare), libFuzzer's entropic idea by entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hivefuzz {

// Thread-compatible: owned by the coordinator thread.
class RareFeatures {
 public:
  // A bit reached by more entries than this no longer makes an entry rare.
  static constexpr uint32_t kRareLimit = 16;

  // `num_features`: the coverage mask's bits (words * 64); feature ids are below it.
  explicit RareFeatures(size_t num_features) : entries_reaching_(num_features, 0) {}

  // Entry `index` reaches `features` (mask bit ids; ids out of range are ignored). Keeps the
  // ones that at most kRareLimit entries reach, this one included.
  void Add(uint32_t index, std::span<const uint32_t> features);
  // Entry `index` left the corpus (replaced by a smaller one): its rare bits count it no more.
  void Remove(uint32_t index);
  // The sum, over the rare bits entry `index` had when it was added, of 1 / the entries that
  // reach each now; 0 for an entry added without features.
  double Rarity(uint32_t index) const;

 private:
  std::vector<uint16_t> entries_reaching_;            // by feature id, saturating
  std::vector<std::vector<uint32_t>> rare_by_entry_;  // by corpus index
};

}  // namespace hivefuzz
