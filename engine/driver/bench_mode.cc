#include "driver/bench_mode.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "base/clock.h"
#include "base/cpus.h"
#include "base/exit_codes.h"
#include "base/rng.h"
#include "coordinator/coordinator.h"
#include "corpus/corpus_dirs.h"
#include "coverage/runtime.h"
#include "crash/crash_handlers.h"
#include "crash/malloc_limit.h"
#include "crash/shared_hive.h"
#include "driver/engine_handlers.h"
#include "mutator/dictionary.h"
#include "options/child_protocol.h"
#include "stats/bench_report.h"
#include "stats/log.h"
#include "worker/slot_execution.h"
#include "worker/worker.h"

namespace hivefuzz {
namespace {

// The seed of the mutators and of the generated corpus when -seed is not given: fixed, so two
// benchmark runs do the same work and compare.
constexpr uint64_t kBenchSeed = 1;
constexpr size_t kGeneratedInputs = 64;
constexpr size_t kGeneratedMaxSize = 128;
constexpr size_t kDefaultMaxLen = 4096;  // as when fuzzing
// Shorter repetitions are timed to worse than about 1%: the clock stops when the last worker
// has been joined, tens of microseconds after its last execution.
constexpr double kShortRepetitionNs = 10e6;

std::atomic<StopCondition*> g_stop{nullptr};
std::atomic<bool> g_interrupted{false};

void OnInterrupt() {
  g_interrupted.store(true);
  if (StopCondition* stop = g_stop.load()) stop->RequestStop(StopReason::kInterrupted);
}

uint64_t ProcessCpuNanos() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return uint64_t(ts.tv_sec) * 1'000'000'000ULL + uint64_t(ts.tv_nsec);
}

int Fail(const std::string& message) {
  Log("hivefuzz: error: -bench=1: {}\n", message);
  SetEngineExiting();
  return kExitError;
}

std::string BaseName(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// The inputs every repetition starts from, distinct by content.
struct Workload {
  std::vector<Input> inputs;
  size_t max_len = kDefaultMaxLen;
  std::string description;
};

Result<Workload> LoadWorkload(const Options& options, uint64_t seed, const TypedTarget* typed) {
  std::vector<std::string> dirs = options.inputs;
  dirs.insert(dirs.end(), options.seed_corpus_dirs.begin(), options.seed_corpus_dirs.end());
  Workload w;
  w.max_len =
      options.max_len != 0 ? options.max_len : std::max(kDefaultMaxLen, LargestFileSize(dirs));
  if (!dirs.empty()) {
    auto loaded = LoadSeedDirectories(dirs, w.max_len);
    if (!loaded.ok()) return loaded.status();
    std::set<Sha1Digest> seen;
    for (auto& input : loaded->inputs) {
      input->sha1 = Sha1(input->data.data(), input->data.size());
      if (seen.insert(input->sha1).second) w.inputs.push_back(std::move(*input));
    }
    std::string names;
    for (const std::string& d : dirs) names += (names.empty() ? "" : ", ") + d;
    w.description = fmt::format("{} distinct files from {}", w.inputs.size(), names);
  }
  if (typed != nullptr && !typed->seeds.empty()) {  // a typed fuzz test's seeds and testdata
    std::set<Sha1Digest> seen;
    for (const Input& input : w.inputs) seen.insert(input.sha1);
    size_t added = 0;
    for (const NamedSeed& seed : typed->seeds) {
      Input input;
      input.data = seed.data;
      input.sha1 = Sha1(input.data.data(), input.data.size());
      input.source = InputSource::kSeed;
      input.path = seed.name;
      if (input.data.size() > w.max_len || !seen.insert(input.sha1).second) continue;
      w.inputs.push_back(std::move(input));
      added++;
    }
    w.description += fmt::format("{}{} distinct seeds of the fuzz test",
                                 w.description.empty() ? "" : " and ", added);
  }
  if (w.inputs.empty()) {
    size_t max_size = std::min(kGeneratedMaxSize, w.max_len);
    for (Bytes& bytes : GenerateBenchCorpus(seed, kGeneratedInputs, max_size)) {
      Input input;
      input.data = std::move(bytes);
      input.source = InputSource::kSeed;
      w.inputs.push_back(std::move(input));
    }
    w.description =
        fmt::format("generated ({} inputs of 1..{} bytes, seed {}{})", kGeneratedInputs, max_size,
                    seed, dirs.empty() ? "" : "; the corpus dirs hold no file");
  }
  return w;
}

// Everything a repetition needs that stays the same across repetitions.
struct BenchSetup {
  const Options& options;
  const Workload& workload;
  const std::vector<DictionaryEntry>& dictionary;
  SlotTable& slots;
  TestOneInputFn fn;
  uint64_t seed;
  const TypedTarget* typed;
};

// One repetition with `threads` workers, from the same state as every other: a fresh engine
// (empty mask, the workload's corpus, workers seeded alike), warmed up on the corpus, then
// timed over bench_runs executions per thread with `item_budget` executions per self-picked
// work item (0: the engine's initial value). Failures of the target end the process, as when
// fuzzing, and the supervisor reports them.
Result<BenchRepetition> RunRepetition(const BenchSetup& setup, uint32_t threads,
                                      uint32_t item_budget) {
  EngineConfig config;
  config.workers = threads;
  config.cpus = UsableCpus();
  config.max_len = setup.workload.max_len;
  config.seed = setup.seed;
  // The warmup runs each input once; the budget beyond it is the timed work.
  config.exec_limit = setup.workload.inputs.size() + uint64_t{threads} * setup.options.bench_runs;
  config.minimize_time_ns = 0;
  config.minimize_attempts = 0;
  config.coverage = coverage::NumEdges() > 0;
  config.use_cmp = setup.options.use_cmp;
  config.use_value_profile = setup.options.use_value_profile;
  // One schedule for every thread count, so rates compare across counts; finds are discarded,
  // so there is no rarity to weigh.
  config.favor_rare = FavorRare::kNone;
  config.print_progress = false;
  if (setup.typed != nullptr) config.shape = setup.typed->shape;
  EngineContext ctx(config, coverage::NumCounters(), setup.slots,
                    MakeSlotTarget(setup.fn, setup.slots));
  ctx.dictionary = setup.dictionary;
  if (item_budget != 0) ctx.item_budget.store(item_budget, std::memory_order_relaxed);
  for (const Input& input : setup.workload.inputs) ctx.corpus.Add(std::make_unique<Input>(input));
  g_stop.store(&ctx.stop);
  if (g_interrupted.load()) ctx.stop.RequestStop(StopReason::kInterrupted);

  Coordinator coordinator(ctx, /*writer=*/nullptr);
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::jthread> worker_threads;
  for (uint32_t i = 0; i < threads; i++) {
    workers.push_back(std::make_unique<Worker>(ctx, i, NewInputPolicy::kDiscard));
    worker_threads.emplace_back([w = workers.back().get()] { w->Run(); });
  }
  uint64_t end_wall_ns, end_cpu_ns, end_execs;
  {
    std::jthread coordinator_thread([&] { coordinator.Run(); });
    worker_threads.clear();  // joins: each worker returns once the budget is spent
    end_wall_ns = MonotonicNanos();
    end_cpu_ns = ProcessCpuNanos();
    end_execs = ctx.stats.TotalExecs();
  }  // joins the coordinator, which stops at the spent budget
  // Timed from the end of warmup, when the coordinator let the workers fuzz, to the return of
  // the last worker.
  const Coordinator::FuzzingStart& start = coordinator.fuzzing_start();
  BenchRepetition rep;
  if (start.wall_ns != 0) {
    rep.start_ns = start.wall_ns;
    rep.wall_ns = end_wall_ns - start.wall_ns;
    rep.cpu_ns = end_cpu_ns - start.cpu_ns;
    rep.execs = end_execs - start.execs;
  }
  g_stop.store(nullptr);
  switch (ctx.stop.reason()) {
    case StopReason::kInterrupted:
      return Status::Error("interrupted");
    case StopReason::kError:
      return Status::Error("the engine stopped with an error (see above)");
    default:
      return rep;
  }
}

std::string IsoDate() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local);
  std::string date = buf;
  if (date.size() >= 5) date.insert(date.size() - 2, ":");  // +0000 -> +00:00, as ISO 8601
  return date;
}

