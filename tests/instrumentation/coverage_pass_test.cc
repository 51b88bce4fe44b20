// The coverage pass plugin, end to end through the compiler: instrumented_code.cc and a shared
// library are built with it, and this (uninstrumented) test calls them and reads the counters.
// The comparison callbacks and the thread's table pointer are defined here, not by the engine,
// so the test sees exactly which callbacks the instrumented code calls.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include "coverage/counter_view.h"
#include "coverage/runtime.h"
#include "instrumentation/instrumented_code.h"

namespace {

struct TracedComparison {
  bool constant;
  unsigned bytes;
  uint64_t a, b;
  bool operator==(const TracedComparison&) const = default;
};
thread_local std::vector<TracedComparison> tls_traced;
thread_local std::vector<std::vector<uint64_t>> tls_switches;  // value, then the case table
thread_local uintptr_t tls_last_caller = 0;  // the return address of the last callback

// Records one traced comparison and the callback's return address (the instrumented call site).
void NoteComparison(bool constant, unsigned bytes, uint64_t a, uint64_t b, void* caller) {
  tls_last_caller = reinterpret_cast<uintptr_t>(caller);
  tls_traced.push_back({constant, bytes, a, b});
}

}  // namespace

// One trace-cmp callback: `name` takes two `type` operands, `constant` says whether the first
// is the comparison's constant.
#define HF_COMPARISON_CALLBACK(name, type, constant)                           \
  void name(type a, type b) {                                                  \
    NoteComparison(constant, sizeof(type), a, b, __builtin_return_address(0)); \
  }

extern "C" {
extern thread_local uintptr_t __sancov_lowest_stack;  // the coverage runtime's
constinit thread_local void* __hivefuzz_tls_cmp_table = nullptr;
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_cmp1, uint8_t, false)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_cmp2, uint16_t, false)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_cmp4, uint32_t, false)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_cmp8, uint64_t, false)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_const_cmp1, uint8_t, true)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_const_cmp2, uint16_t, true)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_const_cmp4, uint32_t, true)
HF_COMPARISON_CALLBACK(__sanitizer_cov_trace_const_cmp8, uint64_t, true)
void __sanitizer_cov_trace_switch(uint64_t value, uint64_t* cases) {
  std::vector<uint64_t> call = {value};
  call.insert(call.end(), cases, cases + 2 + cases[0]);
  tls_switches.push_back(call);
}
}  // extern "C"

namespace hivefuzz {
namespace {

// Fresh counters for this thread for the life of the object: its heap array and the
// executable's thread-local arrays, zeroed.
class ThreadCounters {
 public:
  ThreadCounters() : counters_(coverage::AllocateCounters()) {
    coverage::SetThreadCounters(counters_);
    view_ = CounterView::OfThisThread(counters_, coverage::NumCounters());
    view_.Zero();
  }
  ~ThreadCounters() {
    coverage::SetThreadCounters(nullptr);
    coverage::FreeCounters(counters_);
  }
  uint8_t operator[](size_t i) const {
    return reinterpret_cast<const uint8_t*>(view_.Word(i / 8))[i % 8];
  }
  std::set<size_t> Hit() const {
    std::set<size_t> hit;
    for (const CounterSpan& span : view_.spans()) {
      const auto* bytes = reinterpret_cast<const uint8_t*>(span.words);
      for (size_t i = 0; i < span.num_words * 8; i++) {
        if (bytes[i] != 0) hit.insert(span.first_word * 8 + i);
      }
    }
    return hit;
  }

