#include "mutator/number_mutation.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace hivefuzz {
namespace {

// Applies ChangeDecimalNumber to `input` in a buffer of max_size bytes; the result in *out.
bool Change(const std::string& input, size_t max_size, Rng& rng, std::string* out) {
  std::vector<uint8_t> buf(max_size + 1);
  std::memcpy(buf.data(), input.data(), input.size());
  size_t size = input.size();
  bool changed = ChangeDecimalNumber(buf.data(), &size, max_size, rng);
  out->assign(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(size));
  return changed;
}

TEST(NumberMutationTest, NoDigitNoChange) {
  Rng rng(1);
  std::string out;
  EXPECT_FALSE(Change("", 16, rng, &out));
  EXPECT_FALSE(Change("no digits here", 32, rng, &out));
  EXPECT_EQ(out, "no digits here");
}

TEST(NumberMutationTest, ChangesTheNumberAndKeepsTheRest) {
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 400; seed++) {
    Rng rng(seed);
    std::string out;
    ASSERT_TRUE(Change("{\"a\": 41}", 64, rng, &out));
    ASSERT_TRUE(out.starts_with("{\"a\": ") && out.ends_with("}")) << out;
    std::string number = out.substr(6, out.size() - 7);
    ASSERT_FALSE(number.empty());
    ASSERT_EQ(number.find_first_not_of("0123456789"), std::string::npos) << out;
    EXPECT_NE(number, "41");
    seen.insert(number);
  }
  // One more, one less, half, double, and boundaries all occur.
  for (const char* expected : {"42", "40", "20", "82", "0", "65535", "4294967296"}) {
    EXPECT_TRUE(seen.contains(expected)) << expected;
  }
}

TEST(NumberMutationTest, GrowsAndShrinksTheText) {
  bool grew = false, shrank = false;
  for (uint64_t seed = 1; seed <= 200; seed++) {
    Rng rng(seed);
    std::string out;
    ASSERT_TRUE(Change("x{9}", 64, rng, &out));
    grew |= out == "x{10}";
    Rng rng2(seed);
    ASSERT_TRUE(Change("x{10}", 64, rng2, &out));
    shrank |= out == "x{9}" || out == "x{5}";
  }
  EXPECT_TRUE(grew);
  EXPECT_TRUE(shrank);
}

TEST(NumberMutationTest, FindsTheDigitsFromAnywhere) {
  // The only digits are before most start offsets: the search wraps around.
  for (uint64_t seed = 1; seed <= 50; seed++) {
    Rng rng(seed);
    std::string out;
    ASSERT_TRUE(Change("7 abcdefghijklmnopqrstuvwxyz", 64, rng, &out));
    EXPECT_TRUE(out.ends_with(" abcdefghijklmnopqrstuvwxyz")) << out;
  }
}

TEST(NumberMutationTest, NeverPassesMaxSize) {
  for (uint64_t seed = 1; seed <= 300; seed++) {
    Rng rng(seed);
    std::string out;
    // Full buffer: only a change that keeps or cuts the digit count applies.
    if (Change("99", 2, rng, &out)) {
      EXPECT_LE(out.size(), 2u);
    } else {
      EXPECT_EQ(out, "99");
    }
  }
}

TEST(NumberMutationTest, LongDigitRunsReadAtMost19Digits) {
  std::string digits(40, '1');
  for (uint64_t seed = 1; seed <= 100; seed++) {
    Rng rng(seed);
    std::string out;
    ASSERT_TRUE(Change(digits, 128, rng, &out));
    EXPECT_EQ(out.find_first_not_of("0123456789"), std::string::npos);
    EXPECT_LE(out.size(), 41u);  // 19 digits became at most 20
  }
}

}  // namespace
}  // namespace hivefuzz
