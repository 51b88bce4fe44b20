#include "supervisor/process_workers.h"

#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/exit_codes.h"
#include "coverage/coverage_mask.h"
#include "crash/shared_hive.h"
#include "options/child_protocol.h"
#include "stats/progress.h"
#include "stats/stats_log.h"
#include "supervisor/engine_process.h"
#include "supervisor/run_ledger.h"

namespace hivefuzz {
namespace {

constexpr uint64_t kProgressIntervalNs = 3'000'000'000;
constexpr uint64_t kStatsIntervalNs = 1'000'000'000;
constexpr uint64_t kWatchIntervalMs = 10;
// A process killed from outside this soon after its start, this many times in a row, is not
// restarted again: something kills every engine (a memory cgroup too small for one).
constexpr uint64_t kQuickDeathNs = 2'000'000'000;
constexpr int kMaxQuickDeaths = 3;

struct ProcessWorker {
  uint32_t index = 0;
  std::unique_ptr<EngineChild> child;  // null while not running
  uint64_t started_ns = 0;
  uint64_t execs_before = 0;      // executions of its earlier engines (restarts)
  uint64_t new_units_before = 0;  // inputs its earlier engines added
  uint64_t share = 0;             // its part of -runs / -fuzztime=Nx; 0: no execution limit
  int quick_deaths = 0;
};

class ProcessWorkers {
 public:
  ProcessWorkers(const Options& options, RunMode mode, const std::vector<std::string>& argv,
                 SharedHive& hive)
      : options_(options),
        mode_(mode),
        argv_(argv),
        hive_(hive),
        ledger_(options, mode),
        start_ns_(MonotonicNanos()) {}

  int Run();

 private:
  bool Start(ProcessWorker& w, const char* why);
  void OnEnded(ProcessWorker& w);
  void StopAll();
  void WaitForAny();
  uint64_t LiveExecutions() const;
  void MaybeReport();
  void WriteStatsRow(uint64_t now, uint64_t execs);

