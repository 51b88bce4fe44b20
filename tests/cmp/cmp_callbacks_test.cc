// Tests of the trace-cmp callbacks and the weak hooks as the compiler and the sanitizer
// runtimes call them: operands, sizes and flags reach the calling thread's table, and only it.
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmp/callbacks.h"
#include "cmp/cmp_table.h"
#include "cmp_test_util.h"

namespace hivefuzz::cmp {
namespace {

using CmpCallbacksTest = CmpTableFixture;

struct IntCase {
  const char* name;
  void (*call)();
  IntComparison expected;
};

// Requirement: each integer callback records its operands in order, zero-extended, with its
// width and whether the first operand is the compile-time constant.
TEST_F(CmpCallbacksTest, EveryIntegerCallbackRecordsOperandsAndSize) {
  const IntCase cases[] = {
      {"cmp1", [] { __sanitizer_cov_trace_cmp1(0xfe, 0x01); }, {0xfe, 0x01, 1, 0}},
      {"cmp2", [] { __sanitizer_cov_trace_cmp2(0xfffe, 0x1234); }, {0xfffe, 0x1234, 2, 0}},
      {"cmp4", [] { __sanitizer_cov_trace_cmp4(0xdeadbeef, 7); }, {0xdeadbeef, 7, 4, 0}},
      {"cmp8",
       [] { __sanitizer_cov_trace_cmp8(0x0123456789abcdefULL, ~uint64_t{0}); },
       {0x0123456789abcdefULL, ~uint64_t{0}, 8, 0}},
      {"const_cmp1",
       [] { __sanitizer_cov_trace_const_cmp1('A', 'z'); },
       {'A', 'z', 1, kFirstIsConstant}},
      {"const_cmp2",
       [] { __sanitizer_cov_trace_const_cmp2(0x8000, 3); },
       {0x8000, 3, 2, kFirstIsConstant}},
      {"const_cmp4",
       [] { __sanitizer_cov_trace_const_cmp4(0x4d5a9000, 0x80000000); },
       {0x4d5a9000, 0x80000000, 4, kFirstIsConstant}},
      {"const_cmp8",
       [] { __sanitizer_cov_trace_const_cmp8(0xcafebabe00000000ULL, 1); },
       {0xcafebabe00000000ULL, 1, 8, kFirstIsConstant}},
      {"div4",
       [] { __sanitizer_cov_trace_div4(0xffffffff); },
       {0xffffffff, 0, 4, kSecondIsConstant | kFromDivision}},
      {"div8",
       [] { __sanitizer_cov_trace_div8(1ULL << 40); },
       {1ULL << 40, 0, 8, kSecondIsConstant | kFromDivision}},
      {"gep",
       [] { __sanitizer_cov_trace_gep(uintptr_t{12345}); },
       {12345, 0, sizeof(uintptr_t), kSecondIsConstant | kFromArrayIndex}},
  };
  for (const IntCase& c : cases) {
    SCOPED_TRACE(c.name);
    Execute(c.call);
    auto entries = IntEntries(*table_);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].a, c.expected.a);
    EXPECT_EQ(entries[0].b, c.expected.b);
    EXPECT_EQ(entries[0].size, c.expected.size);
    EXPECT_EQ(entries[0].flags, c.expected.flags);
  }
}

// One call instruction, whatever the caller's loop unrolling: one compare site.
__attribute__((noinline)) void CompareAtOneSite(uint32_t a, uint32_t b) {
  __sanitizer_cov_trace_cmp4(a, b);
  asm volatile("");  // keeps the call a call, not a tail jump from the caller's sites
}

// Requirement: a loop comparing many values at one site keeps several of them.
TEST_F(CmpCallbacksTest, LoopAtOneSiteKeepsSeveralPairs) {
  Execute([] {
    for (uint32_t i = 0; i < 16; i++) CompareAtOneSite(100 + i, 0x4b4f);
  });
  std::set<uint64_t> kept;
  for (const auto& e : IntEntries(*table_)) {
    EXPECT_EQ(e.b, 0x4b4fu);
    EXPECT_GE(e.a, 100u);
    EXPECT_LT(e.a, 116u);
    kept.insert(e.a);
  }
  EXPECT_GE(kept.size(), 12u);
}