 private:
  uint8_t* counters_;
  CounterView view_;
};

template <class F>
std::set<size_t> EdgesOf(F&& f) {
  ThreadCounters counters;
  f();
  return counters.Hit();
}

// Requirement: the executable and the shared library register as two modules of inline
// counters, with edges.
TEST(CoveragePassTest, EachModuleRegistersInlineCounters) {
  EXPECT_GE(coverage::NumModules(), 2u);  // 3 once the dlopen() test has run
  EXPECT_TRUE(coverage::OnlyInlineCounters());
  EXPECT_STREQ(coverage::InstrumentationName(), "inline counters");
  EXPECT_GE(coverage::NumEdges(), 10u);
}

// Requirement: each branch taken has counters of its own; the entry is shared.
TEST(CoveragePassTest, DifferentBranchesHitDifferentCounters) {
  std::vector<std::set<size_t>> edges;
  for (int which = 0; which < 4; which++) {
    edges.push_back(EdgesOf([&] { hf_test_branches(which); }));
    ASSERT_FALSE(edges.back().empty());
  }
  for (int i = 0; i < 4; i++) {
    for (int j = i + 1; j < 4; j++) EXPECT_NE(edges[i], edges[j]) << i << " vs " << j;
  }
  EXPECT_EQ(EdgesOf([] { hf_test_branches(1); }), edges[1]);  // deterministic
}

// Requirement: a small `if` keeps its edge (the pass marks functions optforfuzzing, as
// -fsanitize=fuzzer does): the input that takes it is told apart from the one that does not.
TEST(CoveragePassTest, ConditionalSubtractionKeepsItsEdge) {
  EXPECT_EQ(hf_test_reduce(70000), 70000u - 65521u);
  EXPECT_EQ(hf_test_reduce(100), 100u);
  EXPECT_NE(EdgesOf([] { hf_test_reduce(70000); }), EdgesOf([] { hf_test_reduce(100); }));
}

// How far below this call's frame the instrumented code `f` runs lowered the thread's lowest
// stack pointer (0: not at all).
template <class F>
uintptr_t StackDepthOf(F&& f) {
  const auto start = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  __sancov_lowest_stack = start;
  f();
  return start - std::min(start, __sancov_lowest_stack);
}

// Requirement: a function that calls others lowers the thread's lowest stack pointer to its own
// at entry (libFuzzer's stack-depth feature), deeper for a deeper recursion; a leaf does not.
TEST(CoveragePassTest, FunctionsThatCallTrackTheDeepestStack) {
  const uintptr_t shallow = StackDepthOf([] { hf_test_recurse(10); });
  const uintptr_t deep = StackDepthOf([] { hf_test_recurse(200); });
  EXPECT_GT(shallow, 0u);
  EXPECT_GT(deep, shallow + 100 * sizeof(void*));  // each frame holds a return address at least
  EXPECT_EQ(StackDepthOf([] { hf_test_reduce(7); }), 0u);
}

// Requirement: hits count into the calling thread's counters only; a thread the target starts
// (whose counters no worker reads) changes nobody's.
TEST(CoveragePassTest, CountsGoToTheCallingThreadOnly) {
  ThreadCounters mine;
  hf_test_branches(0);
  std::set<size_t> before = mine.Hit();
  std::set<size_t> theirs;
  std::thread worker([&] { theirs = EdgesOf([] { hf_test_branches(1); }); });
  worker.join();
  std::thread stray([] { hf_test_branches(2); });
  stray.join();
  EXPECT_EQ(mine.Hit(), before);
  EXPECT_EQ(theirs, EdgesOf([] { hf_test_branches(1); }));
}

// Requirement: a block run n times counts n up to 255, where it stays (never wraps to 0).
TEST(CoveragePassTest, CountsExactlyAndSaturates) {
  ThreadCounters counters;
  for (int i = 0; i < 254; i++) hf_test_branches(0);
  std::set<size_t> hit = counters.Hit();
  ASSERT_FALSE(hit.empty());
  for (size_t i : hit) EXPECT_EQ(counters[i], 254) << i;
  hf_test_branches(0);
  for (size_t i : hit) EXPECT_EQ(counters[i], 255) << i;
  for (int i = 0; i < 300; i++) hf_test_branches(0);
  EXPECT_EQ(counters.Hit(), hit);
  for (size_t i : hit) EXPECT_EQ(counters[i], 255) << i << ": 555 hits must read 255";
}

// Requirement: a loop's counters count every iteration exactly, saturation included, although
// a small loop that calls nothing keeps its counts in registers while it runs: the same counts
// as the same loop counted in memory.
TEST(CoveragePassTest, LoopCountsAreExact) {
  auto counts = [](void (*loop)(int), int n, int calls) {
    ThreadCounters counters;
    for (int i = 0; i < calls; i++) loop(n);
    std::multiset<int> values;
    for (size_t i : counters.Hit()) values.insert(counters[i]);
    return values;
  };
  for (int n : {1, 3, 255, 256, 257, 300}) {
    for (int calls : {1, 2}) {
      std::multiset<int> in_registers = counts(hf_test_loop, n, calls);
      // The loop's second block runs n - 1 times a call (the first is its rotated entry test),
      // the function's entry once a call.
      int most = std::max((n - 1) * calls, calls);
      EXPECT_EQ(*in_registers.rbegin(), std::min(most, 255))
          << n << " iterations, " << calls << " calls";
      EXPECT_EQ(in_registers, counts(hf_test_loop_in_memory, n, calls))
          << n << " iterations, " << calls << " calls";
    }
  }
}

// Requirement: the shared library's edges have indices of their own.
TEST(CoveragePassTest, SharedLibraryHasItsOwnCounters) {
  std::set<size_t> library = EdgesOf([] { hf_test_library_branches(0); });
  std::set<size_t> executable = EdgesOf([] { hf_test_branches(0); });
  ASSERT_FALSE(library.empty());
  for (size_t i : library) EXPECT_EQ(executable.count(i), 0u) << i;
  EXPECT_NE(EdgesOf([] { hf_test_library_branches(1); }), library);
}

// Requirement: a library loaded with dlopen() after start gets counters of its own too (the
// executable exports the runtime's symbols, as a fuzzer does).
TEST(CoveragePassTest, LibraryLoadedLaterGetsItsOwnCounters) {
  size_t modules = coverage::NumModules();
  size_t edges = coverage::NumEdges();
  void* library = dlopen(HF_TEST_LOADED_LIBRARY, RTLD_NOW);
  ASSERT_NE(library, nullptr) << dlerror();
  auto branches = reinterpret_cast<int (*)(int)>(dlsym(library, "hf_test_loaded_branches"));
  ASSERT_NE(branches, nullptr);
  EXPECT_EQ(coverage::NumModules(), modules + 1);
  EXPECT_GT(coverage::NumEdges(), edges);
  std::set<size_t> loaded = EdgesOf([&] { branches(0); });
  ASSERT_FALSE(loaded.empty());
  for (size_t i : loaded) EXPECT_GT(i, edges) << "outside the range assigned at dlopen()";
  std::set<size_t> linked = EdgesOf([] { hf_test_library_branches(0); });
  for (size_t i : loaded) EXPECT_EQ(linked.count(i), 0u) << i;
}

// Requirement: comparisons and switches call their callbacks only while the thread's table
// pointer is set; then with the constant operand first and the cases sorted.
TEST(CoveragePassTest, ComparisonsAreTracedOnlyWhileRecording) {
  tls_traced.clear();
  tls_switches.clear();
  hf_test_compare(5, 6);
  hf_test_switch(70);
  EXPECT_TRUE(tls_traced.empty());
  EXPECT_TRUE(tls_switches.empty());

  int table;
  __hivefuzz_tls_cmp_table = &table;
  hf_test_compare(5, 6);
  hf_test_switch(70);
  __hivefuzz_tls_cmp_table = nullptr;
  std::vector<TracedComparison> expected = {{true, 4, 0x1234abcd, 5}, {false, 4, 5, 6}};
  EXPECT_EQ(tls_traced, expected);
  ASSERT_EQ(tls_switches.size(), 1u);
  EXPECT_EQ(tls_switches[0], (std::vector<uint64_t>{70, 3, 64, 3, 70, 9000}));
}

// Requirement: a function that cannot have a traced copy (varargs) still traces its comparisons
// only while the thread records.
TEST(CoveragePassTest, FunctionWithoutACopyIsTracedOnlyWhileRecording) {
  tls_traced.clear();
  hf_test_compare_varargs(2, 77, 5);
  EXPECT_TRUE(tls_traced.empty());
  int table;
  __hivefuzz_tls_cmp_table = &table;
  hf_test_compare_varargs(2, 77, 5);
  __hivefuzz_tls_cmp_table = nullptr;
  // va_arg's own tests of the register save area are traced too; the test's are these.
  std::vector<TracedComparison> with_77;
  for (const TracedComparison& c : tls_traced) {
    if (c.a == 77) with_77.push_back(c);
  }
  std::vector<TracedComparison> expected = {{true, 4, 77, 77}, {true, 4, 77, 5}};
  EXPECT_EQ(with_77, expected);
}

// Requirement: a crash signature cannot tell a traced copy from its function: an address in
// the copy (here the return address of a callback, which only the copy calls) and one in the
// function both stand for the function's start; an address in a function without a copy
// stands for itself.
TEST(CoveragePassTest, TracedCopyStandsForItsFunctionInSignatures) {
  auto function = reinterpret_cast<uintptr_t>(&hf_test_compare);
  EXPECT_EQ(coverage::SignatureAddress(function + 4), function);
  int table;
  tls_last_caller = 0;
  __hivefuzz_tls_cmp_table = &table;
  hf_test_compare(5, 6);
  __hivefuzz_tls_cmp_table = nullptr;
  ASSERT_NE(tls_last_caller, 0u);
  EXPECT_EQ(coverage::SignatureAddress(tls_last_caller - 1), function);

  auto no_copy = reinterpret_cast<uintptr_t>(&hf_test_no_comparisons);
  EXPECT_EQ(coverage::SignatureAddress(no_copy + 4), no_copy + 4);
  __hivefuzz_tls_cmp_table = &table;
  hf_test_compare_varargs(1, 77);
  __hivefuzz_tls_cmp_table = nullptr;
  EXPECT_EQ(coverage::SignatureAddress(tls_last_caller - 1), tls_last_caller - 1);
  tls_traced.clear();
}

// Requirement: an execution counts the same edges, the same number of times, whether its
// thread records comparisons (the traced copies run) or not.
TEST(CoveragePassTest, RecordingDoesNotChangeTheCounts) {
  auto counts = [](bool recording) {
    int table;
    ThreadCounters counters;
    __hivefuzz_tls_cmp_table = recording ? &table : nullptr;
    for (int which = 0; which < 4; which++) hf_test_branches(which);
    hf_test_loop(7);
    hf_test_compare(5, 5);
    hf_test_compare_varargs(2, 77, 1);
    hf_test_no_comparisons(3);
    hf_test_switch(9000);
    __hivefuzz_tls_cmp_table = nullptr;
    std::vector<std::pair<size_t, uint8_t>> out;
    for (size_t i : counters.Hit()) out.emplace_back(i, counters[i]);
    return out;
  };
  std::vector<std::pair<size_t, uint8_t>> untraced = counts(false);
  EXPECT_FALSE(untraced.empty());
  EXPECT_EQ(counts(true), untraced);
  tls_traced.clear();
  tls_switches.clear();
}

// Requirement: a loop's back-edge test is not traced (it compares the counter with the bound
// on every iteration); the comparison in its body is.
TEST(CoveragePassTest, LoopBackEdgeTestIsNotTraced) {
  tls_traced.clear();
  int table;
  __hivefuzz_tls_cmp_table = &table;
  hf_test_loop(3);
  __hivefuzz_tls_cmp_table = nullptr;
  // The body's g_sink == -12345 three times, and the loop's entry test (n > 0) once; never
  // the back-edge test, the loop's only comparison of two variables.
  size_t body_tests = 0;
  for (const TracedComparison& c : tls_traced) {
    EXPECT_TRUE(c.constant) << c.a << " vs " << c.b;
    body_tests += c.a == uint32_t(-12345);
  }
  EXPECT_EQ(body_tests, 3u);
}

}  // namespace
}  // namespace hivefuzz
