#include "target/target.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hivefuzz {
namespace {

size_t g_last_size;
const uint8_t* g_last_data;

int Record(const uint8_t* data, size_t size) {
  g_last_data = data;
  g_last_size = size;
  return size == 3 ? -1 : 0;
}
int Throws(const uint8_t*, size_t) { throw std::runtime_error("boom"); }
// Writes to its const input, as careless targets do (strtok, in-place unescaping).
int Scribbles(const uint8_t* data, size_t size) {
  if (size > 0) const_cast<uint8_t*>(data)[0] ^= 1;
  return 0;
}
int ThrowsInt(const uint8_t*, size_t) { throw 7; }

// Requirement: -1 means "reject"; other returns are ordinary executions.
TEST(TargetTest, ReturnValues) {
  std::string text;
  const uint8_t data[4] = {1, 2, 3, 4};
  EXPECT_EQ(Target(Record, false).Run(data, 4, nullptr, &text), ExecOutcome::kOk);
  EXPECT_EQ(g_last_data, data);
  EXPECT_EQ(Target(Record, false).Run(data, 3, nullptr, &text), ExecOutcome::kRejected);
}

// Requirement: with exact copies the target sees its own buffer of exactly `size` bytes.
TEST(TargetTest, ExactCopy) {
  std::string text;
  const uint8_t data[4] = {1, 2, 3, 4};
  EXPECT_EQ(Target(Record, true).Run(data, 2, nullptr, &text), ExecOutcome::kOk);
  EXPECT_NE(g_last_data, data);
  EXPECT_EQ(g_last_size, 2u);
}

// Requirement: the target gets a copy in the scratch buffer; the caller's bytes stay as they
// were, and a target that writes to its input is told apart from one that does not.
TEST(TargetTest, OverwriteOfTheConstInputIsDetected) {
  std::string text;
  const uint8_t data[4] = {1, 2, 3, 4};
  uint8_t scratch[4] = {};
  for (bool exact_copy : {false, true}) {
    EXPECT_EQ(Target(Record, exact_copy).Run(data, 4, scratch, &text), ExecOutcome::kOk);
    EXPECT_NE(g_last_data, data);
    EXPECT_EQ(Target(Scribbles, exact_copy).Run(data, 4, scratch, &text), ExecOutcome::kOverwrote);
    EXPECT_EQ(data[0], 1) << "the original input is intact";
  }
  EXPECT_EQ(Target(Record, false).Run(data, 4, scratch, &text), ExecOutcome::kOk);
  EXPECT_EQ(g_last_data, scratch);
}

// Requirement: exceptions stop at the boundary and say what was thrown.
TEST(TargetTest, ExceptionsAreOutcomes) {
  std::string text;
  EXPECT_EQ(Target(Throws, false).Run(nullptr, 0, nullptr, &text), ExecOutcome::kException);
  EXPECT_NE(text.find("boom"), std::string::npos);
  EXPECT_EQ(Target(ThrowsInt, false).Run(nullptr, 0, nullptr, &text), ExecOutcome::kException);
  EXPECT_NE(text.find("not derived"), std::string::npos);
}

}  // namespace
}  // namespace hivefuzz