// Requirement: a switch records the value against its case values, with the case as the
// constant and the switch's width.
TEST_F(CmpCallbacksTest, SwitchRecordsValueAgainstEachCase) {
  uint64_t cases[] = {3, 16, 10, 200, 0x4000};
  Execute([&] { __sanitizer_cov_trace_switch(0x4001, cases); });
  auto entries = IntEntries(*table_);
  // Three cases at three pseudo-sites of 512 slots: at most one can collide.
  ASSERT_GE(entries.size(), 2u);
  for (const auto& e : entries) {
    EXPECT_EQ(e.a, 0x4001u);
    EXPECT_TRUE(e.b == 10 || e.b == 200 || e.b == 0x4000) << e.b;
    EXPECT_EQ(e.size, 2);
    EXPECT_EQ(e.flags, kSecondIsConstant | kFromSwitch);
  }
}

// Requirement: a large switch costs bounded work: kMaxSwitchCasesRecorded cases at most, half
// the ones nearest to the value (the compiler sorts them), half spread over all of them from an
// offset that moves from call to call, so that a case far from every value the input gives
// (libpng's "IHDR" against ancillary chunk names) is still offered within a few executions.
TEST_F(CmpCallbacksTest, LargeSwitchRecordsTheNearestAndASpreadOfTheRest) {
  constexpr size_t kCases = 100;
  std::vector<uint64_t> cases = {kCases, 32};
  for (uint64_t v = 0; v < kCases; v++) cases.push_back(v * 10);  // 0, 10, ..., 990
  std::set<uint64_t> seen;
  constexpr size_t kSpread = kMaxSwitchCasesRecorded / 2;
  const size_t stride = (kCases + kSpread - 1) / kSpread;
  for (size_t call = 0; call < stride; call++) {
    Execute([&] { __sanitizer_cov_trace_switch(505, cases.data()); });
    auto entries = IntEntries(*table_);
    EXPECT_LE(entries.size(), kMaxSwitchCasesRecorded);
    std::set<uint64_t> recorded;
    for (const auto& e : entries) {
      EXPECT_EQ(e.a, 505u);
      EXPECT_EQ(e.size, 4);
      recorded.insert(e.b);
    }
    // The window of 16 around 505 (cases 430 .. 580), less what slot collisions dropped.
    size_t nearest = 0;
    for (uint64_t b = 430; b <= 580; b += 10) nearest += recorded.count(b);
    EXPECT_GE(nearest, 12u);
    seen.insert(recorded.begin(), recorded.end());
  }
  // Across `stride` calls the spread visited every case (collisions in the table aside), the
  // ones farthest from the value too.
  EXPECT_GE(seen.size(), kCases - 10);
  // The farthest cases on both sides, each a slot collision away from being lost in its call.
  auto seen_any = [&](uint64_t from, uint64_t to) {
    for (uint64_t b = from; b <= to; b += 10) {
      if (seen.contains(b)) return true;
    }
    return false;
  };
  EXPECT_TRUE(seen_any(0, 40) && seen_any(950, 990));
  // A small switch records all its cases.
  std::vector<uint64_t> small = {20, 32};
  for (uint64_t v = 0; v < 20; v++) small.push_back(v);
  Execute([&] { __sanitizer_cov_trace_switch(3, small.data()); });
  // 20 cases in 512 slots: a collision or two (their places depend on where the binary was
  // loaded) may drop some, rarely more than 4.
  EXPECT_GE(IntEntries(*table_).size(), 16u);
}

