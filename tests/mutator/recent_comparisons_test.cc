#include "mutator/recent_comparisons.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hivefuzz {
namespace {

BytesComparison Pair(const std::string& a, const std::string& b) {
  auto bytes = [](const std::string& s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  return {MakeToken(bytes(a)), MakeToken(bytes(b))};
}

std::vector<std::string> Wanted(const RecentComparisons& recent) {
  std::vector<std::string> out;
  for (const BytesComparison& c : recent.entries()) {
    out.emplace_back(reinterpret_cast<const char*>(c.b.bytes), c.b.size);
  }
  return out;
}

TEST(RecentComparisonsTest, KeepsDistinctPairsOnce) {
  RecentComparisons recent(8);
  EXPECT_TRUE(recent.empty());
  recent.Remember(Pair("abcd", "from"));
  recent.Remember(Pair("abcd", "from"));
  recent.Remember(Pair("wxyz", "from"));  // another word against the same keyword
  recent.Remember(Pair("abcd", "into"));
  EXPECT_EQ(Wanted(recent), (std::vector<std::string>{"from", "from", "into"}));
}

TEST(RecentComparisonsTest, SkipsPairsThatTeachNothing) {
  RecentComparisons recent(8);
  recent.Remember(Pair("", "select"));
  recent.Remember(Pair("select", ""));
  recent.Remember(Pair("same", "same"));
  EXPECT_TRUE(recent.empty());
}

TEST(RecentComparisonsTest, ReplacesTheOldestOnceFull) {
  RecentComparisons recent(3);
  for (const char* keyword : {"k1", "k2", "k3", "k4", "k5"}) recent.Remember(Pair("w", keyword));
  // k1 was replaced by k4, then k2 by k5.
  EXPECT_EQ(Wanted(recent), (std::vector<std::string>{"k4", "k5", "k3"}));
  recent.Remember(Pair("w", "k3"));  // held: nothing moves
  EXPECT_EQ(Wanted(recent), (std::vector<std::string>{"k4", "k5", "k3"}));
  recent.Remember(Pair("w", "k6"));  // replaces the oldest, k3
  EXPECT_EQ(Wanted(recent), (std::vector<std::string>{"k4", "k5", "k6"}));
}

}  // namespace
}  // namespace hivefuzz