// Google Benchmark's context: the machine, so two JSON files say what they were measured on.
BenchJsonContext MachineContext(const Options& options) {
  BenchJsonContext c;
  c.date = IsoDate();
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  c.host_name = host;
  c.executable = options.program;
  c.num_cpus = std::max(1u, std::thread::hardware_concurrency());
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.starts_with("cpu MHz")) {
      c.mhz_per_cpu = std::atof(line.c_str() + line.find(':') + 1);
      break;
    }
  }
  std::ifstream governor("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  std::string name;
  c.cpu_scaling_enabled = std::getline(governor, name) && name != "performance";
  double load[3];
  int n = getloadavg(load, 3);
  c.load_avg.assign(load, load + std::max(n, 0));
#ifdef NDEBUG
  c.library_build_type = "release";
#else
  c.library_build_type = "debug";
#endif
  return c;
}

// The repetitions of all processes of -bench=1 -fork=N, each the sum of one round: the
// executions and CPU time of all, timed from the first process's start to the last one's end.
std::vector<BenchSeries> CombineProcesses(const SharedHive& hive, uint32_t processes,
                                          const Options& options) {
  std::vector<BenchSeries> series;
  uint32_t round = 0;
  for (uint32_t threads : options.bench_threads) {
    BenchSeries s;
    s.threads = threads;
    for (uint32_t i = 0; i <= options.bench_repetitions; i++, round++) {
      if (i == 0) continue;  // calibration
      uint64_t first_start = UINT64_MAX, last_end = 0;
      BenchRepetition rep;
      for (uint32_t p = 0; p < processes; p++) {
        SharedHive::BenchRound r = hive.BenchRoundOf(p, round);
        first_start = std::min(first_start, r.start_ns);
        last_end = std::max(last_end, r.end_ns);
        rep.execs += r.execs;
        rep.cpu_ns += r.cpu_ns;
      }
      rep.start_ns = first_start;
      rep.wall_ns = last_end > first_start ? last_end - first_start : 0;
      Log("hivefuzz: bench: {} process(es) of {} thread(s), repetition {}/{}: {:.0f} execs/sec\n",
          processes, threads, i, options.bench_repetitions, rep.ExecsPerSec());
      s.repetitions.push_back(rep);
    }
    series.push_back(std::move(s));
  }
  return series;
}

}  // namespace

