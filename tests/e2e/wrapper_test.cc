// End-to-end: the compiler wrappers build working fuzzers from a user's sources, including
// build scripts written for libFuzzer (-fsanitize=fuzzer).
#include <gtest/gtest.h>

#include <filesystem>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

std::string Source(const std::string& relative) {
  return std::string(HIVEFUZZ_SOURCE_DIR) + "/" + relative;
}

// Fuzzes `fuzzer`, built from targets/reverse_utf8.cc, with its seeds: its bug is found in
// well under 200000 executions.
RunResult FuzzReverseUtf8(const std::string& fuzzer, const std::string& dir) {
  return RunProcess({fuzzer, "-parallel=2", "-fuzztime=200000x", "-artifact_prefix=" + dir + "/",
                     dir + "/corpus", Source("targets/seeds/reverse_utf8")},
                    {"XDG_CACHE_HOME=" + dir});
}

// Requirement: `hivefuzz-clang++ -O2 target.cc -o fuzzer` gives an instrumented fuzzer that
// finds a planted bug; libFuzzer's -fsanitize=fuzzer is accepted in its place.
TEST(WrapperTest, CxxWrapperBuildsAFuzzerThatFindsABug) {
  TempDir dir;
  std::string fuzzer = dir.path() + "/reverse";
  RunResult build = RunProcess({BinaryPath("hivefuzz-clang++"), "-O2", "-fsanitize=fuzzer",
                                Source("targets/reverse_utf8.cc"), "-o", fuzzer});
  ASSERT_EQ(build.exit_code, 0) << build.output;
  RunResult r = FuzzReverseUtf8(fuzzer, dir.path());
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

// Requirement: the wrappers use the build's default instrumentation (the pass plugin where it
// was built) and the callbacks on request; the start line says which; both find the bug.
TEST(WrapperTest, InstrumentationIsTheDefaultOrTheOneAskedFor) {
  TempDir dir;
  std::string inline_name = "inline counters", guard_name = "trace-pc-guard callbacks";
  std::string default_name =
      std::string(HIVEFUZZ_INSTRUMENTATION_NAME) == "inline" ? inline_name : guard_name;
  for (const auto& [choice, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", default_name}, {"guard", guard_name}}) {
    std::string run_dir = dir.path() + "/" + (choice.empty() ? "default" : choice);
    std::string fuzzer = run_dir + "/reverse";
    ASSERT_TRUE(std::filesystem::create_directories(run_dir));
    RunResult build = RunProcess(
        {BinaryPath("hivefuzz-clang++"), "-O2", Source("targets/reverse_utf8.cc"), "-o", fuzzer},
        {"HIVEFUZZ_INSTRUMENTATION=" + choice});
    ASSERT_EQ(build.exit_code, 0) << build.output;
    RunResult r = FuzzReverseUtf8(fuzzer, run_dir);
    EXPECT_EQ(r.exit_code, 77) << r.output;
    EXPECT_NE(r.output.find("edges (" + expected + ")"), std::string::npos) << r.output;
  }
  RunResult bad = RunProcess({BinaryPath("hivefuzz-clang++"), "-c", "-x", "c++", "/dev/null"},
                             {"HIVEFUZZ_INSTRUMENTATION=fast"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("must be inline or guard"), std::string::npos) << bad.output;
}

// Requirement: coverage of an instrumented shared library the target loads with dlopen()
// guides the search (the fuzzer exports the runtime's symbols to it).
TEST(WrapperTest, FindsABugInALibraryLoadedWithDlopen) {
  TempDir dir;
  std::string library = dir.path() + "/libcheck.so", fuzzer = dir.path() + "/fuzzer";
  WriteText(dir.path(), "check.c",
            "#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
            "int check(const uint8_t* d, size_t n) {\n"
            "  if (n > 3 && d[0] == 'd' && d[1] == 'l' && d[2] == 'o' && d[3] == '!') abort();\n"
            "  return 0;\n}\n");
  WriteText(dir.path(), "target.c",
            "#include <dlfcn.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
            "static int (*check)(const uint8_t*, size_t);\n"
            "int LLVMFuzzerInitialize(int* argc, char*** argv) {\n"
            "  void* lib = dlopen(LIBRARY, RTLD_NOW);\n  if (!lib) abort();\n"
            "  check = (int (*)(const uint8_t*, size_t))dlsym(lib, \"check\");\n  return 0;\n}\n"
            "int LLVMFuzzerTestOneInput(const uint8_t* d, size_t n) { return check(d, n); }\n");
  RunResult build_library = RunProcess({BinaryPath("hivefuzz-clang"), "-O1", "-shared", "-fPIC",
                                        dir.path() + "/check.c", "-o", library});
  ASSERT_EQ(build_library.exit_code, 0) << build_library.output;
  RunResult build =
      RunProcess({BinaryPath("hivefuzz-clang"), "-O1", "-DLIBRARY=\"" + library + "\"",
                  dir.path() + "/target.c", "-o", fuzzer, "-ldl"});
  ASSERT_EQ(build.exit_code, 0) << build.output;
  RunResult r = RunProcess({fuzzer, "-parallel=2", "-fuzztime=2000000x",
                            "-artifact_prefix=" + dir.path() + "/", dir.path() + "/corpus"},
                           {"XDG_CACHE_HOME=" + dir.path()});
  EXPECT_EQ(r.exit_code, 77) << r.output;
  EXPECT_EQ(CrashFilesIn(dir.path()).size(), 1u) << r.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