// Requirement: with only a bytes table set (a sample of a worker's untraced executions), the
// byte-string hooks record into it and the integer callbacks record nothing; a traced
// execution's table (SetThreadTable) takes precedence; with neither, nothing is recorded.
TEST_F(CmpCallbacksTest, BytesTableRecordsByteStringsOnly) {
  table_->StartExecution();
  SetThreadBytesTable(table_);
  __sanitizer_cov_trace_cmp4(1, 2);
  __sanitizer_cov_trace_const_cmp8(3, 4);
  __sanitizer_weak_hook_memcmp(nullptr, "wxyz", "from", 4, 1);
  __sanitizer_weak_hook_strcmp(nullptr, "ab", "select", -1);
  SetThreadBytesTable(nullptr);
  __sanitizer_weak_hook_memcmp(nullptr, "abcd", "into", 4, -1);  // no table: not recorded
  EXPECT_TRUE(IntEntries(*table_).empty());
  std::set<std::string> wanted;
  for (const auto& e : BytesEntries(*table_)) wanted.insert(OperandB(e));
  EXPECT_EQ(wanted, (std::set<std::string>{"from", "select"}));

  CmpTable* traced = AllocateTable();
  traced->StartExecution();
  table_->StartExecution();
  SetThreadBytesTable(table_);
  SetThreadTable(traced);
  __sanitizer_weak_hook_memcmp(nullptr, "abcd", "into", 4, -1);
  SetThreadTable(nullptr);
  SetThreadBytesTable(nullptr);
  EXPECT_EQ(BytesEntries(*traced).size(), 1u);
  EXPECT_TRUE(BytesEntries(*table_).empty());
  FreeTable(traced);
}

// Requirement: the hooks record the comparison's own call site (called_pc) for the value
// profile, and skip equal comparisons and successful searches.
TEST_F(CmpCallbacksTest, HooksRecordDifferingOperandsAtTheCallersSite) {
  auto* site = reinterpret_cast<void*>(uintptr_t{0x7000'0000'1000});
  table_->set_value_profile_enabled(true);
  Execute([&] {
    __sanitizer_weak_hook_memcmp(site, "abcdef", "abcxyz", 6, -1);
    __sanitizer_weak_hook_memcmp(site, "same", "same", 4, 0);
    __sanitizer_weak_hook_strstr(site, "haystack", "hay", const_cast<char*>("haystack"));
    __sanitizer_weak_hook_memmem(site, "haystack", 8, "st", 2, const_cast<char*>("stack"));
  });
  auto entries = BytesEntries(*table_);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(OperandA(entries[0]), "abcdef");
  EXPECT_EQ(OperandB(entries[0]), "abcxyz");
  auto words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].first, ValueProfileSite(reinterpret_cast<uintptr_t>(site)));
  EXPECT_EQ(words[0].second, uint64_t{1} << 3);  // common prefix "abc"
}

// Requirement: the string hooks read no further than the terminator or n, whichever is first.
TEST_F(CmpCallbacksTest, StringHooksStopAtTheTerminatorAndAtN) {
  Execute([] {
    __sanitizer_weak_hook_strncmp(nullptr, "abcdefgh", "abcDEFGH", 5, 1);
    __sanitizer_weak_hook_strcmp(nullptr, "ab\0hidden", "xy", -1);
  });
  auto entries = BytesEntries(*table_);
  ASSERT_EQ(entries.size(), 2u);
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& e : entries) seen.emplace(OperandA(e), OperandB(e));
  EXPECT_TRUE(seen.count({"abcde", "abcDE"}));
  EXPECT_TRUE(seen.count({"ab", "xy"}));
}

// Requirement: value profile through the callbacks: a known equal-bit count sets the expected
// bit of one site's word; with value profile off nothing is set.
TEST_F(CmpCallbacksTest, ValueProfileThroughCallbacks) {
  Execute([] { __sanitizer_cov_trace_cmp4(0x0F, 0x0E); });
  EXPECT_TRUE(DrainedWords(*table_).empty());
  table_->set_value_profile_enabled(true);
  Execute([] { __sanitizer_cov_trace_cmp4(0x0F, 0x0E); });
  auto words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_LT(words[0].first, kValueProfileWords);
  EXPECT_EQ(words[0].second, uint64_t{1} << 30);  // 31 equal bits
}

