#include "coordinator/exec_budget.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace hivefuzz {
namespace {

// Requirement: unlimited budgets grant everything and are never spent.
TEST(ExecBudgetTest, Unlimited) {
  ExecBudget b(0, 2);
  EXPECT_EQ(b.Claim(1000), 1000u);
  b.Finish(1000, 10);
  EXPECT_FALSE(b.Spent());
}

// Requirement: a claim is capped at ceil(limit / workers), as Go's per-dispatch limit.
TEST(ExecBudgetTest, ClaimCappedPerWorker) {
  ExecBudget b(1001, 2);
  EXPECT_EQ(b.Claim(5000), 501u);
  EXPECT_EQ(b.Claim(5000), 500u);
  EXPECT_EQ(b.Claim(1), 0u);
  EXPECT_FALSE(b.Spent());  // claimed is not executed
  b.Finish(501, 501);
  b.Finish(500, 400);  // 100 come back
  EXPECT_FALSE(b.Spent());
  EXPECT_EQ(b.Claim(1000), 100u);
  b.Finish(100, 100);
  EXPECT_TRUE(b.Spent());
}

// Requirement (concurrency): threads claiming and giving back run exactly `limit` executions.
TEST(ExecBudgetTest, ConcurrentClaimsRunExactlyTheLimit) {
  constexpr uint64_t kLimit = 100000;
  ExecBudget b(kLimit, 4);
  std::atomic<uint64_t> ran{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([&, t] {
      uint64_t i = uint64_t(t);
      while (!b.Spent()) {
        uint64_t granted = b.Claim(37);
        if (granted == 0) {
          std::this_thread::yield();
          continue;
        }
        uint64_t used = (i++ % 3 == 0) ? granted / 2 : granted;  // some claims end early
        ran += used;
        b.Finish(granted, used);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ran.load(), kLimit);
}

}  // namespace
}  // namespace hivefuzz
