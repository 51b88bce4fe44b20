#include "coordinator/run_tokens.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace hivefuzz {
namespace {

TEST(RunTokensTest, NoLimitWithoutMoreWorkersThanCpus) {
  EXPECT_FALSE(RunTokens(2, 2).limited());
  EXPECT_FALSE(RunTokens(2, 8).limited());
  EXPECT_FALSE(RunTokens(64, 0).limited());
  EXPECT_TRUE(RunTokens(3, 2).limited());
}

// At most `cpus` workers hold a token at once, every worker gets one in turn, and all finish.
TEST(RunTokensTest, AtMostCpusWorkAtOnceAndAllTakeTurns) {
  constexpr uint32_t kWorkers = 16, kCpus = 2;
  RunTokens tokens(kWorkers, kCpus);
  std::atomic<int> holding{0}, most{0};
  std::atomic<uint32_t> worked{0};
  std::vector<std::thread> threads;
  for (uint32_t w = 0; w < kWorkers; w++) {
    threads.emplace_back([&] {
      RunTokenHolder holder(tokens);
      // Items past a whole turn, so that the token is passed on between them.
      for (uint64_t now = 0; now < 3 * RunTokenHolder::kTurnNanos;
           now += RunTokenHolder::kTurnNanos) {
        holder.BeforeItem(now);
        int h = holding.fetch_add(1) + 1;
        int seen = most.load();
        while (h > seen && !most.compare_exchange_weak(seen, h)) {
        }
        std::this_thread::yield();
        holding.fetch_sub(1);
      }
      worked.fetch_add(1);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(worked.load(), kWorkers);
  EXPECT_LE(most.load(), int(kCpus));
  EXPECT_GE(most.load(), 1);
}

}  // namespace
}  // namespace hivefuzz