std::vector<Bytes> GenerateBenchCorpus(uint64_t seed, size_t count, size_t max_size) {
  Rng rng(seed, 0xbe);
  std::vector<Bytes> corpus;
  for (size_t i = 0; i < count; i++) {
    Bytes input(1 + rng.BelowSize(std::max<size_t>(max_size, 1)));
    for (uint8_t& byte : input) byte = uint8_t(rng.Next32());
    corpus.push_back(std::move(input));
  }
  return corpus;
}

int RunBench(const Options& options, TestOneInputFn fn, int slots_fd, const TypedTarget* typed,
             const std::optional<HiveMembership>& membership) {
  const uint64_t seed = options.seed != 0 ? options.seed : kBenchSeed;
  if (options.bench_threads.empty()) return Fail("no thread counts (-bench_threads)");
  // -bench=1 -fork=N: this is one of N processes that run each repetition at once.
  std::unique_ptr<SharedHive> hive;
  const uint32_t processes = membership ? uint32_t(membership->processes) : 1;
  const uint32_t process = membership ? uint32_t(membership->index) : 0;
  const uint64_t rounds = options.bench_threads.size() * (uint64_t(options.bench_repetitions) + 1);
  if (membership) {
    auto attached = SharedHive::Attach(int(membership->fd));
    if (!attached.ok()) return Fail(attached.status().message());
    hive = std::move(*attached);
    if (processes > SharedHive::kMaxBenchProcesses || rounds > SharedHive::kMaxBenchRounds) {
      return Fail(
          fmt::format("-bench=1 with -fork takes at most {} processes and {} "
                      "repetitions of all thread counts together",
                      SharedHive::kMaxBenchProcesses, SharedHive::kMaxBenchRounds));
    }
  }
  const bool report = process == 0;
  if (!options.bench_out.empty()) {
    // Checked now, so that a bad path fails before the measurements rather than after.
    if (IsDirectory(options.bench_out)) {
      return Fail("-bench_out=" + options.bench_out + " is a directory; name a file");
    }
    if (Status s = EnsureWritableDirectory(ArtifactDirectory(options.bench_out)); !s.ok()) {
      return Fail("-bench_out=" + options.bench_out + ": " + s.message());
    }
  }
  auto workload = LoadWorkload(options, seed, typed);
  if (!workload.ok()) return Fail(workload.status().message());
  std::vector<DictionaryEntry> dictionary;
  for (const std::string& path : options.dictionaries) {
    auto entries = LoadDictionaryFile(path);
    if (!entries.ok()) return Fail(entries.status().message());
    dictionary.insert(dictionary.end(), entries->begin(), entries->end());
  }
  // With process workers the figures are of all processes: the family says how many.
  const std::string target =
      BaseName(options.program) + (membership ? fmt::format("/processes:{}", processes) : "");
  const std::string thread_list = fmt::format("{}", fmt::join(options.bench_threads, ","));
  if (report) {
    Log("hivefuzz: benchmark of {}: corpus {}, max_len {}, {} edges; threads {}{}, {} "
        "repetition(s) of {} execs per thread, seed {}. The corpus is frozen: nothing is "
        "added or written while timing.\n",
        target, workload->description, workload->max_len, coverage::NumEdges(), thread_list,
        membership ? fmt::format(" in each of {} processes started together", processes) : "",
        options.bench_repetitions, options.bench_runs, seed);
  }
  if (report && coverage::NumEdges() == 0) {
    Log("warning: the target has no coverage instrumentation; the figures leave out "
        "the cost of coverage. Build it with hivefuzz-clang++.\n");
  }

  uint32_t max_threads =
      *std::max_element(options.bench_threads.begin(), options.bench_threads.end());
  auto slots = SlotTable::Create(slots_fd, max_threads, workload->max_len);
  if (!slots.ok()) return Fail(slots.status().message());
  InstallEngineHandlers(&(*slots)->header().facts, OnInterrupt);
  SetMallocLimit(size_t(options.malloc_limit_mb) << 20);

  BenchSetup setup{options, *workload, dictionary, **slots, fn, seed, typed};
  std::vector<BenchSeries> series;
  uint32_t round = 0;
  auto interrupted = [&] {
    SetEngineExiting();
    if (report) Log("hivefuzz: benchmark interrupted; no results\n");
    return kExitInterrupted;
  };
  for (uint32_t threads : options.bench_threads) {
    BenchSeries s;
    s.threads = threads;
    // Repetition 0 is untimed: it measures the speed from which the coordinator would tune the
    // executions per work item when fuzzing for longer than a repetition lasts (its first tune
    // is after 250 ms), so that the timed repetitions run at that steady state.
    uint32_t item_budget = 0;
    for (uint32_t i = 0; i <= options.bench_repetitions; i++, round++) {
      if (hive != nullptr && !hive->BenchBarrier(processes, round, g_interrupted)) {
        return interrupted();
      }
      auto rep = RunRepetition(setup, threads, item_budget);
      if (!rep.ok()) {
        if (g_interrupted.load()) return interrupted();
        SetEngineExiting();
        return Fail(rep.status().message());
      }
      if (hive != nullptr) {
        hive->RecordBenchRound(
            process, round, {rep->start_ns, rep->start_ns + rep->wall_ns, rep->execs, rep->cpu_ns});
      }
      if (i == 0) {
        item_budget = Coordinator::ItemBudgetFor(rep->ExecsPerSec() / threads);
        if (report && hive == nullptr) {
          Log("hivefuzz: bench: {} thread(s), calibration: {:.0f} execs/sec, {} execs per "
              "work item\n",
              threads, rep->ExecsPerSec(), item_budget);
        }
        continue;
      }
      if (hive == nullptr) {
        Log("hivefuzz: bench: {} thread(s), repetition {}/{}: {:.0f} execs/sec\n", threads, i,
            options.bench_repetitions, rep->ExecsPerSec());
      }
      s.repetitions.push_back(*rep);
    }
    std::vector<double> walls;
    for (const BenchRepetition& r : s.repetitions) walls.push_back(double(r.wall_ns));
    if (report && Median(walls) < kShortRepetitionNs) {
      Log("warning: the repetitions with {} thread(s) last only {:.1f} ms, too short to "
          "time reliably (joining the threads costs tens of microseconds). Raise -bench_runs.\n",
          threads, Median(walls) / 1e6);
    }
    series.push_back(std::move(s));
  }
  SetEngineExiting();
  if (hive != nullptr) {
    // Once every process has recorded its last repetition, process 0 adds them up.
    if (!hive->BenchBarrier(processes, round, g_interrupted)) return interrupted();
    if (!report) return kExitOk;
    series = CombineProcesses(*hive, processes, options);
  }

  BenchDescription description{target, workload->description, options.bench_runs,
                               options.bench_repetitions};
  // fputs, not fmt::print: a closed stdout must not throw (the JSON file below still counts).
  std::fputs(FormatBenchTable(description, series).c_str(), stdout);
  std::fflush(stdout);
  if (!options.bench_out.empty()) {
    BenchJsonContext context = MachineContext(options);
    context.extra = {{"hivefuzz_corpus", workload->description},
                     {"hivefuzz_runs_per_thread", std::to_string(options.bench_runs)},
                     {"hivefuzz_seed", std::to_string(seed)},
                     {"hivefuzz_max_len", std::to_string(workload->max_len)},
                     {"hivefuzz_edges", std::to_string(coverage::NumEdges())}};
    std::string json = FormatBenchJson(context, target, series);
    Status s = WriteFileAtomic(ArtifactDirectory(options.bench_out), BaseName(options.bench_out),
                               reinterpret_cast<const uint8_t*>(json.data()), json.size());
    if (!s.ok()) return Fail(s.message());
    Log("hivefuzz: bench: results written to {} (Google Benchmark JSON; compare two runs "
        "with compare.py benchmarks OLD.json NEW.json)\n",
        options.bench_out);
  }
  return kExitOk;
}

}  // namespace hivefuzz
