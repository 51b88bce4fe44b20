// Tests of the comparison table itself: recording, epochs, collection and the value profile,
// driven through CmpTable's methods with explicit call-site addresses.
#include "cmp/cmp_table.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <utility>

#include "cmp_test_util.h"

namespace hivefuzz::cmp {
namespace {

using CmpTableTest = CmpTableFixture;

constexpr uintptr_t kSite = 0x5555'1234'5678;

// Requirement: an entry keeps both operands, the width and the flags, in the compiler's order.
TEST_F(CmpTableTest, RecordsOperandsSizeAndFlags) {
  table_->RecordInt(kSite, 0xabcd, 0x1234, 2, kFirstIsConstant);
  auto entries = IntEntries(*table_);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].a, 0xabcdu);
  EXPECT_EQ(entries[0].b, 0x1234u);
  EXPECT_EQ(entries[0].size, 2);
  EXPECT_EQ(entries[0].flags, kFirstIsConstant);
}

// Requirement: a fresh table is empty, and starting an execution forgets everything recorded
// before it, bytes included.
TEST_F(CmpTableTest, NewExecutionEmptiesTheTable) {
  EXPECT_TRUE(IntEntries(*table_).empty());
  EXPECT_TRUE(BytesEntries(*table_).empty());
  for (uint64_t i = 0; i < 100; i++) table_->RecordInt(kSite, i, 7, 8, 0);
  table_->RecordBytes(kSite, "abc", 3, "abd", 3, 0);
  ASSERT_FALSE(IntEntries(*table_).empty());
  ASSERT_EQ(BytesEntries(*table_).size(), 1u);
  table_->StartExecution();
  EXPECT_TRUE(IntEntries(*table_).empty());
  EXPECT_TRUE(BytesEntries(*table_).empty());
  // The slots are reused in the new epoch.
  table_->RecordInt(kSite, 1, 2, 4, 0);
  EXPECT_EQ(IntEntries(*table_).size(), 1u);
}

// Requirement: one site comparing many values (a loop) keeps several of them, not only the
// last; repeating the same pair at the same site takes one slot.
TEST_F(CmpTableTest, OneSiteKeepsManyDistinctPairs) {
  for (uint64_t i = 0; i < 16; i++) table_->RecordInt(kSite, 1000 + i, 42, 4, 0);
  for (int repeat = 0; repeat < 10; repeat++) table_->RecordInt(kSite, 1000, 42, 4, 0);
  auto entries = IntEntries(*table_);
  std::set<uint64_t> kept;
  for (const auto& e : entries) {
    EXPECT_EQ(e.b, 42u);
    kept.insert(e.a);
  }
  EXPECT_EQ(kept.size(), entries.size()) << "a repeated pair took two slots";
  EXPECT_GE(kept.size(), 12u);  // 16 pairs hashed into 512 slots: few collide
}

// Requirement: a full table holds at most kIntSlots entries, each one a pair that was
// recorded; Collect honours its capacity.
TEST_F(CmpTableTest, CollectsAFullTableWithinCapacity) {
  for (uint64_t i = 0; i < 20 * kIntSlots; i++) table_->RecordInt(kSite + i % 7, i, ~i, 8, 0);
  auto entries = IntEntries(*table_);
  EXPECT_GT(entries.size(), kIntSlots * 9 / 10);
  EXPECT_LE(entries.size(), kIntSlots);
  for (const auto& e : entries) EXPECT_EQ(e.b, ~e.a);
  IntComparison few[5];
  EXPECT_EQ(table_->CollectIntComparisons(few, 5), 5u);
  EXPECT_EQ(table_->CollectIntComparisons(few, 0), 0u);
}

// Requirement: byte operands are copied (the caller's buffers may be gone), each cut to
// kMaxBytesOperand bytes with kTruncated set when longer.
TEST_F(CmpTableTest, BytesAreCopiedAndLongOperandsCut) {
  std::string a = "GET /index.html";
  std::string b = "POST";
  table_->RecordBytes(kSite, a.data(), a.size(), b.data(), b.size(), kCaseInsensitive);
  a.assign(a.size(), 'x');  // the table must not point into the caller's buffer
  std::string long_a(200, 'L');
  std::string long_b(kMaxBytesOperand, 'M');
  table_->RecordBytes(kSite + 1, long_a.data(), long_a.size(), long_b.data(), long_b.size(), 0);
  auto entries = BytesEntries(*table_);
  ASSERT_EQ(entries.size(), 2u);
  bool saw_short = false, saw_long = false;
  for (const auto& e : entries) {
    if (e.size_b == 4) {
      saw_short = true;
      EXPECT_EQ(OperandA(e), "GET /index.html");
      EXPECT_EQ(OperandB(e), "POST");
      EXPECT_EQ(e.flags, kCaseInsensitive);
    } else {
      saw_long = true;
      EXPECT_EQ(OperandA(e), std::string(kMaxBytesOperand, 'L'));
      EXPECT_EQ(OperandB(e), long_b);
      EXPECT_EQ(e.flags, kTruncated);
    }
  }
  EXPECT_TRUE(saw_short && saw_long);
}

