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

// Requirement: SHA-256 hex, from which Go names corpus files (known answers from FIPS 180).
TEST(ContentHashTest, Sha256KnownAnswers) {
  EXPECT_EQ(Sha256Hex(nullptr, 0),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const uint8_t abc[] = {'a', 'b', 'c'};
  EXPECT_EQ(Sha256Hex(abc, 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace hivefuzz
