#include "options/child_protocol.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

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

// Regressions (self-fuzzing, targets/self/seeds/self_child_protocol/regress_*): the parsers take
// exactly what the formatters write. sscanf %lu and strtoull took a sign (and negated), skipped
// blanks, saturated on overflow, and the accepted list passed empty or with a trailing ','.
TEST(ChildProtocolTest, MinimizeParamsTakeOnlyWhatTheFormatterWrites) {
  // The findings: regress_minimize_negative, _blank, _empty_list, _trailing_comma, _overflow.
  const char* findings[] = {"-1,0,0", "0, 0,0", "0,0,0:", "5,0,0:1,", "18446744073709551616,0,0"};
  const char* others[] = {"+1,0,0",
                          " 1,0,0",
                          "1,0,0 ",
                          "0x1,0,0",
                          "1,0,0,",
                          ",1,0,0",
                          "1,,0,0",
                          "1,0,0:1,,",
                          "5,0,0:,1",
                          "5,0,0:1::2",
                          "5,0,0::1",
                          "5,0,0:-1",
                          "5,0,0: 1",
                          "5,0,0:1 ",
                          "01,0,0",
                          "5,0,0:01",
                          "5,0,0:1,02",
                          "1,0,0\n",
                          "1,0,0:1\t",
                          "99999999999999999999,0,0",
                          "1,0,18446744073709551616"};
  std::vector<const char*> bad(std::begin(findings), std::end(findings));
  bad.insert(bad.end(), std::begin(others), std::end(others));
  for (const char* text : bad) {
    auto p = ParseMinimizeParams(text);
    EXPECT_FALSE(p.ok()) << text;
    if (!p.ok()) EXPECT_NE(p.status().message().find("HIVEFUZZ_MINIMIZE="), std::string::npos);
  }
  // The extremes the formatter writes are taken back exactly.
  MinimizeChildParams max;
  max.decided = UINT64_MAX;
  max.accepted = {1, UINT64_MAX};
  max.max_runs = UINT64_MAX;
  max.time_ms = 0;
  std::string text = FormatMinimizeParams(max);
  EXPECT_EQ(text, "18446744073709551615,18446744073709551615,0:1,18446744073709551615");
  auto back = ParseMinimizeParams(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->decided, UINT64_MAX);
  EXPECT_EQ(back->accepted, (std::vector<uint64_t>{1, UINT64_MAX}));
  EXPECT_EQ(back->max_runs, UINT64_MAX);
  EXPECT_EQ(back->time_ms, 0u);
}

// Regression (self-fuzzing, regress_stats_base_overflow): 20 digits were allowed and strtoull
// saturated "20000000000000000000" to UINT64_MAX; other formatter-only rules checked as well.
TEST(ChildProtocolTest, StatsBaseTakesOnlyWhatTheFormatterWrites) {
  for (const char* bad : {"0,20000000000000000000", "18446744073709551616,0",
                          "0,0:18446744073709551616", "0,0:1,99999999999999999999", "+5,1", "5,+1",
                          "5,1:+2", "05,1", "5,1:00", "0x5,1", "5,1 ", " 5,1"}) {
    auto b = ParseStatsBase(bad);
    EXPECT_FALSE(b.ok()) << bad;
    if (!b.ok()) EXPECT_NE(b.status().message().find("HIVEFUZZ_STATS_BASE="), std::string::npos);
  }
  StatsBase max{UINT64_MAX, UINT64_MAX, {0, UINT64_MAX}};
  auto back = ParseStatsBase(FormatStatsBase(max));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->elapsed_ns, UINT64_MAX);
  EXPECT_EQ(back->failures, UINT64_MAX);
  EXPECT_EQ(back->worker_execs, (std::vector<uint64_t>{0, UINT64_MAX}));
}

// Requirement (-keep_going): what is left of -fuzztime / -runs survives the trip to the
// restarted engine; anything the formatter does not write is refused (main.cc read it with
// sscanf "%llu,%llu", which took signs, blanks, overflow and trailing junk).
TEST(ChildProtocolTest, RemainingRoundTripAndStrictness) {
  EXPECT_EQ(FormatRemaining({12'000'000'000, 0}), "12000000000,0");
  for (RemainingLimits r : {RemainingLimits{0, 0}, RemainingLimits{12'000'000'000, 7},
                            RemainingLimits{UINT64_MAX, UINT64_MAX}}) {
    auto back = ParseRemaining(FormatRemaining(r));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->time_ns, r.time_ns);
    EXPECT_EQ(back->execs, r.execs);
  }
  for (const char* bad : {"", "5", "5,", ",5", "5,1,2", "5:1", "5,1:2", "-1,0", "0,-1", "+1,0",
                          " 1,0", "1, 0", "1,0 ", "01,0", "0x1,0", "18446744073709551616,0",
                          "0,18446744073709551616", "1,0junk", "a,b"}) {
    auto r = ParseRemaining(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_NE(r.status().message().find("HIVEFUZZ_REMAINING="), std::string::npos);
  }
}

// Requirement: a process worker's membership (hive descriptor, index, count) round-trips, and
// anything else is refused, naming the variable.
TEST(ChildProtocolTest, HiveMembershipRoundTripAndStrictness) {
  EXPECT_EQ(FormatHiveMembership({5, 1, 4}), "5,1,4");
  auto back = ParseHiveMembership("5,1,4");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->fd, 5u);
  EXPECT_EQ(back->index, 1u);
  EXPECT_EQ(back->processes, 4u);
  for (const char* bad : {"", "5", "5,1", "5,4,4", "5,5,4", "5,1,4,2", "5,-1,4", "05,1,4", "5,1,4 ",
                          "2147483648,0,1", "a,b,c", "5:1,4"}) {
    auto r = ParseHiveMembership(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_NE(r.status().message().find("HIVEFUZZ_HIVE="), std::string::npos);
  }
}

}  // namespace
}  // namespace hivefuzz
