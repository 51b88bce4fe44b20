#include "options/child_protocol.h"

#include <gtest/gtest.h>

namespace hivefuzz {
namespace {

// Requirement: the minimizing child's parameters survive the trip through the environment.
TEST(ChildProtocolTest, MinimizeParamsRoundTrip) {
  MinimizeChildParams p;
  p.decided = 42;
  p.accepted = {3, 17, 42};
  p.max_runs = 7;
  p.time_ms = 60000;
  std::string text = FormatMinimizeParams(p);
  EXPECT_EQ(text, "42,7,60000:3,17,42");
  auto back = ParseMinimizeParams(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->decided, 42u);
  EXPECT_EQ(back->accepted, (std::vector<uint64_t>{3, 17, 42}));
  EXPECT_EQ(back->max_runs, 7u);
  EXPECT_EQ(back->time_ms, 60000u);
  auto none = ParseMinimizeParams("0,0,0");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->accepted.empty());
}

// Requirement: a malformed value is refused (answers out of order, beyond `decided`, junk).
TEST(ChildProtocolTest, MalformedMinimizeParamsAreRefused) {
  for (const char* bad :
       {"", "1,2", "x,1,1", "5,0,0:6", "5,0,0:3,2", "5,0,0:0", "5,0,0;1", "5,0,0:1;2", "5,0,0:a"}) {
    EXPECT_FALSE(ParseMinimizeParams(bad).ok()) << bad;
  }
}

// Requirement (-keep_going): where the stats rows left off survives the trip to the restarted
// engine.
TEST(ChildProtocolTest, StatsBaseRoundTrip) {
  StatsBase base{12'000'000'000, 2, {100, 250}};
  std::string text = FormatStatsBase(base);
  EXPECT_EQ(text, "12000000000,2:100,250");
  auto back = ParseStatsBase(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->elapsed_ns, 12'000'000'000u);
  EXPECT_EQ(back->failures, 2u);
  EXPECT_EQ(back->worker_execs, (std::vector<uint64_t>{100, 250}));
  auto no_workers = ParseStatsBase("5,0");
  ASSERT_TRUE(no_workers.ok());
  EXPECT_TRUE(no_workers->worker_execs.empty());
}

// Error-guessing: malformed values are refused rather than read as zeros.
TEST(ChildProtocolTest, MalformedStatsBaseIsRefused) {
  for (const char* bad : {"", "5", "5,", ",5", "5,1:", "5,1:2,", "5,1:2::3", "5:1", "5,1,2", "-5,1",
                          "5, 1", "5,1:x", "a,b", "5,1:2,-3"}) {
    EXPECT_FALSE(ParseStatsBase(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace hivefuzz
