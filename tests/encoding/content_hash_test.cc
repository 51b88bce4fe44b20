#include "encoding/content_hash.h"

#include <gtest/gtest.h>

namespace hivefuzz {
namespace {

// Requirement: SHA-1 hex as libFuzzer names files (known answers from FIPS 180).
TEST(ContentHashTest, Sha1KnownAnswers) {
  EXPECT_EQ(Sha1Hex(nullptr, 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  const uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(Sha1Hex(abc, 3), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

}  // namespace
}  // namespace hivefuzz