void CallEveryCallback() {
  uint64_t cases[] = {2, 8, 1, 2};
  __sanitizer_cov_trace_cmp1(1, 2);
  __sanitizer_cov_trace_cmp2(1, 2);
  __sanitizer_cov_trace_cmp4(1, 2);
  __sanitizer_cov_trace_cmp8(1, 2);
  __sanitizer_cov_trace_const_cmp1(1, 2);
  __sanitizer_cov_trace_const_cmp2(1, 2);
  __sanitizer_cov_trace_const_cmp4(1, 2);
  __sanitizer_cov_trace_const_cmp8(1, 2);
  __sanitizer_cov_trace_switch(3, cases);
  __sanitizer_cov_trace_div4(5);
  __sanitizer_cov_trace_div8(5);
  __sanitizer_cov_trace_gep(5);
  __sanitizer_weak_hook_memcmp(nullptr, "a", "b", 1, -1);
  __sanitizer_weak_hook_strncmp(nullptr, "a", "b", 1, -1);
  __sanitizer_weak_hook_strcmp(nullptr, "a", "b", -1);
  __sanitizer_weak_hook_strncasecmp(nullptr, "a", "b", 1, -1);
  __sanitizer_weak_hook_strcasecmp(nullptr, "a", "b", -1);
  __sanitizer_weak_hook_strstr(nullptr, "a", "b", nullptr);
  __sanitizer_weak_hook_strcasestr(nullptr, "a", "b", nullptr);
  __sanitizer_weak_hook_memmem(nullptr, "a", 1, "b", 1, nullptr);
}

// Requirement: a thread without a table (any thread the engine did not set up) records
// nothing, anywhere, and does not crash.
TEST_F(CmpCallbacksTest, ThreadWithoutTableRecordsNothing) {
  table_->set_value_profile_enabled(true);
  SetThreadTable(table_);
  table_->StartExecution();
  std::thread other([] {
    EXPECT_EQ(ThreadTable(), nullptr);
    CallEveryCallback();
  });
  other.join();
  SetThreadTable(nullptr);
  EXPECT_TRUE(IntEntries(*table_).empty());
  EXPECT_TRUE(BytesEntries(*table_).empty());
  EXPECT_EQ(table_->num_touched_value_profile_words(), 0u);
  // And the same calls on this thread, with its table set, do land in it.
  Execute(CallEveryCallback);
  EXPECT_FALSE(IntEntries(*table_).empty());
  EXPECT_FALSE(BytesEntries(*table_).empty());
}

// Requirement: threads with their own tables never see each other's comparisons, while they
// record concurrently (run under TSan too: no shared writes).
TEST(CmpThreadsTest, ThreadsNeverSeeEachOthersEntries) {
  constexpr int kThreads = 4;
  constexpr uint64_t kRounds = 200;
  std::vector<CmpTable*> tables;
  for (int t = 0; t < kThreads; t++) tables.push_back(AllocateTable());
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  std::vector<int> foreign(kThreads, 0), own(kThreads, 0);
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      CmpTable* table = tables[t];
      table->set_value_profile_enabled(true);
      SetThreadTable(table);
      start.arrive_and_wait();
      for (uint64_t round = 0; round < kRounds; round++) {
        table->StartExecution();
        uint64_t base = uint64_t(t) << 32;
        for (uint64_t i = 0; i < 50; i++) __sanitizer_cov_trace_cmp8(base + round * 50 + i, base);
        __sanitizer_weak_hook_memcmp(nullptr, &base, "zzzzzzzz", 8, -1);
        // Read this execution's entries while the other threads keep writing theirs.
        for (const auto& e : IntEntries(*table)) {
          (e.b == base && (e.a >> 32) == uint64_t(t) ? own : foreign)[t]++;
        }
        for (const auto& e : BytesEntries(*table)) {
          uint64_t a;
          std::copy(e.a, e.a + 8, reinterpret_cast<uint8_t*>(&a));
          (a == base ? own : foreign)[t]++;
        }
        table->ClearValueProfile();
      }
      SetThreadTable(nullptr);
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; t++) {
    EXPECT_EQ(foreign[t], 0) << "thread " << t;
    EXPECT_GT(own[t], int(kRounds) * 40) << "thread " << t;
    FreeTable(tables[t]);
  }
}

}  // namespace
}  // namespace hivefuzz::cmp
