#include "base/clock.h"

#include <gtest/gtest.h>

namespace hivefuzz {
namespace {

// Requirement: durations print as Go's Duration.String does for whole seconds.
TEST(ClockTest, FormatSecondsLikeGo) {
  EXPECT_EQ(FormatSeconds(0), "0s");
  EXPECT_EQ(FormatSeconds(3), "3s");
  EXPECT_EQ(FormatSeconds(60), "1m0s");
  EXPECT_EQ(FormatSeconds(3723), "1h2m3s");
  EXPECT_EQ(FormatSeconds(3600), "1h0m0s");
}

}  // namespace
}  // namespace hivefuzz
