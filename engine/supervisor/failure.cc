#include "supervisor/failure.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/content_hash.h"
#include "options/child_protocol.h"
#include "supervisor/crash_report.h"
#include "supervisor/engine_process.h"

namespace hivefuzz {
namespace {

struct FailureKind {
  const char* artifact;  // file name prefix, libFuzzer's
  const char* headline;
  int exit_code;
};

FailureKind KindOf(EngineEnd end) {
  switch (end) {
    case EngineEnd::kTimeout:
      return {"timeout-", "the target hung", kExitTimeout};
    case EngineEnd::kOom:
      return {"oom-", "out of memory", kExitOom};
    default:
      return {"crash-", "the target failed", kExitCrash};
  }
}

// The file name prefix of a failure of `slot`: LeakSanitizer's finds are leak-<sha1>, as
// libFuzzer names them (ClusterFuzz reads the prefix), whatever else fails as the verdict says.
const char* ArtifactOf(const FailureKind& kind, const SlotSnapshot& slot) {
  return slot.state == SlotState::kCrashed && slot.kind == CrashKind::kLeak ? "leak-"
                                                                            : kind.artifact;
}

// The signature of a verdict whose first culprit is `slot` (null if none): a marked slot says
// what failed and where; an unmarked death keeps at least its signal.
FailureSignature SignatureOf(const Verdict& verdict, const SlotSnapshot* slot) {
  FailureSignature s;
  s.end = verdict.end;
  if (verdict.end != EngineEnd::kCrash) return s;
  if (slot != nullptr && slot->state == SlotState::kCrashed) {
    s.kind = slot->kind;
    s.signal = slot->signal;
    s.stack_hash = slot->stack_hash;
  } else if (verdict.signal != 0) {
    s.kind = CrashKind::kSignal;  // no handler marked it, but the signal says what it was
    s.signal = verdict.signal;
  }
  return s;
}

// "Fails the same way", for isolation: the same kind of failure. The stack may differ (an
// unmarked death has none).
bool SameKind(const FailureSignature& a, const FailureSignature& b) {
  return a.end == b.end && a.kind == b.kind && a.signal == b.signal;
}

// For minimization: the same kind and, where the original has one, the same stack, so that a
// smaller input of another bug (bug B's input turned into bug A's by a byte replacement) is
// not taken for a smaller reproducer of this one.
bool SameBug(const FailureSignature& original, const FailureSignature& candidate) {
  return SameKind(original, candidate) &&
         (original.stack_hash == 0 || candidate.stack_hash == original.stack_hash);
}

std::string BaseName(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

std::string Quote(const Bytes& data, size_t limit) {
  std::string out = "\"";
  for (size_t i = 0; i < data.size() && i < limit; i++) {
    uint8_t c = data[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  out += data.size() > limit ? "\"..." : "\"";
  return out;
}

// Directories a failing input goes to when the artifact directory cannot take it (full,
// read-only): the temporary directory, then the current directory.
std::vector<std::string> FallbackDirectories(const std::string& artifact_dir) {
  std::vector<std::string> dirs;
  const char* tmp = std::getenv("TMPDIR");
  for (std::string dir : {std::string(tmp != nullptr && *tmp ? tmp : "/tmp"), std::string(".")}) {
    if (dir != artifact_dir) dirs.push_back(dir);
  }
  return dirs;
}

// Writes `data` as <artifact_prefix><name_prefix><sha1>, or, if that directory cannot take it,
// under the same name in a fallback directory (saying so). Returns the path, or "" after
// printing the whole input, so that it is not lost even then.
std::string Save(const Options& options, const std::string& name_prefix, const Bytes& data) {
  std::string path = options.artifact_prefix + name_prefix + Sha1Hex(data.data(), data.size());
  std::string dir = ArtifactDirectory(path), name = BaseName(path);
  Status s = WriteFileAtomic(dir, name, data.data(), data.size());
  if (s.ok()) return path;
  std::fprintf(stderr, "==hivefuzz== could not save a failing input: %s\n", s.message().c_str());
  for (const std::string& fallback : FallbackDirectories(dir)) {
    if (WriteFileAtomic(fallback, name, data.data(), data.size()).ok()) {
      std::string saved = JoinPath(fallback, name);
      std::fprintf(stderr, "==hivefuzz== saved it to %s instead\n", saved.c_str());
      return saved;
    }
  }
  std::string tried;
  for (const std::string& fallback : FallbackDirectories(dir)) tried += " " + fallback;
  std::fprintf(stderr,
               "==hivefuzz== no directory could take it (also tried%s); here is the whole "
               "failing input (%zu bytes), as a C string:\n%s\n",
               tried.c_str(), data.size(), Quote(data, SIZE_MAX).c_str());
  return "";
}

// Writes `data` as <name_prefix><sha1> in the directory of `beside`; returns the path, or ""
// with the reason in *error.
std::string SaveBeside(const std::string& beside, const std::string& name_prefix, const Bytes& data,
                       std::string* error) {
  std::string dir = ArtifactDirectory(beside);
  std::string name = name_prefix + Sha1Hex(data.data(), data.size());
  Status s = WriteFileAtomic(dir, name, data.data(), data.size());
  if (!s.ok()) {
    *error = s.message();
    return "";
  }
  return beside.find('/') == std::string::npos ? name : JoinPath(dir, name);
}

std::vector<std::string> ReplayArgs(const Options& options) {
  std::vector<std::string> args = {options.program,
                                   "-timeout=" + std::to_string(options.timeout_ns / 1'000'000'000),
                                   "-rss_limit_mb=" + std::to_string(options.rss_limit_mb),
                                   "-malloc_limit_mb=" + std::to_string(options.malloc_limit_mb)};
  // An explicit -max_len cut the corpus files to it: a seed reruns as it ran.
  if (options.max_len != 0) args.push_back("-max_len=" + std::to_string(options.max_len));
  // A replay must not find a leak the fuzzing run was told not to look for.
  if (!options.detect_leaks) args.push_back("-detect_leaks=0");
  return args;
}

// The command that re-runs `files`: the program, the limits the user changed (a failure may
// depend on them), the files.
std::string RerunCommand(const Options& options, const std::vector<std::string>& files) {
  const Options defaults;
  std::string command = options.program;
  if (options.timeout_ns != defaults.timeout_ns) {
    command += " -timeout=" + std::to_string(options.timeout_ns / 1'000'000'000);
  }
  if (options.rss_limit_mb != defaults.rss_limit_mb) {
    command += " -rss_limit_mb=" + std::to_string(options.rss_limit_mb);
  }
  if (options.malloc_limit_mb != options.rss_limit_mb) {
    command += " -malloc_limit_mb=" + std::to_string(options.malloc_limit_mb);
  }
  if (options.max_len != 0) command += " -max_len=" + std::to_string(options.max_len);
  if (!options.detect_leaks) command += " -detect_leaks=0";
  for (const std::string& file : files) command += " " + file;
  return command;
}

// Runs `files` in order in one fresh single-threaded child; returns how it ended.
FailureSignature Replay(const Options& options, const std::vector<std::string>& files) {
  std::vector<std::string> argv = ReplayArgs(options);
  argv.insert(argv.end(), files.begin(), files.end());
  ChildRun run = RunEngineChild(options, argv, {}, /*quiet=*/true);
  Verdict v = VerdictOf(run);
  return SignatureOf(v, v.culprits.empty() ? nullptr : &run.slots[v.culprits[0]]);
}

// Shrinks `crasher` (already saved at `*path`) in minimizing children; every smaller input
// that fails the same way replaces the file at `*path` at once: as crash-<sha1> beside it, or,
// `in_place`, as *path itself. The work file goes to `work_dir` ("": beside *path). Returns the
// best input. Every child minimizes the original crasher and is told the answers its
// predecessors got, so it resumes where the last one died instead of starting the passes over.
Bytes Minimize(const Options& options, const FailureSignature& signature, Bytes crasher,
               std::string* path, const std::string& work_dir_or_empty = "",
               bool in_place = false) {
  // Beyond this many accepted candidates the answer list gets long for an environment
  // variable; the minimization then starts over from the best input so far.
  constexpr size_t kMaxAnswers = 10'000;
  std::fprintf(stderr, "fuzz: minimizing %zu-byte failing input file\n", crasher.size());
  // Beside the crasher, which may be in a fallback directory.
  std::string work_dir = work_dir_or_empty.empty() ? ArtifactDirectory(*path) : work_dir_or_empty;
  std::string work_name = kMinimizeWorkFilePrefix + std::to_string(getpid());
  std::string work_file = JoinPath(work_dir, work_name);
  uint64_t start = MonotonicNanos();
  uint64_t runs_left = options.minimize_attempts;  // 0: limited by time only
  uint64_t total_runs = 0;
  MinimizeChildParams params;
  bool rebase = true;  // the work file must (again) hold the input the passes start from
  std::string error;   // why minimization stopped early, if it did
  while (!Interrupted()) {
    uint64_t elapsed_ms = (MonotonicNanos() - start) / 1'000'000;
    params.time_ms = 0;
    if (options.minimize_attempts == 0) {
      uint64_t budget_ms = options.minimize_time_ns / 1'000'000;
      if (elapsed_ms >= budget_ms) break;
      params.time_ms = budget_ms - elapsed_ms;
    }
    params.max_runs = runs_left;
    if (rebase) {
      if (Status s = WriteFileAtomic(work_dir, work_name, crasher.data(), crasher.size());
          !s.ok()) {
        error = s.message();
        break;
      }
      params.decided = 0;
      params.accepted.clear();
      rebase = false;
    }
    std::vector<std::string> argv = ReplayArgs(options);
    argv.push_back(work_file);
    ChildRun run = RunEngineChild(
        options, argv, {std::string(kMinimizeVariable) + "=" + FormatMinimizeParams(params)},
        /*quiet=*/true);
    if (run.slots.empty()) break;
    const SlotSnapshot& slot = run.slots[0];
    uint64_t runs = slot.seq > params.decided ? slot.seq - params.decided : 0;
    total_runs += runs;
    if (options.minimize_attempts != 0) runs_left -= std::min(runs_left, runs);
    Verdict v = VerdictOf(run);
    if (v.end == EngineEnd::kFinished || v.end == EngineEnd::kInterrupted) break;
    if (runs == 0) break;  // died before trying anything new: going on would repeat that
    // The passes never offer the current best itself; a same-size candidate is one with more
    // printable bytes (Go's last pass).
    if (SameBug(signature, SignatureOf(v, &slot)) && slot.data.size() <= crasher.size() &&
        slot.data != crasher) {
      // A smaller crasher: on disk first, then the larger one goes.
      std::string smaller;
      if (!in_place) {
        smaller = SaveBeside(*path, signature.kind == CrashKind::kLeak ? "leak-" : "crash-",
                             slot.data, &error);
      } else if (Status s = WriteFileAtomic(ArtifactDirectory(*path), BaseName(*path),
                                            slot.data.data(), slot.data.size());
                 s.ok()) {
        smaller = *path;
      } else {
        error = s.message();
      }
      if (smaller.empty()) break;
      if (smaller != *path) unlink(path->c_str());
      *path = smaller;
      crasher = slot.data;
      params.accepted.push_back(slot.seq);
      rebase = params.accepted.size() >= kMaxAnswers;
    }
    // Otherwise it failed some other way: that candidate counts as rejected.
    params.decided = slot.seq;
    if (options.minimize_attempts != 0 && runs_left == 0) break;
  }
  unlink(work_file.c_str());
  if (!error.empty()) {
    std::fprintf(stderr,
                 "fuzz: minimization stopped after %llu attempts: %s. The smallest failing "
                 "input so far (%zu bytes) is kept.\n",
                 (unsigned long long)total_runs, error.c_str(), crasher.size());
  } else {
    std::fprintf(stderr, "fuzz: minimized to %zu bytes in %llu attempts%s\n", crasher.size(),
                 (unsigned long long)total_runs, Interrupted() ? " (interrupted)" : "");
  }
  return crasher;
}

// One failing slot and the inputs that were in flight beside it, saved, then isolated.
struct Suspect {
  size_t slot;
  std::string path;        // where it is saved now; "" if it could not be saved
  std::string final_path;  // <artifact_prefix><kind>-<sha1>: its name if it is the reproducer
  bool taken = false;      // the reproducer of some failure
};

// Renames a suspect that turned out to be a reproducer to its final name.
void Promote(Suspect& s) {
  if (s.path != s.final_path && ArtifactDirectory(s.path) == ArtifactDirectory(s.final_path) &&
      rename(s.path.c_str(), s.final_path.c_str()) == 0) {
    s.path = s.final_path;
  }
  s.taken = true;
}

// Handles one failure whose own input is `primary` (saved already), with `others` the inputs
// in flight beside it (saved too): isolate, minimize, report.
HandledFailure IsolateAndReport(const Options& options, const Verdict& verdict,
                                const std::vector<SlotSnapshot>& slots, Suspect& primary,
                                std::vector<Suspect*>& others) {
  const FailureKind kind = KindOf(verdict.end);
  const SlotSnapshot& first = slots[primary.slot];
  HandledFailure handled;
  handled.signature = SignatureOf(verdict, &first);
  handled.exit_code = kind.exit_code;
  const FailureSignature& signature = handled.signature;
  if (Interrupted()) {
    std::fprintf(stderr, "interrupted: the failing input(s) are saved, not isolated:\n");
    for (Suspect* s : others) {
      if (!s->path.empty()) std::fprintf(stderr, "  %s\n", s->path.c_str());
    }
    if (!primary.path.empty()) handled.files.push_back(primary.path);
    if (!primary.path.empty()) std::fprintf(stderr, "  %s\n", primary.path.c_str());
    primary.taken = true;
    for (Suspect* s : others) s->taken = true;
    return handled;
  }
  // Isolate: the first input that fails alone, the same way, in a fresh child; the failing
  // slot's own input first.
  std::vector<Suspect*> order = {&primary};
  for (Suspect* s : others) {
    if (!s->taken) order.push_back(s);
  }
  Suspect* culprit = nullptr;
  for (Suspect* s : order) {
    if (Interrupted()) break;
    if (!s->path.empty() && SameKind(Replay(options, {s->path}), signature)) {
      culprit = s;
      break;
    }
  }
  if (culprit == nullptr && primary.path.empty()) {
    // The failing input itself is only in the output (printed when it could not be saved); the
    // others reproduce nothing without it.
    std::fprintf(stderr,
                 "the failing input could not be saved (it is printed above), and no input in "
                 "flight beside it fails alone: nothing to re-run\n");
    primary.taken = true;
    return handled;
  }
  if (culprit == nullptr) {
    // None alone: maybe only a sequence fails (state kept between runs). The failing slot ran
    // last, so it goes last.
    std::vector<Suspect*> in_order(order.begin() + 1, order.end());
    in_order.push_back(&primary);
    std::vector<std::string> paths;
    for (Suspect* s : in_order) {
      if (!s->path.empty()) paths.push_back(s->path);
    }
    bool batch = paths.size() > 1 && SameKind(Replay(options, paths), signature);
    for (Suspect* s : in_order) {
      Promote(*s);
      if (!s->path.empty()) handled.files.push_back(s->path);
    }
    if (batch) {
      std::fprintf(stderr,
                   "no input fails alone, but the %zu inputs in flight fail when run in this "
                   "order (crash batch):\n",
                   handled.files.size());
    } else {
      std::fprintf(stderr,
                   "the failure did not reproduce in a fresh process (flaky, or it depends on "
                   "earlier inputs); all %zu inputs in flight are kept:\n",
                   handled.files.size());
    }
    std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, handled.files).c_str());
    // The engine's own slot count, not -parallel: a fuzz test that is not declared
    // thread-safe runs one worker whatever -parallel says.
    if (!batch && slots.size() > 1) {
      // Neither alone nor one after the other: the inputs that ran at the same time on other
      // workers are the likeliest cause.
      std::fprintf(stderr,
                   "hivefuzz: %u workers ran the target at once and the failure comes back "
                   "neither alone nor in sequence: the target may not be thread-safe (state "
                   "shared between calls: globals, static buffers, caches). Check it with a "
                   "ThreadSanitizer build (build/tsan/bin/hivefuzz-clang++), or fuzz it with "
                   "-fork=%u (processes of one worker each, sharing one coverage mask) or "
                   "-parallel=1 (docs/fuzzing-your-target.md, Threads).\n",
                   unsigned(slots.size()), unsigned(slots.size()));
    }
    return handled;
  }
  if (culprit != &primary) {
    std::fprintf(stderr, "isolated: the input of worker %u fails alone\n",
                 slots[culprit->slot].index);
    if (primary.path != culprit->final_path) unlink(primary.path.c_str());
    primary.path.clear();
    primary.taken = true;
  }
  Promote(*culprit);
  std::string path = culprit->path;

  // Minimize crashers (hangs and memory are kept as found, as libFuzzer does).
  // An ignored failure (-ignore_crashes=1...) is kept as found, and reported without libFuzzer's
  // "Test unit written to" line, which tools read as a finding (libFuzzer's fork mode does not
  // show an ignored job's lines either).
  const bool ignored = IgnoredByFlags(options, verdict.end);
  bool minimize = verdict.end == EngineEnd::kCrash && !ignored &&
                  (options.minimize_time_ns != 0 || options.minimize_attempts != 0);
  if (minimize && !Interrupted()) Minimize(options, signature, slots[culprit->slot].data, &path);

  if (ignored) {
    std::fprintf(stderr, "hivefuzz: ignored (%s), fuzzing goes on; the input is kept as %s\n",
                 IgnoreFlagOf(verdict.end), path.c_str());
  } else {
    path = PlaceAtExactArtifactPath(options, path);  // -exact_artifact_path, if given
    std::fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n",
                 options.artifact_prefix.c_str(), path.c_str());
  }
  std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, {path}).c_str());
  handled.files = {path};
  return handled;
}

}  // namespace

std::vector<HandledFailure> HandleFailure(const Options& options, const Verdict& verdict,
                                          const std::vector<SlotSnapshot>& slots,
                                          const KnownFailure& known) {
  const FailureKind kind = KindOf(verdict.end);
  uint64_t total_execs = 0;
  for (const SlotSnapshot& s : slots) total_execs += s.seq;

  // The failures: every slot that marked itself as failing (two threads can fail at the same
  // instant), or, when none did, the watchdog's or the verdict's first culprit.
  std::vector<size_t> primaries;
  for (size_t i : verdict.culprits) {
    if (slots[i].state == SlotState::kCrashed) primaries.push_back(i);
  }
  if (primaries.empty()) primaries.push_back(verdict.culprits[0]);
  // A slot that failed the same way as an earlier one at the same instant (same kind, same
  // stack) is a twin: the same bug, kept as an input in flight beside the first.
  std::vector<size_t> known_primaries, new_primaries, twins;
  std::vector<FailureSignature> seen;
  for (size_t i : primaries) {
    FailureSignature signature = SignatureOf(verdict, &slots[i]);
    if (std::find(seen.begin(), seen.end(), signature) != seen.end()) {
      twins.push_back(i);
      continue;
    }
    seen.push_back(signature);
    bool is_known = known != nullptr && known(signature);
    (is_known ? known_primaries : new_primaries).push_back(i);
  }
  for (size_t i : known_primaries) {
    std::fprintf(stderr, "==hivefuzz== the same failure again (%s), already recorded\n",
                 slots[i].state == SlotState::kCrashed ? DescribeFailure(slots[i]).c_str()
                                                       : verdict.what.c_str());
  }
  std::vector<HandledFailure> handled;
  if (new_primaries.empty()) return handled;

  // Inputs that are the user's own files already: report them by name, write nothing. A seed
  // is named only if it fails alone; otherwise it goes through isolation like a mutant.
  std::vector<size_t> generated;
  for (size_t i : new_primaries) {
    const SlotSnapshot& first = slots[i];
    FailureSignature signature = SignatureOf(verdict, &first);
    bool seed_fails_alone = first.origin == InputOrigin::kSeed && !Interrupted() &&
                            SameKind(Replay(options, {first.origin_path}), signature);
    if (first.origin == InputOrigin::kSeed && !seed_fails_alone) {
      std::fprintf(stderr,
                   "the seed corpus entry %s failed during warmup but does not fail alone; "
                   "isolating the inputs in flight\n",
                   first.origin_path.c_str());
    }
    if (!seed_fails_alone && first.origin != InputOrigin::kReplay) {
      generated.push_back(i);
      continue;
    }
    PrintLibFuzzerReport(options, verdict, &first);
    std::fprintf(
        stderr, "==hivefuzz== ERROR: %s: %s\n", kind.headline,
        first.state == SlotState::kCrashed ? DescribeFailure(first).c_str() : verdict.what.c_str());
    if (first.origin == InputOrigin::kSeed) {
      std::fprintf(stderr, "failure while testing seed corpus entry: %s\n",
                   first.origin_path.c_str());
    } else {
      std::fprintf(stderr, "the input %s reproduces the failure\n", first.origin_path.c_str());
    }
    std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, {first.origin_path}).c_str());
    handled.push_back({signature, kind.exit_code, {first.origin_path}});
  }
  new_primaries = generated;
  if (new_primaries.empty()) return handled;

  // 1. Record: every failing input and every input in flight on disk before anything else,
  // printing included (the reader of the output may be gone).
  std::vector<Suspect> suspects;
  auto add = [&](size_t slot, const char* prefix) {
    const Bytes& data = slots[slot].data;
    std::string final_path =
        options.artifact_prefix + ArtifactOf(kind, slots[slot]) + Sha1Hex(data.data(), data.size());
    suspects.push_back({slot, Save(options, prefix, data), final_path});
  };
  for (size_t i : new_primaries) add(i, ArtifactOf(kind, slots[i]));
  for (size_t i = 0; i < slots.size(); i++) {
    bool primary = std::find(new_primaries.begin(), new_primaries.end(), i) != new_primaries.end();
    bool twin = std::find(twins.begin(), twins.end(), i) != twins.end();
    if ((slots[i].state == SlotState::kRunning && !primary) || twin) add(i, "inflight-");
  }
  // 2. Say what happened, and what is where.
  for (size_t i : new_primaries) {
    PrintLibFuzzerReport(options, verdict, &slots[i]);
    std::fprintf(stderr, "==hivefuzz== ERROR: %s: %s\n", kind.headline,
                 slots[i].state == SlotState::kCrashed && new_primaries.size() > 1
                     ? DescribeFailure(slots[i]).c_str()
                     : verdict.what.c_str());
  }
  for (size_t i : twins) {
    std::fprintf(stderr, "worker %u failed the same way (%s) at the same instant\n",
                 slots[i].index, DescribeFailure(slots[i]).c_str());
  }
  for (const Suspect& sus : suspects) {
    const SlotSnapshot& s = slots[sus.slot];
    if (s.input_overwritten) {
      std::fprintf(stderr,
                   "note: the target wrote to its (const) input before it failed; the input "
                   "saved is the one it was given, not the bytes it changed\n");
    }
    std::fprintf(stderr, "worker %u (%llu executions; %llu in all): %zu-byte input %s%s%s%s\n",
                 s.index, (unsigned long long)s.seq, (unsigned long long)total_execs, s.data.size(),
                 Quote(s.data, 64).c_str(),
                 s.origin == InputOrigin::kMinimizing
                     ? " (a candidate while minimizing a new interesting input)"
                     : "",
                 sus.path.empty() ? " (not saved)" : ", saved as ", sus.path.c_str());
  }
  // 3. Isolate, minimize and report each failure.
  size_t num_primaries = new_primaries.size();
  for (size_t p = 0; p < num_primaries; p++) {
    Suspect& primary = suspects[p];
    if (primary.taken) continue;  // it reproduced another failure already
    std::vector<Suspect*> others;
    for (size_t i = num_primaries; i < suspects.size(); i++) others.push_back(&suspects[i]);
    if (primary.path.empty() && others.empty()) {
      // Not saved (printed above) and nothing else to try: not recorded.
      handled.push_back({SignatureOf(verdict, &slots[primary.slot]), kind.exit_code, {}});
      continue;
    }
    handled.push_back(IsolateAndReport(options, verdict, slots, primary, others));
  }
  // Inputs in flight that reproduce nothing are innocent.
  for (size_t i = num_primaries; i < suspects.size(); i++) {
    if (!suspects[i].taken && !suspects[i].path.empty()) unlink(suspects[i].path.c_str());
  }
  return handled;
}

