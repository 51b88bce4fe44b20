// Shared pieces of the end-to-end tests: running a bundled fuzzer in a fresh directory.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/file_util.h"
#include "e2e/subprocess.h"
#include "encoding/content_hash.h"
#include "test_util.h"

namespace hivefuzz::e2e {

inline bool UnderSanitizer() { return std::string(HIVEFUZZ_SANITIZER_NAME) != ""; }
inline bool UnderAsan() { return std::string(HIVEFUZZ_SANITIZER_NAME) == "address"; }

// Runs bin/<fuzzer> with `args`, with the cache inside `dir` unless args name one.
inline RunResult RunFuzzer(const TempDir& dir, const std::string& fuzzer,
                           std::vector<std::string> args, std::vector<std::string> env = {},
                           int timeout_s = 300, int interrupt_after_ms = 0) {
  args.insert(args.begin(), BinaryPath(fuzzer));
  env.push_back("XDG_CACHE_HOME=" + dir.path() + "/xdg-cache");
  return RunProcess(args, env, timeout_s, interrupt_after_ms);
}

// The regular files of `dir`, leaving out the stats time series every fuzzing run writes there.
inline std::vector<std::string> FilesIn(const std::string& dir) {
  auto files = ListRegularFiles(dir);
  std::vector<std::string> out;
  for (const std::string& f : files.ok() ? *files : std::vector<std::string>{}) {
    if (!f.ends_with("/fuzz-stats.csv")) out.push_back(f);
  }
  return out;
}

inline std::vector<std::string> CrashFilesIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& f : FilesIn(dir)) {
    if (f.find("/crash-") != std::string::npos) out.push_back(f);
  }
  return out;
}

inline std::vector<std::string> ArtifactsStartingWith(const std::string& dir,
                                                      const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& f : FilesIn(dir)) {
    if (f.substr(f.rfind('/') + 1).rfind(prefix, 0) == 0) out.push_back(f);
  }
  return out;
}

inline void WriteText(const std::string& dir, const std::string& name, const std::string& text) {
  ASSERT_TRUE(EnsureWritableDirectory(dir).ok());
  ASSERT_TRUE(
      WriteFileAtomic(dir, name, reinterpret_cast<const uint8_t*>(text.data()), text.size()).ok());
}

// The value of "execs: N" in the final summary line.
inline long long FinalExecs(const std::string& output) {
  size_t pos = output.rfind("hivefuzz: done:");
  if (pos == std::string::npos) return -1;
  size_t comma = output.find(", ", pos);
  return std::atoll(output.c_str() + comma + 2);
}

}  // namespace hivefuzz::e2e

namespace hivefuzz::e2e {
inline std::string Sha1HexOf(const std::string& s) {
  return Sha1Hex(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
}  // namespace hivefuzz::e2e
