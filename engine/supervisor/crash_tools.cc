#include "supervisor/crash_tools.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/content_hash.h"
#include "options/child_protocol.h"
#include "supervisor/engine_process.h"
#include "supervisor/failure.h"

namespace hivefuzz {
namespace {

std::string BaseName(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// Writes `data` to exactly `path`, atomically (the old file stays whole until the new one is).
Status WriteExact(const std::string& path, const Bytes& data) {
  return WriteFileAtomic(ArtifactDirectory(path), BaseName(path), data.data(), data.size());
}

// libFuzzer's limit when -minimize_crash is given neither -runs nor -max_total_time.
constexpr uint64_t kDefaultMinimizeSeconds = 600;
// libFuzzer's CleanseCrashInput: at most this many passes over the input.
constexpr int kCleansePasses = 5;
// ... and the bytes it writes, in this order.
constexpr std::array<uint8_t, 2> kCleanseBytes = {' ', 0xff};

// The crasher a tool starts from: its bytes and how it fails.
struct Crasher {
  Bytes data;
  Verdict verdict;
  FailureSignature signature;
};

// Runs FILE once in a fresh single-threaded child, its output shown (the user sees the
// failure once). Returns the crasher, or the exit code to end with: 1 if it does not fail
// (libFuzzer's "the input ... did not crash"), 72 if interrupted.
std::variant<Crasher, int> RunOriginal(const Options& options, const char* tool,
                                       const std::string& file) {
  auto data = ReadFile(file);
  if (!data.ok()) {
    std::fprintf(stderr, "ERROR: %s: %s\n", tool, data.status().message().c_str());
    return kExitError;
  }
  std::vector<std::string> argv = ReplayArguments(options);
  argv.push_back(file);
  ChildRun run = RunEngineChild(options, argv, {}, /*quiet=*/false);
  if (!run.started) return kExitError;
  Verdict v = VerdictOf(run);
  switch (v.end) {
    case EngineEnd::kCrash:
    case EngineEnd::kTimeout:
    case EngineEnd::kOom:
      break;
    case EngineEnd::kInterrupted:
      return kExitInterrupted;
    case EngineEnd::kFinished:
      std::fprintf(stderr, "ERROR: the input %s did not crash (%s: nothing to do)\n", file.c_str(),
                   tool);
      return kExitError;
    default:
      std::fprintf(stderr, "ERROR: the input %s did not crash: %s (%s: nothing to do)\n",
                   file.c_str(), v.what.empty() ? "the engine failed" : v.what.c_str(), tool);
      return kExitError;
  }
  Crasher c;
  c.signature = FailureSignatureOf(v, v.culprits.empty() ? nullptr : &run.slots[v.culprits[0]]);
  c.verdict = std::move(v);
  c.data = std::move(*data);
  std::fprintf(stderr, "%s: %s (%zu bytes) fails: %s\n", tool, file.c_str(), c.data.size(),
               c.verdict.what.c_str());
  return c;
}

// The directory where the tools' work file goes: the -artifact_prefix directory (ClusterFuzz
// gives each run a fresh one), created if missing. "" with the reason printed if it cannot be.
std::string WorkDirectory(const Options& options) {
  std::string dir = ArtifactDirectory(options.artifact_prefix);
  if (Status s = EnsureWritableDirectory(dir); !s.ok()) {
    std::fprintf(stderr, "ERROR: -artifact_prefix=%s: %s\n", options.artifact_prefix.c_str(),
                 s.message().c_str());
    return "";
  }
  return dir;
}

// -minimize_crash=1: Go's minimization passes (as for the crashers fuzzing finds) over FILE, a
// candidate accepted only when it fails the same way with the same stack, within -runs target
// calls or -max_total_time seconds. OUT holds FILE itself at first, then each smaller crasher.
int MinimizeCrash(const Options& options, RunMode mode) {
  if (options.inputs.size() != 1 || mode != RunMode::kReplay) {
    std::fprintf(stderr, "ERROR: -minimize_crash should be given one input file\n");
    return kExitError;
  }
  const std::string& file = options.inputs[0];
  Options budget = options;
  budget.minimize_attempts = options.exec_limit;  // -runs, when given, is exact
  budget.minimize_time_ns = options.time_limit_ns;
  if (options.exec_limit == 0 && options.time_limit_ns == 0) {
    std::fprintf(stderr,
                 "INFO: you need to specify -runs=N or -max_total_time=N with "
                 "-minimize_crash=1\nINFO: defaulting to -max_total_time=%llu\n",
                 (unsigned long long)kDefaultMinimizeSeconds);
    budget.minimize_time_ns = kDefaultMinimizeSeconds * 1'000'000'000;
  }
  std::string work_dir = WorkDirectory(options);
  if (work_dir.empty()) return kExitError;
  auto original = RunOriginal(options, "CRASH_MIN", file);
  if (const int* code = std::get_if<int>(&original)) return *code;
  Crasher& crasher = std::get<Crasher>(original);
  std::string out = !options.exact_artifact_path.empty()
                        ? options.exact_artifact_path
                        : options.artifact_prefix + "minimized-from-" +
                              Sha1Hex(crasher.data.data(), crasher.data.size());
  // On disk before anything else: whatever happens next, OUT holds a crasher.
  if (Status s = WriteExact(out, crasher.data); !s.ok()) {
    std::fprintf(stderr, "ERROR: could not write %s: %s\n", out.c_str(), s.message().c_str());
    return kExitError;
  }
  Bytes best = crasher.data;
  if (crasher.verdict.end != EngineEnd::kCrash) {
    // As for the failures fuzzing finds: hangs and memory failures are kept as found (each
    // candidate that hangs would cost -timeout seconds).
    std::fprintf(stderr,
                 "CRASH_MIN: hivefuzz minimizes crashes, not %s; the input is written as it "
                 "is\n",
                 crasher.verdict.end == EngineEnd::kTimeout ? "hangs" : "out-of-memory inputs");
  } else if (!Interrupted()) {
    best = MinimizeCrasherInPlace(budget, crasher.signature, crasher.data, out, work_dir);
  }
  std::fprintf(stderr, "CRASH_MIN: %zu bytes (from %zu), written to %s\n", best.size(),
               crasher.data.size(), out.c_str());
  std::fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n",
               options.artifact_prefix.c_str(), out.c_str());
  return Interrupted() ? kExitInterrupted : kExitOk;
}

// -cleanse_crash=1: libFuzzer's CleanseCrashInput. Up to 5 passes, each over every byte front
// to back: a byte that is not ' ' or 0xff already is replaced by ' ', else by 0xff, and the
// first replacement that still fails is kept; the passes stop at the first that changes
// nothing. Unlike libFuzzer, "still fails" means the same way with the same stack (IsSameBug),
// not any non-zero exit: a byte that turns the input into another bug's is kept as it was.
// Each candidate runs alone in a fresh child. OUT holds FILE at first, then each improvement.
// -max_total_time, when given, bounds it (libFuzzer has no limit; ClusterFuzz kills it at its
// deadline).
int CleanseCrash(const Options& options, RunMode mode) {
  if (options.inputs.size() != 1 || mode != RunMode::kReplay ||
      options.exact_artifact_path.empty()) {
    std::fprintf(stderr,
                 "ERROR: -cleanse_crash should be given one input file and "
                 "-exact_artifact_path\n");
    return kExitError;
  }
  const std::string& file = options.inputs[0];
  const std::string& out = options.exact_artifact_path;
  std::string work_dir = WorkDirectory(options);
  if (work_dir.empty()) return kExitError;
  auto original = RunOriginal(options, "CLEANSE", file);
  if (const int* code = std::get_if<int>(&original)) return *code;
  Crasher& crasher = std::get<Crasher>(original);
  if (Status s = WriteExact(out, crasher.data); !s.ok()) {
    std::fprintf(stderr, "ERROR: could not write %s: %s\n", out.c_str(), s.message().c_str());
    return kExitError;
  }
  const uint64_t start = MonotonicNanos();
  auto out_of_time = [&] {
    return Interrupted() ||
           (options.time_limit_ns != 0 && MonotonicNanos() - start >= options.time_limit_ns);
  };
  std::string work_name = kMinimizeWorkFilePrefix + std::to_string(getpid());
  std::string work_file = JoinPath(work_dir, work_name);
  Bytes u = crasher.data;
  size_t replaced = 0;
  uint64_t runs = 0;
  std::string error;
  bool stopped = false;
  for (int pass = 0; pass < kCleansePasses && !stopped && error.empty(); pass++) {
    bool changed = false;
    for (size_t i = 0; i < u.size() && !stopped && error.empty(); i++) {
      const uint8_t original_byte = u[i];
      if (original_byte == kCleanseBytes[0] || original_byte == kCleanseBytes[1]) continue;
      for (uint8_t replacement : kCleanseBytes) {
        if (out_of_time()) {
          stopped = true;
          break;
        }
        u[i] = replacement;
        if (Status s = WriteFileAtomic(work_dir, work_name, u.data(), u.size()); !s.ok()) {
          error = s.message();
          break;
        }
        runs++;
        if (IsSameBug(crasher.signature, ReplayFiles(options, {work_file}))) {
          if (Status s = WriteExact(out, u); !s.ok()) {
            error = s.message();
            u[i] = original_byte;  // OUT still holds the input without it
            break;
          }
          std::fprintf(stderr, "CLEANSE: Replaced byte %zu with 0x%x\n", i, replacement);
          changed = true;
          replaced++;
          break;
        }
        u[i] = original_byte;
      }
    }
    if (!changed) break;
  }
  unlink(work_file.c_str());
  if (!error.empty()) {
    std::fprintf(stderr, "CLEANSE: stopped: %s\n", error.c_str());
  } else if (stopped) {
    std::fprintf(stderr, "CLEANSE: stopped (%s)\n",
                 Interrupted() ? "interrupted" : "-max_total_time reached");
  }
  size_t cleansed = 0;
  for (uint8_t b : u) cleansed += b == kCleanseBytes[0] || b == kCleanseBytes[1];
  std::fprintf(stderr,
               "CLEANSE: replaced %zu byte(s) in %llu runs; %zu of %zu bytes are ' ' or 0xff; "
               "written to %s\n",
               replaced, (unsigned long long)runs, cleansed, u.size(), out.c_str());
  std::fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n",
               options.artifact_prefix.c_str(), out.c_str());
  if (Interrupted()) return kExitInterrupted;
  return error.empty() ? kExitOk : kExitError;
}

}  // namespace

