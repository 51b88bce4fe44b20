// cmake --install and find_package(hivefuzz): a project outside the tree
// (tests/e2e/external_project) builds a fuzz test and a fuzzer against the installed package,
// and both find their bugs.
#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

RunResult RunCommand(std::vector<std::string> argv, std::vector<std::string> env = {}) {
  RunOptions options;
  options.timeout_s = 300;
  return RunProcessWith(argv, env, options);
}

TEST(InstallTest, AnExternalProjectUsesTheInstalledPackage) {
  TempDir dir;
  const std::string prefix = dir.path() + "/prefix";
  const std::string build = dir.path() + "/build";
  RunResult install =
      RunCommand({HIVEFUZZ_CMAKE_COMMAND, "--install", HIVEFUZZ_BUILD_DIR, "--prefix", prefix});
  ASSERT_EQ(install.exit_code, 0) << install.output;
  EXPECT_NE(install.output.find("include/hivefuzz/fuzz_test.h"), std::string::npos);

  RunResult configure =
      RunCommand({HIVEFUZZ_CMAKE_COMMAND, "-S",
                  std::string(HIVEFUZZ_SOURCE_DIR) + "/tests/e2e/external_project", "-B", build,
                  "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                  "-DCMAKE_CXX_COMPILER=" HIVEFUZZ_CXX_COMPILER, "-DCMAKE_PREFIX_PATH=" + prefix});
  ASSERT_EQ(configure.exit_code, 0) << configure.output;
  RunResult compile = RunCommand({HIVEFUZZ_CMAKE_COMMAND, "--build", build});
  ASSERT_EQ(compile.exit_code, 0) << compile.output;

  const std::vector<std::string> env = {"HIVEFUZZ_TESTDATA=" + dir.path() + "/testdata",
                                        "XDG_CACHE_HOME=" + dir.path() + "/cache"};
  RunResult plain = RunCommand({build + "/word_fuzz_test"}, env);
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  RunResult fuzz = RunCommand({build + "/word_fuzz_test", "-fuzz=FuzzWord", "-fuzztime=120s"}, env);
  EXPECT_NE(fuzz.exit_code, 0) << fuzz.output;
  EXPECT_NE(fuzz.output.find("Failing input written to " + dir.path() + "/testdata/FuzzWord/"),
            std::string::npos)
      << fuzz.output;
  EXPECT_EQ(FilesIn(dir.path() + "/testdata/FuzzWord").size(), 1u);

  RunResult fuzzer = RunCommand(
      {build + "/word_fuzzer", "-fuzztime=120s", "-artifact_prefix=" + dir.path() + "/"}, env);
  EXPECT_EQ(fuzzer.exit_code, 77) << fuzzer.output;
  EXPECT_EQ(CrashFilesIn(dir.path()).size(), 1u) << fuzzer.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