// Requirement: a site comparing against many strings (a keyword table) keeps several.
TEST_F(CmpTableTest, OneSiteKeepsSeveralByteStrings) {
  const char* keywords[] = {"while", "for", "if", "else", "return", "break", "case", "goto"};
  for (const char* k : keywords) table_->RecordBytes(kSite, "token", 5, k, std::strlen(k), 0);
  EXPECT_GE(BytesEntries(*table_).size(), 6u);  // 8 strings hashed into 64 slots
}

// Requirement: value profile sets bit (equal bits - 1) in the site's word, names that word in
// the touched list once, and a drain hands it over and clears it.
TEST_F(CmpTableTest, ValueProfileSetsTheEqualBitsFeature) {
  table_->set_value_profile_enabled(true);
  // 0x0F vs 0x0E as 4-byte operands: 31 equal bits, feature bit 30.
  table_->RecordInt(kSite, 0x0F, 0x0E, 4, 0);
  // The same site again with 32 equal bits (equality): bit 31 in the same word.
  table_->RecordInt(kSite, 5, 5, 4, 0);
  EXPECT_EQ(table_->num_touched_value_profile_words(), 1u);
  auto words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].first, ValueProfileSite(kSite));
  EXPECT_EQ(words[0].second, (uint64_t{1} << 30) | (uint64_t{1} << 31));
  EXPECT_EQ(table_->num_touched_value_profile_words(), 0u);
  EXPECT_TRUE(DrainedWords(*table_).empty());
  // After a drain the word counts as untouched again, and is listed anew.
  table_->RecordInt(kSite, 0, 0xFF, 1, 0);  // 0 equal bits: bit 0
  words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].second, 1u);
}

// Requirement: the feature counts equal bits in the operands' width only.
TEST(EqualBitsFeatureTest, CountsEqualBitsWithinTheWidth) {
  EXPECT_EQ(EqualBitsFeature(0, 0, 1), 7u);
  EXPECT_EQ(EqualBitsFeature(0, 0xFF, 1), 0u);
  EXPECT_EQ(EqualBitsFeature(0, 0x7F, 1), 0u);  // one equal bit shares bit 0 with none
  EXPECT_EQ(EqualBitsFeature(0, 0x3F, 1), 1u);
  EXPECT_EQ(EqualBitsFeature(0x1234, 0x1234, 2), 15u);
  EXPECT_EQ(EqualBitsFeature(~uint64_t{0}, ~uint64_t{0}, 8), 63u);
  EXPECT_EQ(EqualBitsFeature(0, 1, 8), 62u);
}

// Requirement: with value profile off (the default), no feature is recorded.
TEST_F(CmpTableTest, ValueProfileOffRecordsNoFeature) {
  EXPECT_FALSE(table_->value_profile_enabled());
  table_->RecordInt(kSite, 1, 2, 4, 0);
  table_->RecordBytes(kSite, "ab", 2, "ac", 2, 0);
  EXPECT_EQ(table_->num_touched_value_profile_words(), 0u);
  EXPECT_TRUE(DrainedWords(*table_).empty());
}

// Requirement: byte comparisons add the feature "common prefix of n bytes" (case-folded for
// case-insensitive ones); substring searches add none.
TEST_F(CmpTableTest, ValueProfileCountsTheCommonPrefix) {
  table_->set_value_profile_enabled(true);
  table_->RecordBytes(kSite, "abcX", 4, "abcY", 4, 0);
  table_->RecordBytes(kSite + 1, "HELLO", 5, "helium", 6, kCaseInsensitive);
  table_->RecordBytes(kSite + 2, "haystack", 8, "needle", 6, kSubstringSearch);
  auto words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 2u);
  for (auto [index, word] : words) {
    if (index == ValueProfileSite(kSite)) {
      EXPECT_EQ(word, uint64_t{1} << 3);
    } else {
      EXPECT_EQ(index, ValueProfileSite(kSite + 1));
      EXPECT_EQ(word, uint64_t{1} << 3);  // "hel"
    }
  }
}

// Requirement: ClearValueProfile forgets the features of an execution that must not count.
TEST_F(CmpTableTest, ClearValueProfileForgetsFeatures) {
  table_->set_value_profile_enabled(true);
  for (uint64_t i = 0; i < 1000; i++) table_->RecordInt(kSite + i, i, 0, 8, 0);
  EXPECT_GT(table_->num_touched_value_profile_words(), 100u);
  table_->ClearValueProfile();
  EXPECT_EQ(table_->num_touched_value_profile_words(), 0u);
  EXPECT_TRUE(DrainedWords(*table_).empty());
}

// Requirement: every site's word is within the bitmap, and nearby call sites spread out.
TEST(ValueProfileSiteTest, SitesStayInRangeAndSpread) {
  std::set<size_t> sites;
  for (uintptr_t pc = 0x401000; pc < 0x401000 + 256; pc++) {
    size_t site = ValueProfileSite(pc);
    EXPECT_LT(site, kValueProfileSites);
    sites.insert(site);
  }
  EXPECT_GT(sites.size(), 240u);
}

}  // namespace
}  // namespace hivefuzz::cmp
