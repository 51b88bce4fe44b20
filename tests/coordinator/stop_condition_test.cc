#include "coordinator/stop_condition.h"

#include <gtest/gtest.h>

namespace hivefuzz {
namespace {

// Requirement: the first stop reason wins; later ones do not overwrite it.
TEST(StopConditionTest, FirstReasonWins) {
  StopCondition stop;
  EXPECT_FALSE(stop.stop_requested());
  stop.RequestStop(StopReason::kInterrupted);
  stop.RequestStop(StopReason::kTimeLimit);
  EXPECT_TRUE(stop.stop_requested());
  EXPECT_EQ(stop.reason(), StopReason::kInterrupted);
  EXPECT_STREQ(StopReasonText(stop.reason()), "interrupted");
}

}  // namespace
}  // namespace hivefuzz