std::string PlaceAtExactArtifactPath(const Options& options, const std::string& path) {
  const std::string& exact = options.exact_artifact_path;
  if (exact.empty() || path.empty() || path == exact) return path;
  auto data = ReadFile(path);
  Status s = data.ok() ? WriteExact(exact, *data) : data.status();
  if (!s.ok()) {
    std::fprintf(stderr,
                 "==hivefuzz== could not write -exact_artifact_path=%s: %s; the input "
                 "stays at %s\n",
                 exact.c_str(), s.message().c_str(), path.c_str());
    return path;
  }
  unlink(path.c_str());
  return exact;
}

std::optional<int> RunCrashTools(const Options& options, RunMode mode) {
  if (!options.exact_artifact_path.empty()) {
    // libFuzzer's check: the file may be new, its directory must exist.
    std::string dir = ArtifactDirectory(options.exact_artifact_path);
    if (!IsDirectory(dir)) {
      std::fprintf(stderr, "ERROR: the directory of -exact_artifact_path=%s: %s %s\n",
                   options.exact_artifact_path.c_str(), dir.c_str(), DescribePath(dir).c_str());
      return kExitError;
    }
  }
  if (!options.minimize_crash && !options.cleanse_crash) return std::nullopt;
  InstallSignalHandling();
  // Both given: libFuzzer minimizes.
  return options.minimize_crash ? MinimizeCrash(options, mode) : CleanseCrash(options, mode);
}

}  // namespace hivefuzz
