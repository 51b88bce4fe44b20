#include "gtest/fuzz_mode.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/go_corpus_file.h"
#include "encoding/typed_input.h"
#include "gtest/corpus_entries.h"
#include "gtest/registry.h"
#include "main/fuzzer_program.h"
#include "options/child_protocol.h"
#include "options/options.h"

namespace hivefuzz {

namespace {

EngineChildRole* g_engine_child = nullptr;

// GoogleTest's variables that must not reach the engine children: a child is not a test run
// of its own (no XML, no shard of the suite, no premature-exit file of the runner's).
constexpr const char* kGtestVariables[] = {
    "GTEST_OUTPUT",
    "XML_OUTPUT_FILE",
    "GTEST_SHARD_INDEX",
    "GTEST_TOTAL_SHARDS",
    "GTEST_SHARD_STATUS_FILE",
    "TEST_PREMATURE_EXIT_FILE",
    "TEST_SHARD_INDEX",
    "TEST_TOTAL_SHARDS",
    "TEST_SHARD_STATUS_FILE",
    "GTEST_FILTER",
    "GTEST_REPEAT",
    "GTEST_SHUFFLE",
};

bool HasFlag(const std::vector<std::string>& args, const std::string& name) {
  for (const std::string& arg : args) {
    if (arg.starts_with("-" + name + "=") || arg.starts_with("--" + name + "=")) return true;
  }
  return false;
}

// Failed assertions only: the engine child's gtest run is not a test run the user reads.
class FailurePrinter : public ::testing::EmptyTestEventListener {
  void OnTestPartResult(const ::testing::TestPartResult& r) override {
    if (!r.failed()) return;
    std::fprintf(stderr, "%s:%d: Failure\n%s\n", r.file_name() ? r.file_name() : "unknown",
                 r.line_number(), r.message());
  }
};

int RunAsEngineChild(int argc, char** argv, const std::string& full_name) {
  static EngineChildRole role;
  role.full_name = full_name;
  role.args.assign(argv, argv + argc);
  g_engine_child = &role;
  std::vector<char*> gtest_argv(argv, argv + argc);
  gtest_argv.push_back(nullptr);
  int gtest_argc = argc;
  ::testing::InitGoogleTest(&gtest_argc, gtest_argv.data());
  GTEST_FLAG_SET(filter, full_name);
  GTEST_FLAG_SET(repeat, 1);
  GTEST_FLAG_SET(shuffle, false);
  GTEST_FLAG_SET(output, "");
  ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  listeners.Append(new FailurePrinter);
  (void)RUN_ALL_TESTS();
  if (!role.reached_fuzz) {
    std::fprintf(stderr,
                 "hivefuzz: %s did not reach f.Fuzz in the engine process: its fixture's SetUp "
                 "or the test body before f.Fuzz failed or skipped (see above)\n",
                 full_name.c_str());
    return kExitError;
  }
  return role.exit_code;
}

// The supervisor never calls the target: its engine children do.
int NotCalledInTheSupervisor(const uint8_t*, size_t) { std::abort(); }

// A reproducer the engine wrote with -artifact_prefix ending in `name_prefix`.
bool IsReproducer(const std::string& path, const std::string& name_prefix) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  for (const char* kind : {"crash-", "leak-", "timeout-", "oom-"}) {
    if (name.starts_with(name_prefix + kind)) return true;
  }
  return false;
}

std::string ShellQuote(const std::string& s) {
  if (s.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=#:+,") ==
      std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The supervisor of one fuzz test: the engine children re-execute this binary, which
// recognizes them by the environment; each failure's reproducer becomes a testdata file.
int RunAsSupervisor(const std::vector<std::string>& command_line, const RegisteredFuzzTest& test) {
  std::vector<std::string> args{command_line[0]};
  for (size_t i = 1; i < command_line.size(); i++) {
    const std::string& arg = command_line[i];
    if (arg.starts_with("-fuzz=") || arg.starts_with("--fuzz=") || arg.starts_with("--gtest_") ||
        arg.starts_with("-gtest_")) {
      continue;
    }
    args.push_back(arg);
  }
  if (const char* extra = std::getenv("HIVEFUZZ_FLAGS")) {  // runners with a fixed command line
    std::istringstream words(extra);
    for (std::string word; words >> word;) args.push_back(word);
  }
  // Many fuzz tests share one binary: each keeps its own cache of interesting inputs.
  std::string cache_dir = DefaultCacheDir(command_line[0]) + "/" + test.full_name;
  if (!HasFlag(args, "cache_dir")) args.push_back("-cache_dir=" + cache_dir);
  std::string artifact_prefix = cache_dir + "/crashers/";
  if (!HasFlag(args, "artifact_prefix")) args.push_back("-artifact_prefix=" + artifact_prefix);
  for (const std::string& arg : args) {
    std::string value = arg.substr(arg.find('=') + 1);
    if (arg.starts_with("-artifact_prefix=") || arg.starts_with("--artifact_prefix=")) {
      artifact_prefix = value;
    } else if ((arg.starts_with("-cache_dir=") || arg.starts_with("--cache_dir=")) &&
               !value.empty()) {
      cache_dir = value;
    }
  }
  const std::string artifact_dir = ArtifactDirectory(artifact_prefix);
  // What the prefix adds before "crash-" in a file's name ("out/run1-" -> "run1-").
  const std::string name_prefix = artifact_prefix.substr(artifact_prefix.find_last_of('/') + 1);
  for (const char* variable : kGtestVariables) unsetenv(variable);
  setenv(kFuzzTestVariable, test.full_name.c_str(), 1);
  // The f.Add seeds as files of the cache (never the user's directories).
  setenv(kSeedsDirVariable, JoinPath(cache_dir, "seeds").c_str(), 1);

  std::vector<std::string> before_list = ListFilesWithPrefix(artifact_dir, "");
  std::set<std::string> before(before_list.begin(), before_list.end());
  std::fprintf(stderr, "hivefuzz: fuzzing %s; failures go to %s\n", test.full_name.c_str(),
               TestdataDirectory(test).c_str());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  TypedTarget typed;
  typed.shape = test.shape;
  typed.program = ShellQuote(command_line[0]) + " -fuzz=" + test.full_name;
  int code = RunFuzzerProgram(int(args.size()), argv.data(), NotCalledInTheSupervisor, &typed);

  // Go's report for each new failure: the testdata file, and how to re-run it.
  for (const std::string& path : ListFilesWithPrefix(artifact_dir, "")) {
    if (before.count(path) != 0 || !IsReproducer(path, name_prefix)) continue;
    auto data = ReadFile(path);
    if (!data.ok()) {
      std::fprintf(stderr, "hivefuzz: %s\n", data.status().message().c_str());
      continue;
    }
    std::vector<GoValue> values;
    DecodeTypedInput(test.shape, *data, &values);
    // A failing testdata file is found again at the start: it is already where it belongs.
    std::string contents = MarshalGoCorpusFile(values);
    std::string existing = TestdataDirectory(test) + "/" + GoCorpusFileName(contents);
    if (IsRegularFile(existing)) {
      std::fprintf(stderr, "The failing input is the testdata file %s\n", existing.c_str());
      continue;
    }
    auto written = WriteTestdataFile(test, values);
    if (!written.ok()) {
      std::fprintf(stderr,
                   "hivefuzz: could not write the failing input to the testdata directory: %s\n"
                   "It stays at %s.\n",
                   written.status().message().c_str(), path.c_str());
      continue;
    }
    std::string entry = written->substr(written->find_last_of('/') + 1);
    std::fprintf(stderr,
                 "Failing input written to %s\nTo re-run:\nHIVEFUZZ_RUN=%s/%s %s "
                 "--gtest_filter=%s\nAs a seed in the test: %s\n",
                 written->c_str(), test.full_name.c_str(), entry.c_str(),
                 ShellQuote(command_line[0]).c_str(), test.full_name.c_str(),
                 FormatAsSeed(values).c_str());
  }
  return code;
}

}  // namespace

EngineChildRole* CurrentEngineChild() { return g_engine_child; }

std::string FuzzPattern(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg.starts_with("-fuzz=")) return arg.substr(6);
    if (arg.starts_with("--fuzz=")) return arg.substr(7);
  }
  const char* env = std::getenv("HIVEFUZZ_FUZZ");
  return env != nullptr ? env : "";
}

