// Fuzz tests of the key-value service: a fixture starts it once per process, each input is a
// request and the version it expects, and the byte count must stay consistent.
#include <hivefuzz/fuzz_test.h>

#include "kv_service.h"

class KvServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { service_.Start(); }
  void TearDown() override { service_.Stop(); }
  kv::Service service_;
};

// An ordinary test beside the fuzz tests: both kinds run in a plain run.
TEST_F(KvServiceTest, SetThenGet) {
  EXPECT_EQ(service_.Handle("set a 1;get a", 0), "ok\n1\n");
  EXPECT_TRUE(service_.Consistent());
}

HIVEFUZZ_FUZZ_TEST_F(KvServiceTest, FuzzRequests, std::string_view, int64_t) {
  f.Add("set a b;get a", 0);
  f.Add("set k v;cas k w", 1);
  f.Fuzz([&](hivefuzz::T& t, std::string_view request, int64_t version) {
    t.Cleanup([&] { service_.Reset(); });  // each request starts from an empty store
    std::string replies = service_.Handle(request, version);
    EXPECT_TRUE(service_.Consistent())
        << "after " << request << " (version " << version << "): " << replies;
  });
}

// A fuzz test without a fixture: the reply never exceeds the request by much.
HIVEFUZZ_FUZZ_TEST(KvParserTest, FuzzReplySize, std::string) {
  f.Add("get x");
  f.ThreadSafe();  // each input has its own service: any number of workers
  f.Fuzz([](hivefuzz::T& t, const std::string& request) {
    kv::Service service;
    service.Start();
    if (request.size() > 256) t.Skip();
    std::string replies = service.Handle(request, 0);
    if (replies.size() > 32 * (request.size() + 1)) t.Error("reply larger than expected");
  });
}
