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

}  // namespace
}  // namespace hivefuzz