// For the crash tools (crash_tools.cc): the pieces above, unchanged.
FailureSignature FailureSignatureOf(const Verdict& verdict, const SlotSnapshot* slot) {
  return SignatureOf(verdict, slot);
}
bool IsSameBug(const FailureSignature& original, const FailureSignature& candidate) {
  return SameBug(original, candidate);
}
std::vector<std::string> ReplayArguments(const Options& options) { return ReplayArgs(options); }
FailureSignature ReplayFiles(const Options& options, const std::vector<std::string>& files) {
  return Replay(options, files);
}
Bytes MinimizeCrasherInPlace(const Options& options, const FailureSignature& signature,
                             Bytes crasher, const std::string& path, const std::string& work_dir) {
  std::string at = path;
  return Minimize(options, signature, std::move(crasher), &at, work_dir, /*in_place=*/true);
}

}  // namespace hivefuzz

// ---- libFuzzer's -ignore_crashes, -ignore_timeouts, -ignore_ooms ----
namespace hivefuzz {

bool IgnoredByFlags(const Options& options, EngineEnd end) {
  switch (end) {
    case EngineEnd::kCrash:
      return options.ignore_crashes;
    case EngineEnd::kTimeout:
      return options.ignore_timeouts;
    case EngineEnd::kOom:
      return options.ignore_ooms;
    default:
      return false;
  }
}

const char* IgnoreFlagOf(EngineEnd end) {
  switch (end) {
    case EngineEnd::kTimeout:
      return "-ignore_timeouts=1";
    case EngineEnd::kOom:
      return "-ignore_ooms=1";
    default:
      return "-ignore_crashes=1";
  }
}

}  // namespace hivefuzz
// ---- end -ignore_* ----
