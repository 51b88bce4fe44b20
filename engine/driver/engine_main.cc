#include "driver/engine_main.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/cpus.h"
#include "base/exit_codes.h"
#include "base/file_util.h"
#include "cmp/cmp_table.h"
#include "coordinator/coordinator.h"
#include "corpus/corpus_dirs.h"
#include "coverage/runtime.h"
#include "crash/crash_handlers.h"
#include "crash/leak_detection.h"
#include "crash/malloc_limit.h"
#include "crash/shared_hive.h"
#include "driver/bench_mode.h"
#include "driver/engine_handlers.h"
#include "encoding/typed_input.h"
#include "mutator/dictionary.h"
#include "options/child_protocol.h"
#include "stats/log.h"
#include "stats/progress.h"
#include "stats/stats_log.h"
#include "worker/slot_execution.h"
#include "worker/worker.h"

namespace hivefuzz {
namespace {

constexpr size_t kDefaultMaxLen = 4096;

StopCondition* g_stop = nullptr;

void OnInterrupt() {
  if (g_stop != nullptr) g_stop->RequestStop(StopReason::kInterrupted);
}

int Fail(const std::string& message) {
  Log("hivefuzz: error: {}\n", message);
  SetEngineExiting();
  return kExitError;
}

void WarnAboutInstrumentation(bool coverage) {
  if (coverage::SawInline8BitCounters()) {
    Log("warning: part of the target was built with libFuzzer's inline 8-bit counters "
        "(-fsanitize=fuzzer or fuzzer-no-link); hivefuzz cannot attribute those to a "
        "thread and ignores them. Rebuild with hivefuzz-clang/hivefuzz-clang++.\n");
  }
  if (!coverage) {
    Log("warning: the target was not built with coverage instrumentation, so fuzzing "
        "will run without coverage guidance and may be inefficient. Build it with "
        "hivefuzz-clang++ (or -fsanitize-coverage=trace-pc-guard).\n");
  }
}

// A file to replay: whole, or its first -max_len bytes when -max_len was given (libFuzzer's
// RunOneTest cuts it so, as its corpus loading does).
Result<Bytes> ReadReplayFile(const Options& options, const std::string& path) {
  if (options.max_len == 0) return ReadFile(path);
  return ReadFileHead(path, options.max_len, nullptr);
}

int Replay(const Options& options, TestOneInputFn fn, int slots_fd, const TypedTarget* typed) {
  // A typed fuzz test replays its testdata files (Go's format) as well as engine reproducers.
  auto read = [&](const std::string& path) -> Result<Bytes> {
    auto data = ReadReplayFile(options, path);
    if (!data.ok() || typed == nullptr) return data;
    return FlatFormOfFile(typed->shape, std::move(*data));
  };
  size_t largest = 1;
  for (const std::string& path : options.inputs) {
    auto data = read(path);
    if (!data.ok()) return Fail(data.status().message());
    largest = std::max(largest, data->size());
  }
  auto slots = SlotTable::Create(slots_fd, 1, largest);
  if (!slots.ok()) return Fail(slots.status().message());
  InstallEngineHandlers(&(*slots)->header().facts, nullptr);
  SetMallocLimit(size_t(options.malloc_limit_mb) << 20);
  if (options.detect_leaks) EnableLeakDetection();  // ASan builds only
  Slot& slot = (*slots)->slot(0);
  BindThreadToSlot(&slot);
  Target target = MakeSlotTarget(fn, **slots);
  std::string exception_text;
  // libFuzzer's -runs=N with files: each file runs N times in this one process (ClusterFuzz
  // reproduces with -runs=100); the first failing run is the failure.
  const uint64_t runs = std::max<uint64_t>(1, options.replay_runs);
  if (runs > 1) {
    Log("{}: Running {} inputs {} time(s) each.\n", options.program, options.inputs.size(), runs);
  }
  for (const std::string& path : options.inputs) {
    auto data = read(path);
    if (!data.ok()) return Fail(data.status().message());
    Log("Running: {}\n", path);
    SlotTable::SetOriginPath(slot, InputOrigin::kReplay, path);
    uint64_t start = MonotonicNanos();
    for (uint64_t run = 0; run < runs; run++) {
      // A fresh copy each run: the slot holds the input as given, whatever a run did.
      std::copy(data->begin(), data->end(), slot.data());
      slot.size.store(data->size(), std::memory_order_relaxed);
      slot.seq.fetch_add(1, std::memory_order_relaxed);
      slot.state.store(SlotState::kRunning, std::memory_order_relaxed);
      RunTargetInSlot(target, slot, (*slots)->exec_data(0), data->size(), &exception_text);
      slot.state.store(SlotState::kIdle, std::memory_order_relaxed);
    }
    Log("Executed {} in {} ms\n", path, (MonotonicNanos() - start) / 1'000'000);
  }
  Log("*** NOTE: fuzzing was not performed, you have only executed the target code on "
      "a fixed set of inputs.\n");
  SetEngineExiting();
  return kExitOk;
}

// libFuzzer's "Recommended dictionary": the operands that won new coverage, printed and saved
// as <artifact_prefix>recommended.dict for -dict= next time.
void ReportRecommendedDictionary(const Options& options,
                                 const std::vector<std::unique_ptr<Worker>>& workers,
                                 const std::vector<DictionaryEntry>& user_dictionary) {
  AutoDictionary merged;
  for (const auto& worker : workers) {
    for (const DictionaryEntry& e : worker->auto_dictionary().Entries()) {
      auto bytes = std::span(reinterpret_cast<const uint8_t*>(e.bytes.data()), e.bytes.size());
      for (uint64_t i = worker->auto_dictionary().Uses(e.bytes); i > 0; i--) merged.Add(bytes);
    }
  }
  std::string text = merged.FormatRecommended(user_dictionary);
  if (text.empty()) return;
  std::string path = options.artifact_prefix + "recommended.dict";
  Status saved = WriteFileAtomic(ArtifactDirectory(path), path.substr(path.rfind('/') + 1),
                                 reinterpret_cast<const uint8_t*>(text.data()), text.size());
  Log("###### Recommended dictionary ({}). ######\n{}###### End of recommended "
      "dictionary. ######\n",
      saved.ok() ? "saved to " + path + "; use it with -dict=" + path
                 : "not saved: " + saved.message(),
      text);
}

// libFuzzer's start-up lines, for the tools that drive a libFuzzer binary and read its output
// (ClusterFuzz takes edges_total from "Loaded", max_len, and whether a seed corpus was read).
// hivefuzz's own start line above says the same for a person.
void ReportStartForTools(const Options& options, const EngineConfig& config,
                         const EngineContext& ctx) {
  Log("INFO: Seed: {}\n", config.seed);
  // libFuzzer's wording for each kind of instrumentation.
  Log("INFO: Loaded {} modules   ({} {})\n", coverage::NumModules(), coverage::NumEdges(),
      coverage::OnlyInlineCounters() ? "inline 8-bit counters" : "guards");
  if (!ctx.dictionary.empty()) Log("Dictionary: {} entries\n", ctx.dictionary.size());
  if (options.max_len == 0) {
    Log("INFO: -max_len is not provided; libFuzzer will not generate inputs larger than {} "
        "bytes\n",
        config.max_len);
  }
  if (ctx.corpus.size() > 0) {
    uint64_t min = UINT64_MAX, max = 0, total = 0;
    for (uint32_t i = 0; i < ctx.corpus.size(); i++) {
      uint64_t size = ctx.corpus.at(i).data.size();
      min = std::min(min, size);
      max = std::max(max, size);
      total += size;
    }
    Log("INFO: seed corpus: files: {} min: {}b max: {}b total: {}b rss: {}Mb\n", ctx.corpus.size(),
        min, max, total, PeakRssMb());
  } else {
    Log("INFO: A corpus is not provided, starting from an empty corpus\n");
  }
}

int Fuzz(const Options& options, TestOneInputFn fn, int slots_fd,
         const std::optional<StatsBase>& restarted, const TypedTarget* typed,
         const std::optional<HiveMembership>& membership) {
  // A process worker of a -fork=N run shares the masks; the supervisor prints the progress of
  // all the processes and writes the stats file, and process 0 alone the start-up lines.
  std::unique_ptr<SharedHive> hive;
  if (membership) {
    auto attached = SharedHive::Attach(int(membership->fd));
    if (!attached.ok()) return Fail(attached.status().message());
    hive = std::move(*attached);
  }
  const bool announce = !membership || membership->index == 0;
  // Where inputs come from and where new ones go (libFuzzer: the first corpus directory).
  std::vector<std::string> seed_dirs = options.inputs;
  seed_dirs.insert(seed_dirs.end(), options.seed_corpus_dirs.begin(),
                   options.seed_corpus_dirs.end());
  std::string output_dir = !options.inputs.empty() ? options.inputs[0] : options.cache_dir;
  if (!output_dir.empty()) {
    if (Status s = EnsureWritableDirectory(output_dir); !s.ok()) {
      return Fail(s.message() + "\nNew inputs go to " + output_dir +
                  "; make it writable or choose another directory.");
    }
  }
  bool use_cache = !options.cache_dir.empty() && options.inputs.empty();
  if (hive != nullptr && output_dir.empty()) {
    return Fail(
        "-fork=N: the processes share new inputs through a directory: give a corpus "
        "directory, or leave -cache_dir on");
  }
  std::unique_ptr<StatsLog> stats_log;
  if (!options.stats_file.empty() && hive == nullptr) {
    StatsOffsets offsets;
    if (restarted) offsets = {restarted->elapsed_ns, restarted->failures, restarted->worker_execs};
    auto log = StatsLog::Open(options.stats_file, options.parallel, restarted.has_value(), offsets);
    if (!log.ok()) return Fail(log.status().message());
    stats_log = std::move(*log);
  }

  size_t max_len = options.max_len;
  if (max_len == 0) {
    std::vector<std::string> all = seed_dirs;
    if (use_cache) all.push_back(options.cache_dir);
    max_len = std::max(kDefaultMaxLen, LargestFileSize(all));
    for (const std::string& path : options.seed_inputs) {  // libFuzzer's -seed_inputs
      if (auto data = ReadFile(path); data.ok()) max_len = std::max(max_len, data->size());
    }
    if (typed != nullptr) {
      for (const NamedSeed& seed : typed->seeds) max_len = std::max(max_len, seed.data.size());
    }
  }

  // An explicit -max_len smaller than a corpus file cuts that file to -max_len, as libFuzzer
  // loads it (ClusterFuzz passes random -max_len values with corpora holding larger files);
  // the automatic one is never smaller than the files.
  const bool truncate = options.max_len != 0;
  size_t truncated = 0;
  auto seeds = LoadSeedDirectories(seed_dirs, max_len, truncate);
  if (!seeds.ok()) return Fail(seeds.status().message());
  truncated += seeds->truncated;
  // libFuzzer's -seed_inputs: seed files beside the directories, read like their files.
  for (const std::string& path : options.seed_inputs) {
    bool cut = false;
    auto data = ReadFileHead(path, max_len, &cut);
    if (!data.ok()) return Fail("-seed_inputs: " + data.status().message());
    if (cut && !truncate) {
      return Fail(fmt::format("-seed_inputs: {} has more than -max_len={} bytes", path, max_len));
    }
    truncated += cut;
    auto input = std::make_unique<Input>();
    input->data = std::move(*data);
    input->source = InputSource::kSeed;
    input->path = path;
    seeds->inputs.push_back(std::move(input));
  }
  // A typed fuzz test's f.Add seeds and testdata files, as the test gave them.
  if (typed != nullptr) {
    for (const NamedSeed& seed : typed->seeds) {
      if (seed.data.size() > max_len) {
        return Fail(fmt::format("{} takes {} bytes, more than -max_len={}", seed.name,
                                seed.data.size(), max_len));
      }
      auto input = std::make_unique<Input>();
      input->data = seed.data;
      input->source = InputSource::kSeed;
      input->path = seed.name;
      seeds->inputs.push_back(std::move(input));
    }
  }
  LoadedFiles cache;
  if (use_cache) {
    auto loaded = LoadCacheDirectory(options.cache_dir, max_len, truncate);
    if (!loaded.ok()) return Fail(loaded.status().message());
    cache = std::move(*loaded);
    truncated += cache.truncated;
    if (cache.skipped > 0) {
      Log("warning: skipped {} unusable file(s) in the cache {} (first: {})\n", cache.skipped,
          options.cache_dir, cache.first_skip_reason);
    }
  }

  if (truncated > 0) {
    Log("warning: truncated {} corpus file(s) larger than -max_len={} to their first {} bytes\n",
        truncated, max_len, max_len);
  }

  std::vector<DictionaryEntry> dictionary;
  for (const std::string& path : options.dictionaries) {
    auto entries = LoadDictionaryFile(path);
    if (!entries.ok()) return Fail(entries.status().message());
    Log("hivefuzz: dictionary {}: {} entries\n", path, entries->size());
    dictionary.insert(dictionary.end(), entries->begin(), entries->end());
  }

  EngineConfig config;
  config.workers = options.parallel;
  config.cpus = UsableCpus();
  config.max_len = max_len;
  config.seed = options.seed != 0 ? options.seed : (MonotonicNanos() ^ uint64_t(getpid()) << 32);
  config.time_limit_ns = options.time_limit_ns;
  config.exec_limit = options.exec_limit;
  if (options.minimize_new_inputs) {
    config.minimize_time_ns = options.minimize_time_ns;
    config.minimize_attempts = options.minimize_attempts;
  }
  config.coverage = coverage::NumEdges() > 0;
  config.use_cmp = options.use_cmp;
  config.use_value_profile = options.use_value_profile;
  config.reduce_inputs = options.reduce_inputs;
  config.favor_rare = !options.favor_rare.has_value() ? FavorRare::kEveryOtherWorker
                      : *options.favor_rare           ? FavorRare::kAllWorkers
                                                      : FavorRare::kNone;
  config.any_size_workers = options.any_size_workers;
  config.sweep_comparisons = options.sweep_comparisons;
  config.only_ascii = options.only_ascii;
  config.cross_over = options.cross_over;
  config.warmup_only = options.warmup_only;
  config.stop_file = options.stop_file;
  config.reload_interval_ns = uint64_t(options.reload_interval_s) * 1'000'000'000;
  config.len_control = options.len_control;
  if (typed != nullptr) config.shape = typed->shape;
  if (membership) {
    config.process_index = uint32_t(membership->index);
    config.processes = uint32_t(membership->processes);
    config.print_progress = false;
    // Every process has a coordinator: together they wake up as often as one does per CPU.
    uint64_t engines_per_cpu =
        (config.processes * config.workers + config.cpus - 1) / std::max(config.cpus, 1u);
    config.poll_interval_ns = std::clamp<uint64_t>(engines_per_cpu, 1, 40) * 500'000;
    // Each process picks its own stream: the same seed would make them all try the same mutants.
    config.seed += membership->index * 0x9e3779b97f4a7c15ULL;
    hive->NoteMaskWords((coverage::NumCounters() + 7) / 8);
  }
  if (announce) WarnAboutInstrumentation(config.coverage);

  auto slots = SlotTable::Create(slots_fd, config.workers, max_len);
  if (!slots.ok()) return Fail(slots.status().message());
  static_assert(coverage::kMaxEdges / 8 <= SharedHive::kMaskWords);
  static_assert(cmp::kValueProfileWords <= SharedHive::kValueProfileWords);
  EngineContext ctx(config, coverage::NumCounters(), **slots, MakeSlotTarget(fn, **slots),
                    hive.get());
  ctx.dictionary = std::move(dictionary);
  size_t files = 0, duplicates = 0;
  for (LoadedFiles* loaded : {&*seeds, &cache}) {
    for (auto& input : loaded->inputs) {
      files++;
      duplicates += !ctx.corpus.Add(std::move(input)).has_value();
    }
  }
  if (announce) {
    Log("hivefuzz: {} workers{}, seed {}, max_len {}, {} edges ({}), corpus: {} files ({} "
        "duplicates), new inputs go to {}\n",
        config.workers,
        membership ? fmt::format(" in each of {} processes", membership->processes) : "",
        config.seed, max_len, coverage::NumEdges(), coverage::InstrumentationName(), files,
        duplicates, output_dir.empty() ? "nowhere (no corpus dir, cache disabled)" : output_dir);
    ReportStartForTools(options, config, ctx);
  }

  g_stop = &ctx.stop;
  InstallEngineHandlers(&(*slots)->header().facts, OnInterrupt);
  SetMallocLimit(size_t(options.malloc_limit_mb) << 20);
  if (options.detect_leaks) EnableLeakDetection();  // ASan builds only
  std::unique_ptr<CorpusWriter> writer;
  if (!output_dir.empty()) writer = std::make_unique<CorpusWriter>(output_dir);
  if (stats_log != nullptr) {
    Log("hivefuzz: stats: a row a second to {} (plot: tools/plot_stats.py)\n", stats_log->path());
  }
  // libFuzzer's -reload: other fuzzers' files in the directory new inputs go to.
  std::unique_ptr<CorpusWatcher> watcher;
  if (!output_dir.empty() && options.reload_interval_s != 0) {
    watcher = std::make_unique<CorpusWatcher>(output_dir);
  }
  Coordinator coordinator(ctx, writer.get(), stats_log.get(), watcher.get());
  {
    std::vector<std::jthread> threads;
    std::vector<std::unique_ptr<Worker>> workers;
    for (uint32_t i = 0; i < config.workers; i++) {
      workers.push_back(std::make_unique<Worker>(ctx, i));
      threads.emplace_back([w = workers.back().get()] { w->Run(); });
    }
    coordinator.Run();
    threads.clear();  // joins
    if (announce) ReportRecommendedDictionary(options, workers, ctx.dictionary);
  }
  coordinator.DrainResults();
  g_stop = nullptr;
  if (!membership) Log("{}\n", FormatFinalSummary(coordinator.Summary()));
  SetEngineExiting();
  switch (ctx.stop.reason()) {
    case StopReason::kInterrupted:
      return kExitInterrupted;
    case StopReason::kError:
      return kExitError;
    default:
      return kExitOk;
  }
}

}  // namespace

int RunEngine(const Options& options, RunMode mode, TestOneInputFn target, int slots_fd,
              const std::optional<StatsBase>& restarted, const TypedTarget* typed,
              const std::optional<HiveMembership>& hive) {
  switch (mode) {
    case RunMode::kReplay:
      return Replay(options, target, slots_fd, typed);
    case RunMode::kBench:
      return RunBench(options, target, slots_fd, typed, hive);
    case RunMode::kFuzz:
      break;
    case RunMode::kMerge:  // a merging child is started with its parameters (driver/merge_child)
      return Fail("internal error: a merge child without its parameters");
  }
  return Fuzz(options, target, slots_fd, restarted, typed, hive);
}

}  // namespace hivefuzz
