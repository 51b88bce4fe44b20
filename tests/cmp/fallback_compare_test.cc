// Tests that the fallback comparisons hf_cmp_interceptors uses while dlsym runs agree with the
// C library on random inputs over a small alphabet (so that equal prefixes, case differences
// and matches are common). Built with -fno-builtin, as interceptors.cc is.
#include "cmp/fallback_compare.h"

#include <gtest/gtest.h>
#include <strings.h>

#include <cstring>
#include <random>
#include <string>

namespace hivefuzz::cmp {
namespace {

int Sign(int v) { return (v > 0) - (v < 0); }

std::string RandomString(std::mt19937& rng, size_t max_len) {
  static constexpr char kAlphabet[] = "aAbB\x80\xff";
  std::string s(rng() % (max_len + 1), ' ');
  for (char& c : s) c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
  return s;
}

// Requirement: same sign as memcmp, strcmp, strncmp, strcasecmp and strncasecmp.
TEST(FallbackCompareTest, ComparisonsAgreeWithTheCLibrary) {
  std::mt19937 rng(1);
  for (int i = 0; i < 20000; i++) {
    std::string a = RandomString(rng, 6), b = RandomString(rng, 6);
    size_t n = rng() % 8;
    SCOPED_TRACE(testing::Message() << '"' << a << "\" \"" << b << "\" n=" << n);
    size_t common = std::min(a.size(), b.size());
    ASSERT_EQ(Sign(fallback::Memcmp(a.data(), b.data(), common)),
              Sign(memcmp(a.data(), b.data(), common)));
    ASSERT_EQ(Sign(fallback::Strncmp(a.c_str(), b.c_str(), SIZE_MAX, false)),
              Sign(strcmp(a.c_str(), b.c_str())));
    ASSERT_EQ(Sign(fallback::Strncmp(a.c_str(), b.c_str(), n, false)),
              Sign(strncmp(a.c_str(), b.c_str(), n)));
    ASSERT_EQ(Sign(fallback::Strncmp(a.c_str(), b.c_str(), SIZE_MAX, true)),
              Sign(strcasecmp(a.c_str(), b.c_str())));
    ASSERT_EQ(Sign(fallback::Strncmp(a.c_str(), b.c_str(), n, true)),
              Sign(strncasecmp(a.c_str(), b.c_str(), n)));
  }
}

// Requirement: the same match as strstr, strcasestr and memmem (the first one), or none.
TEST(FallbackCompareTest, SearchesAgreeWithTheCLibrary) {
  std::mt19937 rng(2);
  for (int i = 0; i < 20000; i++) {
    std::string hay = RandomString(rng, 10), needle = RandomString(rng, 3);
    SCOPED_TRACE(testing::Message() << '"' << hay << "\" \"" << needle << '"');
    ASSERT_EQ(fallback::Strstr(hay.c_str(), needle.c_str(), false),
              strstr(hay.c_str(), needle.c_str()));
    ASSERT_EQ(fallback::Strstr(hay.c_str(), needle.c_str(), true),
              strcasestr(hay.c_str(), needle.c_str()));
    ASSERT_EQ(fallback::Memmem(hay.data(), hay.size(), needle.data(), needle.size(), false),
              memmem(hay.data(), hay.size(), needle.data(), needle.size()));
  }
}

}  // namespace
}  // namespace hivefuzz::cmp