std::vector<std::string> MatchFuzzTests(const std::string& pattern, std::string* error) {
  std::vector<std::string> matches;
  std::regex re;
  try {
    re = std::regex(pattern);
  } catch (const std::regex_error& e) {
    *error = "-fuzz=" + pattern + " is not a valid regular expression: " + e.what();
    return matches;
  }
  for (const RegisteredFuzzTest& test : RegisteredFuzzTests()) {
    if (std::regex_search(test.full_name, re)) matches.push_back(test.full_name);
  }
  return matches;
}

int FuzzTestMain(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  const char* child_test = std::getenv(kFuzzTestVariable);
  if (child_test != nullptr && IsEngineChildProcess()) {
    return RunAsEngineChild(argc, argv, child_test);
  }
  unsetenv(kFuzzTestVariable);  // not inherited by a plain run's own child processes
  std::string pattern = FuzzPattern(args);
  if (pattern.empty()) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
  }
  std::string error;
  std::vector<std::string> matches = MatchFuzzTests(pattern, &error);
  if (!error.empty()) {
    std::fprintf(stderr, "hivefuzz: %s\n", error.c_str());
    return kExitUsage;
  }
  if (matches.size() != 1) {
    std::string names;
    for (const RegisteredFuzzTest& test : RegisteredFuzzTests()) names += " " + test.full_name;
    if (matches.empty()) {
      std::fprintf(stderr, "hivefuzz: -fuzz=%s matches no fuzz test; this binary has:%s\n",
                   pattern.c_str(), names.empty() ? " none" : names.c_str());
    } else {
      std::string matched;
      for (const std::string& m : matches) matched += " " + m;
      // Go's words: "will not fuzz, -fuzz matches more than one fuzz test".
      std::fprintf(stderr, "hivefuzz: will not fuzz, -fuzz=%s matches more than one fuzz test:%s\n",
                   pattern.c_str(), matched.c_str());
    }
    return kExitUsage;
  }
  return RunAsSupervisor(args, *FindFuzzTest(matches[0]));
}

}  // namespace hivefuzz