  const Options& options_;
  const RunMode mode_;
  const std::vector<std::string>& argv_;
  SharedHive& hive_;
  RunLedger ledger_;
  const uint64_t start_ns_;
  std::vector<ProcessWorker> workers_;
  std::unique_ptr<StatsLog> stats_log_;
  bool stopping_ = false;     // no more restarts: the run is ending
  bool all_finished_ = true;  // every engine ended at its limit (libFuzzer's "Done")
  bool stopped_by_failure_ = false;
  int end_code_ = kExitOk;  // the first reason other than a failure that the run ended
  uint64_t jobs_ = 0;       // engines started
  uint64_t last_progress_ns_ = 0, last_progress_execs_ = 0;
  uint64_t last_stats_ns_ = 0, last_stats_execs_ = 0;
  uint64_t corpus_ = 0;  // the largest corpus a process reported (each takes the others' finds)
};

int ProcessWorkers::Run() {
  uint32_t processes = options_.processes;
  if (options_.exec_limit != 0 && options_.exec_limit < processes) {
    processes = uint32_t(options_.exec_limit);  // a share of 0 would mean "no limit"
  }
  // libFuzzer's start line for fork mode, which tools read as the start of fuzzing.
  if (mode_ == RunMode::kFuzz) {
    std::fprintf(stderr, "INFO: -fork=%u: fuzzing in separate process(s)\n", processes);
  }
  std::fprintf(stderr,
               "hivefuzz: %u process workers of %u worker thread(s) each, sharing one coverage "
               "mask; process 0 prints the start-up lines\n",
               processes, options_.parallel);
  if (!options_.stats_file.empty() && mode_ == RunMode::kFuzz) {
    auto log = StatsLog::Open(options_.stats_file, size_t(processes) * options_.parallel, false);
    if (!log.ok()) {
      std::fprintf(stderr, "hivefuzz: error: %s\n", log.status().message().c_str());
      return kExitError;
    }
    stats_log_ = std::move(*log);
  }
  workers_.resize(processes);
  for (uint32_t i = 0; i < processes; i++) {
    ProcessWorker& w = workers_[i];
    w.index = i;
    if (options_.exec_limit != 0) {
      // Exact over all processes: each runs its own share, and a restarted one what is left of it.
      w.share = options_.exec_limit / processes + (i < options_.exec_limit % processes ? 1 : 0);
    }
    if (!Start(w, nullptr)) {
      StopAll();
      end_code_ = kExitError;
      break;
    }
  }
  last_progress_ns_ = last_stats_ns_ = start_ns_;
  // Each child's watchdog reads its /proc status: about 1000 reads a second in all, every child
  // at least every 250 ms (hangs are measured in seconds, and memory is a peak that stays).
  const uint64_t watch_interval_ns = std::min<uint64_t>(workers_.size() * 1'000'000, 250'000'000);
  if (stats_log_ != nullptr) WriteStatsRow(start_ns_, 0);
  while (true) {
    bool running = false;
    for (ProcessWorker& w : workers_) {
      if (w.child == nullptr) continue;
      if (w.child->Poll(watch_interval_ns)) OnEnded(w);
      running |= w.child != nullptr;
    }
    if (!running) break;
    if (mode_ == RunMode::kFuzz) MaybeReport();
    WaitForAny();
  }
  if (stats_log_ != nullptr) WriteStatsRow(MonotonicNanos(), ledger_.execs_done());
  if (mode_ == RunMode::kFuzz) {
    CoverageMask mask(hive_.mask_words(), hive_.mask_words_used() * 8);
    FinalSummary summary;
    summary.elapsed_ns = MonotonicNanos() - start_ns_;
    summary.execs = ledger_.execs_done();
    for (const ProcessWorker& w : workers_) summary.new_interesting += w.new_units_before;
    summary.corpus_total = corpus_;
    summary.coverage_edges = mask.CountEdges();
    summary.coverage_bits = mask.CountBits();
    summary.stop_reason = end_code_ == kExitInterrupted ? "interrupted"
                          : end_code_ != kExitOk        ? "stopped by an error"
                          : stopped_by_failure_         ? "stopped by a failure"
                                                        : "limits reached";
    std::fprintf(stderr, "%s (%zu processes, %llu engines started)\n",
                 FormatFinalSummary(summary).c_str(), workers_.size(),
                 static_cast<unsigned long long>(jobs_));
  }
  return ledger_.Finish(end_code_, all_finished_ && end_code_ == kExitOk);
}

bool ProcessWorkers::Start(ProcessWorker& w, const char* why) {
  RemainingLimits left;
  uint64_t now = MonotonicNanos();
  if (options_.time_limit_ns != 0) {
    if (now - start_ns_ >= options_.time_limit_ns) return false;
    left.time_ns = options_.time_limit_ns - (now - start_ns_);
  }
  if (w.share != 0) {
    if (w.execs_before >= w.share) return false;
    left.execs = w.share - w.execs_before;
  }
  if (why != nullptr) {
    std::fprintf(stderr, "hivefuzz: restarting process worker %u on the saved corpus (%s)\n",
                 w.index, why);
  }
  std::vector<std::string> env = {
      std::string(kHiveVariable) + "=" +
          FormatHiveMembership({uint64_t(hive_.fd()), w.index, workers_.size()}),
      std::string(kRemainingVariable) + "=" + FormatRemaining(left)};
  w.child = EngineChild::Start(options_, argv_, env, /*quiet=*/false);
  w.started_ns = now;
  jobs_++;
  return w.child != nullptr;
}

void ProcessWorkers::OnEnded(ProcessWorker& w) {
  const ChildRun run = w.child->run();
  w.child.reset();
  ledger_.CountEngine(run, size_t(w.index) * options_.parallel);
  for (const SlotSnapshot& s : run.slots) w.execs_before += s.seq;
  w.new_units_before += run.engine.new_units;
  corpus_ = std::max(corpus_, run.engine.corpus_entries);
  const Verdict verdict = VerdictOf(run);
  const uint64_t now = MonotonicNanos();
  if (IsTargetFailure(verdict.end)) {
    all_finished_ = false;
    // Recorded, isolated, minimized and reported while the other processes fuzz on (their
    // watchdogs pause meanwhile and resume after).
    bool go_on = ledger_.HandleEngineFailure(verdict, run);
    if (stopping_) return;
    if (!go_on) {
      stopped_by_failure_ = true;
      StopAll();
      return;
    }
    Start(w, ledger_.restart_reason().c_str());  // false: its limits are reached
    return;
  }
  switch (verdict.end) {
    case EngineEnd::kFinished:
      return;  // its limit (time, its share of executions, -stop_file)
    case EngineEnd::kInterrupted:
      all_finished_ = false;
      if (!stopping_) {
        end_code_ = kExitInterrupted;
        StopAll();
      }
      return;
    case EngineEnd::kKilled:
      all_finished_ = false;
      if (stopping_ || Interrupted()) return;
      w.quick_deaths = now - w.started_ns < kQuickDeathNs ? w.quick_deaths + 1 : 0;
      if (w.quick_deaths >= kMaxQuickDeaths) {
        std::fprintf(stderr,
                     "hivefuzz: process worker %u was killed %d times in a row within %llus of "
                     "its start; stopping the run\n",
                     w.index, kMaxQuickDeaths,
                     static_cast<unsigned long long>(kQuickDeathNs / 1'000'000'000));
        end_code_ = ExitCodeOf(verdict);
        StopAll();
        return;
      }
      std::fprintf(stderr, "hivefuzz: process worker %u: %s\n", w.index, verdict.what.c_str());
      Start(w, "it was killed");
      return;
    default:
      // The engine could not go on (it said why): the others would not either.
      all_finished_ = false;
      if (stopping_) return;
      end_code_ = ExitCodeOf(verdict);
      StopAll();
      return;
  }
}

// Each process stops as at Ctrl-C: it finishes its inputs in flight and writes its last finds.
void ProcessWorkers::StopAll() {
  stopping_ = true;
  for (ProcessWorker& w : workers_) {
    if (w.child != nullptr) kill(w.child->pid(), SIGINT);
  }
}

void ProcessWorkers::WaitForAny() {
  std::vector<pollfd> fds;
  for (const ProcessWorker& w : workers_) {
    if (w.child != nullptr && w.child->pidfd() >= 0) fds.push_back({w.child->pidfd(), POLLIN, 0});
  }
  poll(fds.data(), fds.size(), int(kWatchIntervalMs));
}

uint64_t ProcessWorkers::LiveExecutions() const {
  uint64_t execs = 0;
  for (const ProcessWorker& w : workers_) {
    if (w.child != nullptr) execs += w.child->Executions();
  }
  return execs;
}

// Go's progress line every 3 s and libFuzzer's fork-mode line with it, over all processes; a
// stats row a second.
void ProcessWorkers::MaybeReport() {
  const uint64_t now = MonotonicNanos();
  const uint64_t execs = ledger_.execs_done() + LiveExecutions();
  if (stats_log_ != nullptr && now - last_stats_ns_ >= kStatsIntervalNs) WriteStatsRow(now, execs);
  if (now - last_progress_ns_ < kProgressIntervalNs) return;
  uint64_t new_units = 0;
  for (const ProcessWorker& w : workers_) {
    new_units += w.new_units_before;
    if (w.child == nullptr || w.child->slots() == nullptr) continue;
    const EngineFacts& facts = w.child->slots()->header().facts;
    new_units += facts.new_units.load(std::memory_order_relaxed);
    corpus_ = std::max<uint64_t>(corpus_, facts.corpus_entries.load(std::memory_order_relaxed));
  }
  const uint64_t corpus = corpus_;
  const size_t mask_words = hive_.mask_words_used();
  CoverageMask mask(hive_.mask_words(), mask_words * 8);
  CoverageMask value_profile(hive_.value_profile_words(), SharedHive::kValueProfileWords * 8);
  const double seconds = double(now - last_progress_ns_) / 1e9;
  ProgressSnapshot s;
  s.elapsed_ns = now - start_ns_;
  s.execs = execs;
  s.execs_per_sec = seconds > 0 ? double(execs - last_progress_execs_) / seconds : 0;
  s.new_interesting = new_units;
  s.corpus_total = corpus;
  s.coverage = mask_words > 0;
  std::fprintf(stderr, "%s\n", FormatProgressLine(s).c_str());
  LibFuzzerForkStatus f;
  f.counts.execs = execs;
  f.counts.edges = mask.CountEdges();
  f.counts.features = mask.CountBits() + value_profile.CountBits();
  f.counts.corpus = corpus;
  f.seconds = (now - start_ns_) / 1'000'000'000;
  f.counts.execs_per_sec = f.seconds > 0 ? execs / f.seconds : 0;  // libFuzzer's integer rate
  f.ooms = ledger_.ooms();
  f.timeouts = ledger_.timeouts();
  f.crashes = ledger_.crashes();
  f.jobs = jobs_;
  std::fprintf(stderr, "%s\n", FormatLibFuzzerForkStatus(f).c_str());
  last_progress_ns_ = now;
  last_progress_execs_ = execs;
}

void ProcessWorkers::WriteStatsRow(uint64_t now, uint64_t execs) {
  StatsRow row;
  row.elapsed_ns = now - start_ns_;
  row.execs = execs;
  const double seconds = double(now - last_stats_ns_) / 1e9;
  row.execs_per_sec = seconds > 0 ? double(execs - last_stats_execs_) / seconds : 0;
  row.worker_execs.assign(workers_.size() * options_.parallel, 0);
  const std::vector<uint64_t>& before = ledger_.worker_execs();
  for (size_t i = 0; i < row.worker_execs.size() && i < before.size(); i++) {
    row.worker_execs[i] = before[i];
  }
  for (const ProcessWorker& w : workers_) {
    if (w.child == nullptr || w.child->slots() == nullptr) continue;
    SlotTable* slots = w.child->slots();
    const EngineFacts& facts = slots->header().facts;
    corpus_ = std::max<uint64_t>(corpus_, facts.corpus_entries.load(std::memory_order_relaxed));
    for (uint32_t i = 0; i < slots->num_slots() && i < options_.parallel; i++) {
      row.worker_execs[size_t(w.index) * options_.parallel + i] +=
          slots->slot(i).seq.load(std::memory_order_relaxed);
    }
  }
  row.corpus = corpus_;
  row.coverage_bits = CoverageMask(hive_.mask_words(), hive_.mask_words_used() * 8).CountBits();
  row.crashes = ledger_.distinct_failures();
  stats_log_->Append(std::move(row));
  last_stats_ns_ = now;
  last_stats_execs_ = execs;
}

}  // namespace

int RunProcessWorkers(const Options& options, RunMode mode, const std::vector<std::string>& argv) {
  auto hive = SharedHive::Create();
  if (!hive.ok()) {
    std::fprintf(stderr, "hivefuzz: error: %s\n", hive.status().message().c_str());
    return kExitError;
  }
  return ProcessWorkers(options, mode, argv, **hive).Run();
}

}  // namespace hivefuzz
