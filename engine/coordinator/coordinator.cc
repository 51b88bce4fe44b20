#include "coordinator/coordinator.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <optional>
#include <thread>

#include "base/check.h"
#include "base/clock.h"
#include "base/file_util.h"
#include "coordinator/len_control.h"
#include "encoding/content_hash.h"
#include "stats/log.h"

namespace hivefuzz {
namespace {

// A work item should take about this long, so a worker comes back for new inputs often,
// whatever the target's speed; a queue pop per item stays far below the item's cost.
constexpr double kItemSeconds = 0.001;
// One stats row about this often: enough points for a plot of a short run, few enough for a
// week-long one (600k rows of ~60 bytes).
constexpr uint64_t kStatsIntervalNs = 1'000'000'000;
// -favor_rare: the largest factor rarity multiplies an entry's scheduler weight by.
constexpr double kMaxRarityFactor = 16.0;

}  // namespace

const char* StopReasonText(StopReason reason) {
  switch (reason) {
    case StopReason::kNone:
      return "running";
    case StopReason::kTimeLimit:
      return "time limit reached";
    case StopReason::kExecLimit:
      return "execution limit reached";
    case StopReason::kInterrupted:
      return "interrupted";
    case StopReason::kError:
      return "stopped by an error";
    case StopReason::kStopFile:
      return "stop file found";
  }
  return "unknown";
}

Coordinator::Coordinator(EngineContext& ctx, const CorpusWriter* writer, StatsLog* stats_log,
                         CorpusWatcher* watcher)
    : ctx_(ctx),
      writer_(writer),
      stats_log_(stats_log),
      start_ns_(MonotonicNanos()),
      rng_(ctx.config.seed, 0xc0),
      // From the start, not 0: a first tune measured against 0 would see no speed and drop the
      // item budget to its minimum until the next tune, 250 ms later.
      last_tune_ns_(start_ns_),
      last_stats_ns_(start_ns_),
      watcher_(watcher) {
  if (TracksRarity(ctx_.config)) rare_.emplace(ctx_.mask.num_words() * 64);
  for (uint32_t i = 0; i < ctx_.config.workers; i++) {
    (TakesSecondSchedule(ctx_.config, i) ? fills_second_ : fills_first_) = true;
  }
  // The files read at start are not new.
  if (watcher_ != nullptr) {
    for (uint32_t i = 0; i < ctx_.corpus.size(); i++) watcher_->MarkKnown(ctx_.corpus.at(i).path);
  }
}

uint32_t Coordinator::ItemBudgetFor(double per_worker_execs_per_sec) {
  return uint32_t(std::clamp(per_worker_execs_per_sec * kItemSeconds, 5.0, 256.0));
}

uint64_t Coordinator::Elapsed() const { return MonotonicNanos() - start_ns_; }

StopReason Coordinator::Run() {
  Warmup();
  if (!ctx_.stop.stop_requested()) FuzzLoop();
  HF_CHECK(ctx_.stop.stop_requested());
  return ctx_.stop.reason();
}

void Coordinator::Warmup() {
  warmup_count_ = ctx_.corpus.size();
  for (uint32_t i = 0; i < warmup_count_ && !ctx_.stop.stop_requested(); i++) {
    WorkItem item{i, WorkKind::kWarmup, 1};
    while (!ctx_.work.try_push(item)) {
      if (ctx_.stop.stop_requested()) return;
      CheckLimits();
      std::this_thread::sleep_for(std::chrono::nanoseconds(ctx_.config.poll_interval_ns));
    }
  }
  while (ctx_.warmup_done.load(std::memory_order_acquire) < warmup_count_) {
    CheckLimits();
    MaybeWriteStatsRow(false);
    if (ctx_.stop.stop_requested()) return;
    std::this_thread::sleep_for(std::chrono::nanoseconds(ctx_.config.poll_interval_ns));
  }
  if (ctx_.config.print_progress) {
    Log("{}\n", FormatWarmupLine(Elapsed(), warmup_count_, warmup_count_, true, ctx_.config.workers,
                                 ctx_.config.coverage));
  }
  if (ctx_.corpus.size() == 0) {
    // Go's rule: fuzz from the empty input rather than from nothing.
    if (ctx_.hive == nullptr || ctx_.config.process_index == 0) {
      Log("warning: starting with empty corpus\n");
    }
    auto empty = std::make_unique<Input>();
    empty->source = InputSource::kEmpty;
    ctx_.corpus.Add(std::move(empty));
  }
  for (uint32_t i = 0; i < ctx_.corpus.size(); i++) {
    const Input& input = ctx_.corpus.at(i);
    scheduler_.Add(i, input.data.size(), input.new_bits);
    corpus_bytes_ += input.data.size();
  }
  PublishCorpusSize();
  if (ctx_.config.print_progress) PrintLibFuzzerStatus("INITED");
  // The baseline, written before any worker may fuzz: a row even for an engine that fails
  // at its first mutant.
  MaybeWriteStatsRow(true);
  if (ctx_.config.warmup_only) {
    // libFuzzer's -runs=0: the corpus ran once; no fuzzing. Stopped before the workers are
    // let loose on the corpus, or one of them would run a mutant.
    ctx_.stop.RequestStop(StopReason::kExecLimit);
    return;
  }
  timespec cpu;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
  fuzzing_start_.cpu_ns = uint64_t(cpu.tv_sec) * 1'000'000'000ULL + uint64_t(cpu.tv_nsec);
  fuzzing_start_.execs = ctx_.stats.TotalExecs();
  fuzzing_start_.wall_ns = MonotonicNanos();
  last_progress_ns_ = last_tune_ns_ = fuzzing_start_.wall_ns;
  last_progress_execs_ = last_tune_execs_ = last_pulse_execs_ = fuzzing_start_.execs;
  last_reload_ns_ = fuzzing_start_.wall_ns;
  RestartLenControl(ctx_, fuzzing_start_.execs);
  if (ctx_.config.len_control != 0) {
    // libFuzzer's start: the corpus' largest input, at least 4 bytes.
    size_t largest = 4;
    for (uint32_t i = 0; i < ctx_.corpus.size(); i++) {
      largest = std::max(largest, ctx_.corpus.at(i).data.size());
    }
    ctx_.max_mutation_len.store(std::min(ctx_.config.max_len, largest), std::memory_order_relaxed);
  }
  ctx_.fuzzing.store(true, std::memory_order_release);
}

void Coordinator::FuzzLoop() {
  while (!ctx_.stop.stop_requested()) {
    TakeResults();
    ImportSharedFinds();
    TopUpQueue();
    MaybeReload();
    MaybeGrowMutationLen(ctx_);
    CheckLimits();
    MaybePrintProgress(false);
    MaybePrintLibFuzzerLines();
    MaybeWriteStatsRow(false);
    std::this_thread::sleep_for(std::chrono::nanoseconds(ctx_.config.poll_interval_ns));
  }
}

void Coordinator::TakeResults() {
  std::unique_ptr<Input> input;
  while (ctx_.results.try_pop(input)) {
    input->sha1 = Sha1(input->data.data(), input->data.size());
    // The same bytes may come from another worker or an earlier run.
    if (ctx_.corpus.ContainsContent(input->sha1)) continue;
    const uint32_t replaces = input->replaces;
    // Another reduction of the same entry came first: nothing is left to replace.
    if (replaces != 0 && replaces - 1 < retired_.size() && retired_[replaces - 1]) continue;
    // On disk before it is published: a crash from here on loses nothing.
    if (writer_ != nullptr) {
      if (Status s = writer_->Write(*input); !s.ok()) {
        Log("hivefuzz: error: {}\n", s.message());
        ctx_.stop.RequestStop(StopReason::kError);
        return;
      }
      if (watcher_ != nullptr) watcher_->MarkKnown(input->path);  // ours: no need to read it
    }
    size_t size = input->data.size();
    uint32_t new_bits = input->new_bits;
    std::vector<uint32_t> features = std::move(input->features);
    std::optional<uint32_t> index = ctx_.corpus.Add(std::move(input));
    if (!index) continue;  // ContainsContent above makes this unreachable; stay safe anyway
    scheduler_.Add(*index, size, new_bits);
    if (rare_ && !features.empty()) {
      rare_->Add(*index, features);
      rarity_changed_ = true;
    }
    if (replaces != 0) {
      corpus_bytes_ += size;
      RetireReplaced(replaces - 1);
      continue;
    }
    new_interesting_++;
    corpus_bytes_ += size;
    ctx_.slots.header().facts.new_units.store(new_interesting_, std::memory_order_relaxed);
    PublishCorpusSize();
    if (ctx_.hive != nullptr && writer_ != nullptr) {
      // On disk already: the other processes read it from there.
      const Input& added = ctx_.corpus.at(*index);
      HiveFind find;
      std::copy(added.sha1.begin(), added.sha1.end(), find.sha1);
      find.process = ctx_.config.process_index;
      find.size = uint32_t(size);
      find.new_bits = new_bits;
      ctx_.hive->Publish(find);
    }
    ctx_.fresh.push(WorkItem{*index, WorkKind::kFuzz, 0});
    RestartLenControl(ctx_, ctx_.stats.TotalExecs());
  }
}

uint64_t Coordinator::LiveEntries() const { return ctx_.corpus.size() - reduced_; }

void Coordinator::PublishCorpusSize() {
  ctx_.slots.header().facts.corpus_entries.store(LiveEntries(), std::memory_order_relaxed);
}

void Coordinator::RetireReplaced(uint32_t old) {
  if (retired_.size() <= old) retired_.resize(size_t(old) + 1);
  retired_[old] = 1;
  scheduler_.Retire(old);
  if (rare_) {
    rare_->Remove(old);
    rarity_changed_ = true;
  }
  const Input& replaced = ctx_.corpus.at(old);
  corpus_bytes_ -= replaced.data.size();
  reduced_++;
  PublishCorpusSize();
  // libFuzzer deletes the file of an entry it replaced; only one this process wrote (another
  // process's or a seed stays).
  if (writer_ != nullptr && replaced.source == InputSource::kGenerated && !replaced.path.empty()) {
    std::remove(replaced.path.c_str());
    if (watcher_ != nullptr) watcher_->MarkKnown(replaced.path);
  }
}

// libFuzzer's -reload (its RereadOutputCorpus): files that other fuzzers sharing the corpus
// directory wrote join the corpus. Each runs once as a warmup item on the fresh queue, which
// workers take before queued work, so its coverage is merged (a worker that picks the new entry
// by itself first may fuzz it before that run); the corpus drops the ones whose bytes it has.
// A directory listing per interval; only new names are read.
void Coordinator::MaybeReload() {
  if (watcher_ == nullptr || ctx_.config.reload_interval_ns == 0) return;
  uint64_t now = MonotonicNanos();
  if (now - last_reload_ns_ < ctx_.config.reload_interval_ns) return;
  last_reload_ns_ = now;
  uint64_t added = 0;
  for (auto& input : watcher_->TakeNewFiles(ctx_.config.max_len)) {
    size_t size = input->data.size();
    std::optional<uint32_t> index = ctx_.corpus.Add(std::move(input));
    if (!index) continue;
    ctx_.fresh.push(WorkItem{*index, WorkKind::kWarmup, 1});
    scheduler_.Add(*index, size, 0);
    corpus_bytes_ += size;
    added++;
  }
  if (added == 0) return;
  reloaded_ += added;
  RestartLenControl(ctx_, ctx_.stats.TotalExecs());
  if (ctx_.config.print_progress) PrintLibFuzzerStatus("RELOAD");
}

// Process workers share one mask, so another process's find holds coverage this process has not
// reached: it joins the corpus and the scheduler without running (its bits are set already,
// credited to the process that found it). Its file is read from the directory both write to.
void Coordinator::ImportSharedFinds() {
  if (ctx_.hive == nullptr || writer_ == nullptr) return;
  constexpr uint64_t kPendingLimitNs = 1'000'000'000;  // a writer that died mid-announcement
  uint64_t added = 0;
  HiveFind find;
  for (int i = 0; i < 1024; i++) {
    SharedHive::Read read = ctx_.hive->Next(&hive_cursor_, &find);
    if (read == SharedHive::Read::kNone) break;
    if (read == SharedHive::Read::kPending) {
      uint64_t now = MonotonicNanos();
      if (hive_pending_since_ns_ == 0) hive_pending_since_ns_ = now;
      if (now - hive_pending_since_ns_ < kPendingLimitNs) break;
      hive_cursor_++;
      hive_pending_since_ns_ = 0;
      continue;
    }
    hive_pending_since_ns_ = 0;
    if (read == SharedHive::Read::kLapped) continue;  // the skipped files are on disk
    if (find.process == ctx_.config.process_index || find.size > ctx_.config.max_len) continue;
    Sha1Digest sha1;
    std::copy(std::begin(find.sha1), std::end(find.sha1), sha1.begin());
    if (ctx_.corpus.ContainsContent(sha1)) continue;
    std::string path = writer_->dir() + "/" + ToHex(sha1);
    auto data = ReadFile(path);
    if (!data.ok() || Sha1(data->data(), data->size()) != sha1) {
      if (!import_warned_) {
        Log("hivefuzz: warning: another process's new input {} {}; it is left out here\n", path,
            data.ok() ? "has changed since it was written" : data.status().message());
        import_warned_ = true;
      }
      continue;
    }
    auto input = std::make_unique<Input>();
    input->data = std::move(*data);
    input->sha1 = sha1;
    input->source = InputSource::kShared;
    input->path = path;
    input->new_bits = find.new_bits;
    size_t size = input->data.size();
    std::optional<uint32_t> index = ctx_.corpus.Add(std::move(input));
    if (!index) continue;
    if (watcher_ != nullptr) watcher_->MarkKnown(path);
    scheduler_.Add(*index, size, find.new_bits);
    corpus_bytes_ += size;
    added++;
  }
  if (added == 0) return;
  imported_ += added;
  RestartLenControl(ctx_, ctx_.stats.TotalExecs());
  PublishCorpusSize();
}

void Coordinator::MaybeReweight() {
  if (!rarity_changed_) return;
  uint64_t now = MonotonicNanos();
  if (now - last_reweight_ns_ < 50'000'000) return;
  last_reweight_ns_ = now;
  rarity_changed_ = false;
  // An entry that alone reaches a bit weighs twice as much; the factor stops at 16 so that a
  // few entries with many rare bits do not take every pick.
  scheduler_.Reweight(
      [&](uint32_t index) { return std::min(1.0 + rare_->Rarity(index), kMaxRarityFactor); });
}

void Coordinator::TopUpQueue() {
  MaybeReweight();
  if (scheduler_.size() == 0) return;
  auto top_up = [&](WorkQueue& queue, Schedule schedule) {
    while (queue.size() < queue.capacity()) {
      if (!queue.try_push(WorkItem{scheduler_.Pick(rng_, schedule), WorkKind::kFuzz, 0})) break;
    }
  };
  if (fills_first_) top_up(ctx_.work, FirstSchedule(ctx_.config));
  if (fills_second_) top_up(ctx_.work_second, SecondSchedule(ctx_.config));
}

void Coordinator::CheckLimits() {
  uint64_t now = MonotonicNanos();
  if (ctx_.config.time_limit_ns != 0 && now - start_ns_ >= ctx_.config.time_limit_ns) {
    ctx_.stop.RequestStop(StopReason::kTimeLimit);
  }
  if (ctx_.budget.Spent()) {
    ctx_.stop.RequestStop(StopReason::kExecLimit);
  }
  // libFuzzer's -stop_file: looked for every 100 ms at most (a stat, off the workers' path).
  if (!ctx_.config.stop_file.empty() && now - last_stop_file_check_ns_ >= 100'000'000) {
    last_stop_file_check_ns_ = now;
    struct stat st;
    if (stat(ctx_.config.stop_file.c_str(), &st) == 0) {
      if (!ctx_.stop.stop_requested()) {
        Log("hivefuzz: {} exists (-stop_file): stopping\n", ctx_.config.stop_file);
      }
      ctx_.stop.RequestStop(StopReason::kStopFile);
    }
  }
  // Tune the self-picked item budget to about kItemSeconds of work per worker.
  if (now - last_tune_ns_ >= 250'000'000) {
    uint64_t execs = ctx_.stats.TotalExecs();
    // Per worker that runs: with more workers than CPUs only as many as CPUs do (RunTokens),
    // and dividing by all of them would cut items to 5 executions, a queue pop for every 5.
    uint32_t running = ctx_.config.workers;
    if (ctx_.run_tokens.limited()) running = std::min(running, ctx_.config.cpus);
    // Process workers that outnumber the CPUs each run a share of the time: the speed that sizes
    // an item is the speed while running, or items shrink to a few executions each.
    double cpu_share = 1;
    if (ctx_.config.processes > 1 && ctx_.config.cpus != 0) {
      cpu_share =
          std::min(1.0, double(ctx_.config.cpus) / (double(ctx_.config.processes) * running));
    }
    double per_worker_rate = double(execs - last_tune_execs_) /
                             (double(now - last_tune_ns_) / 1e9) / running / cpu_share;
    ctx_.item_budget.store(ItemBudgetFor(per_worker_rate), std::memory_order_relaxed);
    last_tune_ns_ = now;
    last_tune_execs_ = execs;
  }
}

void Coordinator::MaybePrintProgress(bool force) {
  uint64_t now = MonotonicNanos();
  if (!ctx_.config.print_progress) return;
  if (!force && now - last_progress_ns_ < ctx_.config.progress_interval_ns) return;
  uint64_t execs = ctx_.stats.TotalExecs();
  ProgressSnapshot s;
  s.elapsed_ns = now - start_ns_;
  s.execs = execs;
  s.execs_per_sec = double(execs - last_progress_execs_) / (double(now - last_progress_ns_) / 1e9);
  s.new_interesting = new_interesting_;
  s.corpus_total = warmup_count_ + new_interesting_ + reloaded_ + imported_;
  s.coverage = ctx_.config.coverage;
  Log("{}\n", FormatProgressLine(s));
  last_progress_ns_ = now;
  last_progress_execs_ = execs;
}

void Coordinator::PrintLibFuzzerStatus(const char* event) {
  uint64_t elapsed_s = Elapsed() / 1'000'000'000;
  LibFuzzerStatus s;
  s.execs = ctx_.stats.TotalExecs();
  s.edges = ctx_.mask.CountEdges();
  s.features = ctx_.mask.CountBits() + ctx_.value_profile.CountBits();
  s.corpus = LiveEntries();
  s.corpus_bytes = corpus_bytes_;
  s.execs_per_sec = elapsed_s > 0 ? s.execs / elapsed_s : 0;  // libFuzzer's integer rate
  s.rss_mb = PeakRssMb();
  Log("{}\n", FormatLibFuzzerStatus(event, s));
}

void Coordinator::MaybePrintLibFuzzerLines() {
  if (!ctx_.config.print_progress) return;
  uint64_t now = MonotonicNanos();
  if (new_interesting_ > last_new_reported_ && now - last_new_ns_ >= 1'000'000'000) {
    PrintLibFuzzerStatus("NEW");
    last_new_reported_ = new_interesting_;
    last_new_ns_ = now;
  }
  if (reduced_ > last_reduce_reported_ && now - last_reduce_ns_ >= 1'000'000'000) {
    PrintLibFuzzerStatus("REDUCE");
    last_reduce_reported_ = reduced_;
    last_reduce_ns_ = now;
  }
  uint64_t execs = ctx_.stats.TotalExecs();
  if (std::bit_width(execs) > std::bit_width(last_pulse_execs_)) {
    last_pulse_execs_ = execs;
    if (now - start_ns_ >= 2'000'000'000) PrintLibFuzzerStatus("pulse");
  }
}

void Coordinator::MaybeWriteStatsRow(bool force) {
  if (stats_log_ == nullptr) return;
  uint64_t now = MonotonicNanos();
  if (!force && now - last_stats_ns_ < kStatsIntervalNs) return;
  StatsRow row;
  row.elapsed_ns = now - start_ns_;
  for (size_t i = 0; i < ctx_.stats.size(); i++) {
    row.worker_execs.push_back(ctx_.stats.of(i).execs.load(std::memory_order_relaxed));
    row.execs += row.worker_execs.back();
  }
  double seconds = double(now - last_stats_ns_) / 1e9;
  row.execs_per_sec = seconds > 0 ? double(row.execs - last_stats_execs_) / seconds : 0;
  // As the progress line counts it.
  row.corpus = warmup_count_ + new_interesting_ + reloaded_ + imported_;
  row.coverage_bits = ctx_.mask.CountBits();
  last_stats_ns_ = now;
  last_stats_execs_ = row.execs;
  stats_log_->Append(std::move(row));
}

void Coordinator::DrainResults() {
  if (ctx_.stop.reason() != StopReason::kError) TakeResults();
  MaybeWriteStatsRow(true);
}

FinalSummary Coordinator::Summary() const {
  FinalSummary s;
  s.elapsed_ns = Elapsed();
  s.execs = ctx_.stats.TotalExecs();
  s.new_interesting = new_interesting_;
  s.corpus_total = warmup_count_ + new_interesting_ + reloaded_ + imported_;
  s.coverage_edges = ctx_.mask.CountEdges();
  s.coverage_bits = ctx_.mask.CountBits();
  s.stop_reason = StopReasonText(ctx_.stop.reason());
  return s;
}

}  // namespace hivefuzz
