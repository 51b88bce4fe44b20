// End-to-end: the compiler wrappers build working fuzzers from a user's sources, including
// build scripts written for libFuzzer (-fsanitize=fuzzer).
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

std::string Source(const std::string& relative) {
  return std::string(HIVEFUZZ_SOURCE_DIR) + "/" + relative;
}

// Requirement: `hivefuzz-clang++ -O2 target.cc -o fuzzer` gives an instrumented fuzzer that
// finds a planted bug; libFuzzer's -fsanitize=fuzzer is accepted in its place.
TEST(WrapperTest, CxxWrapperBuildsAFuzzerThatFindsABug) {
  TempDir dir;
  std::string fuzzer = dir.path() + "/reverse";
  RunResult build = RunProcess({BinaryPath("hivefuzz-clang++"), "-O2", "-fsanitize=fuzzer",
                                Source("targets/reverse_utf8.cc"), "-o", fuzzer});
  ASSERT_EQ(build.exit_code, 0) << build.output;
  RunResult r = RunProcess(
      {fuzzer, "-parallel=2", "-fuzztime=200000x", "-artifact_prefix=" + dir.path() + "/",
       dir.path() + "/corpus", Source("targets/seeds/reverse_utf8")},
      {"XDG_CACHE_HOME=" + dir.path()});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_EQ(r.output.find("not built with coverage"), std::string::npos) << r.output;
  EXPECT_EQ(CrashFilesIn(dir.path()).size(), 1u) << r.output;
}

// Requirement: the C wrapper compiles C, and separate compile and link steps work as in any
// build system (CC=hivefuzz-clang).
TEST(WrapperTest, CWrapperWithSeparateCompileAndLink) {
  TempDir dir;
  std::string source = dir.path() + "/target.c";
  WriteText(dir.path(), "target.c",
            "#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
            "int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) {\n"
            "  if (n > 1 && d[0] == 'h' && d[1] == 'i') abort();\n  return 0;\n}\n");
  std::string object = dir.path() + "/target.o", fuzzer = dir.path() + "/fuzzer";
  RunResult compile = RunProcess({BinaryPath("hivefuzz-clang"), "-O1", "-c", source, "-o", object});
  ASSERT_EQ(compile.exit_code, 0) << compile.output;
  RunResult link = RunProcess({BinaryPath("hivefuzz-clang"), object, "-o", fuzzer});
  ASSERT_EQ(link.exit_code, 0) << link.output;
  RunResult r = RunProcess({fuzzer, "-parallel=2", "-fuzztime=2000000x",
                            "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"},
                           {"XDG_CACHE_HOME=" + dir.path()});
  EXPECT_EQ(r.exit_code, 77) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
