#include "supervisor/failure.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/content_hash.h"
#include "options/child_protocol.h"
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

// Writes `data` as <artifact_prefix><name_prefix><sha1>; returns the path, or "" after saying
// why it failed (and printing the input, so it is not lost).
std::string Save(const Options& options, const std::string& name_prefix, const Bytes& data) {
  std::string path = options.artifact_prefix + name_prefix + Sha1Hex(data.data(), data.size());
  Status s = WriteFileAtomic(ArtifactDirectory(path), BaseName(path), data.data(), data.size());
  if (!s.ok()) {
    std::fprintf(stderr, "==hivefuzz== could not save a failing input: %s\n", s.message().c_str());
    std::fprintf(stderr, "failing input (%zu bytes): %s\n", data.size(), Quote(data, 4096).c_str());
    return "";
  }
  return path;
}

std::vector<std::string> ReplayArgs(const Options& options) {
  return {options.program, "-timeout=" + std::to_string(options.timeout_ns / 1'000'000'000),
          "-rss_limit_mb=" + std::to_string(options.rss_limit_mb),
          "-malloc_limit_mb=" + std::to_string(options.malloc_limit_mb)};
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
// that fails the same way replaces the file at `*path` at once. Returns the best input.
// Every child minimizes the original crasher and is told the answers its predecessors got, so
// it resumes where the last one died instead of starting the passes over.
Bytes Minimize(const Options& options, const FailureSignature& signature, Bytes crasher,
               std::string* path) {
  // Beyond this many accepted candidates the answer list gets long for an environment
  // variable; the minimization then starts over from the best input so far.
  constexpr size_t kMaxAnswers = 10'000;
  std::fprintf(stderr, "fuzz: minimizing %zu-byte failing input file\n", crasher.size());
  std::string work_dir = ArtifactDirectory(options.artifact_prefix);
  std::string work_name = ".hivefuzz-minimize-" + std::to_string(getpid());
  std::string work_file = JoinPath(work_dir, work_name);
  uint64_t start = MonotonicNanos();
  uint64_t runs_left = options.minimize_attempts;  // 0: limited by time only
  uint64_t total_runs = 0;
  MinimizeChildParams params;
  bool rebase = true;  // the work file must (again) hold the input the passes start from
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
      if (!WriteFileAtomic(work_dir, work_name, crasher.data(), crasher.size()).ok()) break;
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
      std::string smaller = Save(options, "crash-", slot.data);
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
  std::fprintf(stderr, "fuzz: minimized to %zu bytes in %llu attempts%s\n", crasher.size(),
               (unsigned long long)total_runs, Interrupted() ? " (interrupted)" : "");
  return crasher;
}

}  // namespace

FailureSignature SignatureOfFailure(const Verdict& verdict,
                                    const std::vector<SlotSnapshot>& slots) {
  return SignatureOf(verdict, verdict.culprits.empty() ? nullptr : &slots[verdict.culprits[0]]);
}

HandledFailure HandleFailure(const Options& options, const Verdict& verdict,
                             const std::vector<SlotSnapshot>& slots) {
  FailureKind kind = KindOf(verdict.end);
  uint64_t total_execs = 0;
  for (const SlotSnapshot& s : slots) total_execs += s.seq;
  std::fprintf(stderr, "==hivefuzz== ERROR: %s: %s\n", kind.headline, verdict.what.c_str());

  // Inputs that are the user's own files already: report them by name, write nothing. A seed
  // is named only if it fails alone; otherwise it goes through isolation like a mutant.
  const SlotSnapshot& first = slots[verdict.culprits[0]];
  FailureSignature signature = SignatureOf(verdict, &first);
  bool seed_fails_alone = first.origin == InputOrigin::kSeed && !Interrupted() &&
                          SameKind(Replay(options, {first.origin_path}), signature);
  if (first.origin == InputOrigin::kSeed && !seed_fails_alone) {
    std::fprintf(stderr,
                 "the seed corpus entry %s failed during warmup but does not fail alone; "
                 "isolating the inputs in flight\n",
                 first.origin_path.c_str());
  }
  if (seed_fails_alone || first.origin == InputOrigin::kReplay) {
    if (first.origin == InputOrigin::kSeed) {
      std::fprintf(stderr, "failure while testing seed corpus entry: %s\n",
                   first.origin_path.c_str());
    } else {
      std::fprintf(stderr, "the input %s reproduces the failure\n", first.origin_path.c_str());
    }
    std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, {first.origin_path}).c_str());
    return {kind.exit_code, {first.origin_path}};
  }

  // 1. Record: every suspect on disk before anything else. The first is the slot that
  // failed; the others were in flight and are kept until isolation clears them.
  std::vector<size_t> suspects = verdict.culprits;
  if (verdict.end == EngineEnd::kCrash && first.state == SlotState::kCrashed) {
    for (size_t i = 0; i < slots.size(); i++) {
      if (slots[i].state == SlotState::kRunning) suspects.push_back(i);
    }
  }
  std::vector<std::string> files, hashes;
  for (size_t i = 0; i < suspects.size(); i++) {
    const Bytes& data = slots[suspects[i]].data;
    std::string path = Save(options, i == 0 ? kind.artifact : "inflight-", data);
    if (path.empty()) return {kind.exit_code, files};
    files.push_back(path);
    hashes.push_back(Sha1Hex(data.data(), data.size()));
  }
  // The final name of suspect i: <prefix><kind>-<sha1>.
  auto final_name = [&](size_t i) { return options.artifact_prefix + kind.artifact + hashes[i]; };
  for (size_t i : suspects) {
    const SlotSnapshot& s = slots[i];
    std::fprintf(stderr, "worker %u (%llu executions; %llu in all): %zu-byte input %s%s\n", s.index,
                 (unsigned long long)s.seq, (unsigned long long)total_execs, s.data.size(),
                 Quote(s.data, 64).c_str(),
                 s.origin == InputOrigin::kMinimizing
                     ? " (a candidate while minimizing a new interesting input)"
                     : "");
  }
  if (Interrupted()) {
    std::fprintf(stderr, "interrupted: the failing input(s) are saved, not isolated:\n");
    for (const std::string& f : files) std::fprintf(stderr, "  %s\n", f.c_str());
    return {kind.exit_code, files};
  }

  // 2. Isolate: the first suspect that fails alone, the same way, in a fresh child.
  size_t culprit = files.size();
  for (size_t i = 0; i < files.size() && !Interrupted(); i++) {
    if (SameKind(Replay(options, {files[i]}), signature)) {
      culprit = i;
      break;
    }
  }
  if (culprit == files.size()) {
    // None alone: maybe only a sequence fails (state kept between runs). The failing slot ran
    // last, so it goes last.
    std::vector<size_t> order;
    for (size_t i = 1; i < files.size(); i++) order.push_back(i);
    order.push_back(0);
    std::vector<std::string> in_order;
    for (size_t i : order) in_order.push_back(files[i]);
    bool batch = files.size() > 1 && SameKind(Replay(options, in_order), signature);
    std::vector<std::string> kept;
    for (size_t i : order) {
      if (files[i] != final_name(i)) rename(files[i].c_str(), final_name(i).c_str());
      kept.push_back(final_name(i));
    }
    if (batch) {
      std::fprintf(stderr,
                   "no input fails alone, but the %zu inputs in flight fail when run in this "
                   "order (crash batch):\n",
                   files.size());
    } else {
      std::fprintf(stderr,
                   "the failure did not reproduce in a fresh process (flaky, or it depends on "
                   "earlier inputs); all %zu inputs in flight are kept:\n",
                   files.size());
    }
    std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, kept).c_str());
    return {kind.exit_code, kept};
  }
  const SlotSnapshot& found = slots[suspects[culprit]];
  std::string path = files[culprit];
  if (culprit != 0) {
    rename(path.c_str(), final_name(culprit).c_str());
    if (final_name(0) != final_name(culprit)) unlink(files[0].c_str());
    path = final_name(culprit);
  }
  for (size_t i = 1; i < files.size(); i++) {
    if (i != culprit) unlink(files[i].c_str());
  }
  if (files.size() > 1) {
    std::fprintf(stderr, "isolated: the input of worker %u fails alone\n", found.index);
  }

  // 3. Minimize crashers (hangs and memory are kept as found, as libFuzzer does).
  Bytes input = found.data;
  bool minimize = verdict.end == EngineEnd::kCrash &&
                  (options.minimize_time_ns != 0 || options.minimize_attempts != 0);
  if (minimize && !Interrupted()) input = Minimize(options, signature, input, &path);

  // 4. Report.
  std::fprintf(stderr, "artifact_prefix='%s'; Test unit written to %s\n",
               options.artifact_prefix.c_str(), path.c_str());
  std::fprintf(stderr, "To re-run:\n  %s\n", RerunCommand(options, {path}).c_str());
  return {kind.exit_code, {path}};
}

}  // namespace hivefuzz
