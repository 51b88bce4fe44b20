// Google Benchmark microbenchmarks of comparison tracing: one trace-cmp callback with value
// profile off and on, the memcmp weak hook and an intercepted memcmp of 16 bytes, starting an
// execution (the per-exec clear), and collecting a full table.
#include <benchmark/benchmark.h>
#include <dlfcn.h>

#include <cstring>
#include <vector>

#include "cmp/callbacks.h"
#include "cmp/cmp_table.h"

namespace hivefuzz::cmp {
namespace {

// A table set up as a worker's: attached to this thread, value profile as asked.
class ThreadTableScope {
 public:
  explicit ThreadTableScope(bool value_profile) : table_(AllocateTable()) {
    table_->set_value_profile_enabled(value_profile);
    SetThreadTable(table_);
  }
  ~ThreadTableScope() {
    SetThreadTable(nullptr);
    FreeTable(table_);
  }
  CmpTable* get() { return table_; }

 private:
  CmpTable* table_;
};

// One call site comparing a changing value against a constant, as a loop in a target does.
// The epoch restarts now and then, as executions would, and value-profile words are drained
// (as a worker's merge would) so that the bitmap does not saturate.
void BM_TraceCmp4(benchmark::State& state) {
  ThreadTableScope table(state.range(0) != 0);
  uint32_t x = 0;
  for (auto _ : state) {
    __sanitizer_cov_trace_cmp4(x, 0x4d5a9000);
    x += 0x9e3779b9;
    if ((x & 0xfff) == 0) {
      table.get()->StartExecution();
      table.get()->ClearValueProfile();
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_TraceCmp4)->ArgName("value_profile")->Arg(0)->Arg(1);

// The cost a thread without a table pays: one TLS load and a branch.
void BM_TraceCmp4NoTable(benchmark::State& state) {
  uint32_t x = 0;
  for (auto _ : state) {
    __sanitizer_cov_trace_cmp4(x, 0x4d5a9000);
    x++;
  }
}
BENCHMARK(BM_TraceCmp4NoTable);

// The weak hook as a sanitizer's memcmp interceptor (or hf_cmp_interceptors) calls it after a
// 16-byte comparison that differed.
void BM_MemcmpHook16(benchmark::State& state) {
  ThreadTableScope table(state.range(0) != 0);
  uint8_t a[16] = "0123456789abcde";
  const uint8_t b[16] = "0123456789abcdX";
  for (auto _ : state) {
    __sanitizer_weak_hook_memcmp(nullptr, a, b, 16, -1);
    a[0]++;
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_MemcmpHook16)->ArgName("value_profile")->Arg(0)->Arg(1);

// memcmp of 16 differing bytes as the target calls it, through a volatile pointer: in a plain
// build this goes through hf_cmp_interceptors (C library memcmp + hook), in an ASan build
// through ASan's interceptor. Compare with the C library's memcmp below.
int (*volatile memcmp_fn)(const void*, const void*, size_t) = memcmp;
void BM_InterceptedMemcmp16(benchmark::State& state) {
  ThreadTableScope table(false);
  uint8_t a[16] = "0123456789abcde";
  const uint8_t b[16] = "0123456789abcdX";
  for (auto _ : state) {
    benchmark::DoNotOptimize(memcmp_fn(a, b, 16));
    a[0]++;
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_InterceptedMemcmp16);

void BM_LibcMemcmp16(benchmark::State& state) {
  auto libc_memcmp =
      reinterpret_cast<int (*)(const void*, const void*, size_t)>(dlsym(RTLD_NEXT, "memcmp"));
  if (!libc_memcmp) {
    state.SkipWithError("dlsym(RTLD_NEXT, memcmp) failed");
    return;
  }
  uint8_t a[16] = "0123456789abcde";
  const uint8_t b[16] = "0123456789abcdX";
  for (auto _ : state) {
    benchmark::DoNotOptimize(libc_memcmp(a, b, 16));
    a[0]++;
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_LibcMemcmp16);

// The per-execution clear: O(1) whatever the table holds.
void BM_StartExecution(benchmark::State& state) {
  ThreadTableScope table(false);
  for (uint64_t i = 0; i < 20 * kIntSlots; i++) table.get()->RecordInt(i, i, ~i, 8, 0);
  for (auto _ : state) {
    table.get()->StartExecution();
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_StartExecution);

// Reading every valid entry of a full table (int slots, or byte-string slots), as a worker
// would after each execution that found something new.
void BM_CollectFullIntTable(benchmark::State& state) {
  ThreadTableScope table(false);
  for (uint64_t i = 0; i < 20 * kIntSlots; i++) table.get()->RecordInt(i, i, ~i, 8, 0);
  std::vector<IntComparison> out(kIntSlots);
  size_t n = 0;
  for (auto _ : state) {
    n = table.get()->CollectIntComparisons(out.data(), out.size());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["entries"] = double(n);
}
BENCHMARK(BM_CollectFullIntTable);

void BM_CollectFullBytesTable(benchmark::State& state) {
  ThreadTableScope table(false);
  uint8_t a[32] = {}, b[32] = {};
  for (uint64_t i = 0; i < 20 * kBytesSlots; i++) {
    std::memcpy(a, &i, sizeof(i));
    table.get()->RecordBytes(0x401000, a, sizeof(a), b, sizeof(b), 0);
  }
  std::vector<BytesComparison> out(kBytesSlots);
  size_t n = 0;
  for (auto _ : state) {
    n = table.get()->CollectBytesComparisons(out.data(), out.size());
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["entries"] = double(n);
}
BENCHMARK(BM_CollectFullBytesTable);

}  // namespace
}  // namespace hivefuzz::cmp

BENCHMARK_MAIN();
