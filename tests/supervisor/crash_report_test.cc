// The libFuzzer-style failure report: headlines, symbolizer output parsing, stack format.
#include "supervisor/crash_report.h"

#include <gtest/gtest.h>

namespace hivefuzz {
namespace {

SlotSnapshot Crashed(CrashKind kind, const std::string& message = "") {
  SlotSnapshot s;
  s.state = SlotState::kCrashed;
  s.kind = kind;
  s.message = message;
  return s;
}

// Requirement: each failure gets libFuzzer's name, the one ClusterFuzz's stacktraces
// constants match (deadly signal, timeout, out-of-memory (, fuzz target exited, fuzz target
// overwrites its const input); a sanitizer's own report gets none.
TEST(CrashReportTest, LibFuzzerNames) {
  Options o;
  o.timeout_ns = 25'000'000'000;
  o.rss_limit_mb = 2560;
  Verdict crash;
  crash.end = EngineEnd::kCrash;
  SlotSnapshot segv = Crashed(CrashKind::kSignal);
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &segv), "deadly signal");
  SlotSnapshot thrown = Crashed(CrashKind::kException, "uncaught exception: x");
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &thrown), "deadly signal");
  SlotSnapshot exited = Crashed(CrashKind::kExit);
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &exited), "fuzz target exited");
  SlotSnapshot overwrite = Crashed(CrashKind::kOverwrite);
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &overwrite), "fuzz target overwrites its const input");
  SlotSnapshot asan = Crashed(CrashKind::kSanitizer);
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &asan), "");
  SlotSnapshot asan_segv = Crashed(CrashKind::kSignal);
  asan_segv.sanitizer_reported = true;
  EXPECT_EQ(LibFuzzerFailureName(o, crash, &asan_segv), "");
  Verdict quick_exit = crash;
  quick_exit.what = "fuzz target exited (exit code 0) while running an input";
  SlotSnapshot running;
  running.state = SlotState::kRunning;
  EXPECT_EQ(LibFuzzerFailureName(o, quick_exit, &running), "fuzz target exited");
  Verdict hang;
  hang.end = EngineEnd::kTimeout;
  EXPECT_EQ(LibFuzzerFailureName(o, hang, &running), "timeout after 25 seconds");
  Verdict oom;
  oom.end = EngineEnd::kOom;
  oom.peak_rss_mb = 2600;
  EXPECT_EQ(LibFuzzerFailureName(o, oom, &running),
            "out-of-memory (used: 2600Mb; exceeds: 2560Mb)");
  SlotSnapshot malloc_limit = Crashed(
      CrashKind::kMallocLimit,
      "out-of-memory (malloc(1073741824)): one allocation larger than -malloc_limit_mb=100");
  EXPECT_EQ(LibFuzzerFailureName(o, oom, &malloc_limit), "out-of-memory (malloc(1073741824))");
  EXPECT_EQ(LibFuzzerSummaryName("timeout after 25 seconds"), "timeout");
  EXPECT_EQ(LibFuzzerSummaryName("out-of-memory (malloc(1))"), "out-of-memory");
  EXPECT_EQ(LibFuzzerSummaryName("deadly signal"), "deadly signal");
}

// Requirement: llvm-symbolizer's output is read address by address, inlined frames first.
TEST(CrashReportTest, ParsesSymbolizerOutput) {
  std::string out =
      "Segv()\n/src/t.cc:27:17\nLLVMFuzzerTestOneInput\n/src/t.cc:145:3\n\n"
      "??\n??:0:0\n\n"
      "main\n/src/m.cc:3:0\n\n";
  auto parsed = ParseSymbolizerOutput(out, 3);
  ASSERT_EQ(parsed.size(), 3u);
  ASSERT_EQ(parsed[0].size(), 2u);
  EXPECT_EQ(parsed[0][0].function, "Segv()");
  EXPECT_EQ(parsed[0][0].file, "/src/t.cc");
  EXPECT_EQ(parsed[0][0].line, 27u);
  EXPECT_EQ(parsed[0][0].column, 17u);
  EXPECT_EQ(parsed[0][1].function, "LLVMFuzzerTestOneInput");
  EXPECT_TRUE(parsed[1].empty());
  ASSERT_EQ(parsed[2].size(), 1u);
  EXPECT_EQ(parsed[2][0].column, 0u);
  EXPECT_EQ(ParseSymbolizerOutput("", 2).size(), 2u);
}

// Requirement: frames are printed as the sanitizers print them (the format ClusterFuzz's
// SAN_STACK_FRAME_REGEX reads), inlined frames numbered on their own.
TEST(CrashReportTest, FormatsFramesAsSanitizers) {
  std::vector<StackFrame> frames(4);
  frames[0] = {0x55d0, "/bin/t", 0x1d0,
               {{"Segv()", "/src/t.cc", 27, 17}, {"LLVMFuzzerTestOneInput", "/src/t.cc", 145, 0}}};
  frames[1] = {0x7f10, "/lib/libc.so.6", 0x2646f, {{"abort", "", 0, 0}}};
  frames[2] = {0x55e0, "/bin/t", 0x1e0, {}};
  frames[3] = {0x7f20, "", 0, {}};
  EXPECT_EQ(FormatStack(frames),
            "    #0 0x55d0 in Segv() /src/t.cc:27:17\n"
            "    #1 0x55d0 in LLVMFuzzerTestOneInput /src/t.cc:145\n"
            "    #2 0x7f10 in abort (/lib/libc.so.6+0x2646f)\n"
            "    #3 0x55e0  (/bin/t+0x1e0)\n"
            "    #4 0x7f20  (<unknown module>)\n");
}

// Requirement: $ASAN_SYMBOLIZER_PATH names the symbolizer; one that does not exist means none.
TEST(CrashReportTest, SymbolizerFromEnvironment) {
  setenv("ASAN_SYMBOLIZER_PATH", "/nonexistent/llvm-symbolizer", 1);
  EXPECT_EQ(FindSymbolizer(), "");
  unsetenv("ASAN_SYMBOLIZER_PATH");
}

}  // namespace
}  // namespace hivefuzz
