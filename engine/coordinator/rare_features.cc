#include "coordinator/rare_features.h"

#include <limits>

namespace hivefuzz {

void RareFeatures::Add(uint32_t index, std::span<const uint32_t> features) {
  if (rare_by_entry_.size() <= index) rare_by_entry_.resize(size_t(index) + 1);
  std::vector<uint32_t>& rare = rare_by_entry_[index];
  rare.clear();
  for (uint32_t feature : features) {
    if (feature >= entries_reaching_.size()) continue;
    uint16_t& count = entries_reaching_[feature];
    if (count != std::numeric_limits<uint16_t>::max()) count++;
    if (count <= kRareLimit) rare.push_back(feature);
  }
}

void RareFeatures::Remove(uint32_t index) {
  if (index >= rare_by_entry_.size()) return;
  for (uint32_t feature : rare_by_entry_[index]) {
    uint16_t& count = entries_reaching_[feature];
    if (count != 0 && count != std::numeric_limits<uint16_t>::max()) count--;
  }
  rare_by_entry_[index].clear();
  rare_by_entry_[index].shrink_to_fit();
}

double RareFeatures::Rarity(uint32_t index) const {
  if (index >= rare_by_entry_.size()) return 0;
  double rarity = 0;
  for (uint32_t feature : rare_by_entry_[index]) {
    rarity += 1.0 / double(entries_reaching_[feature]);
  }
  return rarity;
}

}  // namespace hivefuzz
