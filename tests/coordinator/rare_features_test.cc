#include "coordinator/rare_features.h"

#include <gtest/gtest.h>

#include <vector>

namespace hivefuzz {
namespace {

// Requirement: an entry's rarity is the sum over its rare bits of 1 / the entries reaching
// each, as the corpus grows after it.
TEST(RareFeaturesTest, RaritySumsInverseReach) {
  RareFeatures rare(128);
  rare.Add(0, std::vector<uint32_t>{1, 2});
  EXPECT_DOUBLE_EQ(rare.Rarity(0), 2.0);
  rare.Add(1, std::vector<uint32_t>{2, 3});
  EXPECT_DOUBLE_EQ(rare.Rarity(0), 1.0 + 0.5);
  EXPECT_DOUBLE_EQ(rare.Rarity(1), 0.5 + 1.0);
  EXPECT_DOUBLE_EQ(rare.Rarity(7), 0.0);  // never added
}

// Requirement: a bit that more than kRareLimit entries reach makes later entries no rarer,
// and ids past the mask are ignored.
TEST(RareFeaturesTest, CommonBitsAreNotKept) {
  RareFeatures rare(64);
  for (uint32_t i = 0; i < RareFeatures::kRareLimit; i++) {
    rare.Add(i, std::vector<uint32_t>{5});
  }
  rare.Add(RareFeatures::kRareLimit, std::vector<uint32_t>{5, 1000});
  EXPECT_DOUBLE_EQ(rare.Rarity(RareFeatures::kRareLimit), 0.0);
  EXPECT_DOUBLE_EQ(rare.Rarity(0), 1.0 / (RareFeatures::kRareLimit + 1));
}

// Requirement (-reduce_inputs): a removed entry counts no more, and has no rarity left.
TEST(RareFeaturesTest, RemovedEntriesCountNoMore) {
  RareFeatures rare(64);
  rare.Add(0, std::vector<uint32_t>{9});
  rare.Add(1, std::vector<uint32_t>{9});
  EXPECT_DOUBLE_EQ(rare.Rarity(1), 0.5);
  rare.Remove(0);
  EXPECT_DOUBLE_EQ(rare.Rarity(1), 1.0);
  EXPECT_DOUBLE_EQ(rare.Rarity(0), 0.0);
  rare.Remove(0);   // twice: nothing happens
  rare.Remove(99);  // never added
  EXPECT_DOUBLE_EQ(rare.Rarity(1), 1.0);
}

}  // namespace
}  // namespace hivefuzz
