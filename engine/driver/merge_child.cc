// The merging engine child: each worker thread takes the next input in the control file's
// order, runs it from its crash slot, and appends what it reached with one write(2).
#include "driver/merge_child.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/exit_codes.h"
#include "base/file_util.h"
#include "cmp/cmp_table.h"
#include "coverage/coverage_mask.h"
#include "coverage/runtime.h"
#include "crash/crash_handlers.h"
#include "crash/malloc_limit.h"
#include "driver/engine_handlers.h"
#include "merge/control_file.h"
#include "stats/log.h"
#include "worker/slot_execution.h"

namespace hivefuzz {
namespace {

// libFuzzer's -max_len during a merge when none is given: longer inputs are run truncated.
constexpr size_t kDefaultMaxMergeLen = size_t{1} << 20;
// Features: an edge's counter index times 8 plus its hit-count bucket bit (libFuzzer's edge
// features), then value profile's bits above every edge feature.
constexpr uint32_t kValueProfileFeatureBase = uint32_t(coverage::kMaxEdges * 8);
static_assert(coverage::kMaxEdges * 8 + cmp::kValueProfileBits <= UINT32_MAX);

std::atomic<bool> g_stop{false};
void OnInterrupt() { g_stop.store(true, std::memory_order_relaxed); }

// A fixed-size set of small integers, one per worker.
class BitSet {
 public:
  explicit BitSet(size_t bits) : words_((bits + 63) / 64, 0) {}
  bool Insert(size_t n) {
    uint64_t bit = uint64_t{1} << (n % 64);
    uint64_t& w = words_[n / 64];
    if (w & bit) return false;
    w |= bit;
    return true;
  }

 private:
  std::vector<uint64_t> words_;
};

// Appends records to the control file; one write(2) per record, under a lock (O_APPEND alone
// is atomic on local file systems only).
class RecordSink {
 public:
  explicit RecordSink(int fd) : fd_(fd) {}
  bool Write(const std::string& record) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_) return false;
    for (size_t done = 0; done < record.size();) {
      ssize_t n = write(fd_, record.data() + done, record.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? std::strerror(errno) : "short write";
        failed_ = true;
        return false;
      }
      done += size_t(n);
    }
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  std::mutex mutex_;
  int fd_;
  bool failed_ = false;
  std::string error_;
};

struct Shared {
  const std::vector<std::string>* names;
  const std::vector<size_t>* todo;  // control file indices, ascending
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  size_t max_len;
  bool use_value_profile;
  SlotTable* slots;
  Target target;
  RecordSink* sink;
};

// One worker: inputs in ascending control-file order, so a feature is recorded by the
// smallest input of its worker that reaches it (see merge/select_files.h).
void RunWorker(Shared& shared, uint32_t index) {
  uint8_t* counters = coverage::AllocateCounters();
  cmp::CmpTable* table = cmp::AllocateTable();
  table->set_value_profile_enabled(shared.use_value_profile);
  const size_t num_counters = coverage::NumCounters();
  BitSet seen_features(num_counters * 8), seen_edges(num_counters);
  std::unique_ptr<BitSet> seen_value_profile;
  if (shared.use_value_profile)
    seen_value_profile = std::make_unique<BitSet>(cmp::kValueProfileBits);
  Slot& slot = shared.slots->slot(index);
  uint8_t* exec_copy = shared.slots->exec_data(index);
  coverage::SetThreadCounters(counters);
  const CounterView view = CounterView::OfThisThread(counters, num_counters);
  BindThreadToSlot(&slot);
  std::vector<uint32_t> features, edges;
  std::string record, exception_text;
  while (!g_stop.load(std::memory_order_relaxed) && !shared.failed.load()) {
    size_t k = shared.next.fetch_add(1);
    if (k >= shared.todo->size()) break;
    const size_t file = (*shared.todo)[k];
    const std::string& path = (*shared.names)[file];
    auto data = ReadFile(path);
    features.clear();
    edges.clear();
    size_t size = 0;
    if (!data.ok()) {
      // Gone or unreadable since the list was made: it reaches nothing.
      Log("MERGE-INNER: cannot read {}: {}; counted as reaching nothing\n", path,
          data.status().message());
    } else {
      size = std::min(data->size(), shared.max_len);
      std::memcpy(slot.data(), data->data(), size);
      SlotTable::SetOriginPath(slot, InputOrigin::kReplay, path);
      slot.size.store(size, std::memory_order_relaxed);
      // seq names the input (index + 1): the supervisor reads it after a failure, and the
      // hang watchdog sees it change from one input to the next.
      slot.seq.store(file + 1, std::memory_order_relaxed);
      // Engine code between two inputs can count here too: an inline function of the standard
      // library that the target's instrumented code also uses may be the linker's one copy.
      view.Zero();
      slot.state.store(SlotState::kRunning, std::memory_order_relaxed);
      if (shared.use_value_profile) cmp::SetThreadTable(table);
      bool accepted = RunTargetInSlot(shared.target, slot, exec_copy, size, &exception_text);
      if (shared.use_value_profile) cmp::SetThreadTable(nullptr);
      slot.state.store(SlotState::kIdle, std::memory_order_relaxed);
      for (const CounterSpan& span : view.spans()) {
        for (size_t j = 0; j < span.num_words; j++) {
          uint64_t c = span.words[j];
          if (c == 0) continue;
          span.words[j] = 0;
          if (!accepted) continue;  // rejected (-1): reaches nothing, as when fuzzing
          const size_t w = span.first_word + j;
          for (uint64_t b = BucketWord(c); b != 0; b &= b - 1) {
            uint32_t bit = uint32_t(std::countr_zero(b));
            uint32_t feature = uint32_t(w * 64 + bit);
            if (seen_features.Insert(feature)) features.push_back(feature);
            uint32_t edge = feature / 8;
            if (seen_edges.Insert(edge)) edges.push_back(edge);
          }
        }
      }
      if (shared.use_value_profile) {
        table->DrainValueProfile([&](size_t word, uint64_t bits) {
          if (!accepted) return;
          for (; bits != 0; bits &= bits - 1) {
            uint32_t vp = uint32_t(word * 64 + size_t(std::countr_zero(bits)));
            if (seen_value_profile->Insert(vp)) features.push_back(kValueProfileFeatureBase + vp);
          }
        });
      }
    }
    record.clear();
    merge::AppendRecord(&record, file, size, features, edges);
    if (!shared.sink->Write(record)) {
      shared.failed.store(true);
      break;
    }
  }
  BindThreadToSlot(nullptr);
  coverage::SetThreadCounters(nullptr);
  cmp::FreeTable(table);
  coverage::FreeCounters(counters);
}

int Fail(const std::string& message) {
  Log("hivefuzz: error: {}\n", message);
  SetEngineExiting();
  return kExitError;
}

}  // namespace

int RunMergeChild(const Options& options, const merge::MergeChildParams& params, TestOneInputFn fn,
                  int slots_fd) {
  auto text = ReadFile(params.control_file);
  if (!text.ok()) return Fail(text.status().message());
  auto cf = merge::ParseControlFile(
      std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), false);
  if (!cf.ok()) {
    return Fail("merge control file " + params.control_file + ": " + cf.status().message());
  }
  std::vector<size_t> todo;
  for (size_t i = 0; i < cf->files.size(); i++) {
    if (cf->files[i].state != merge::FileState::kPending) continue;
    if (!params.only.empty() && !std::binary_search(params.only.begin(), params.only.end(), i)) {
      continue;
    }
    todo.push_back(i);
  }
  std::vector<std::string> names;
  names.reserve(cf->files.size());
  for (merge::ControlEntry& e : cf->files) names.push_back(std::move(e.name));
  Log("MERGE-INNER: using the control file '{}'\n", params.control_file);
  Log("MERGE-INNER: {} total files; {} processed earlier; will process {} files now\n",
      names.size(), names.size() - cf->CountPending(), todo.size());

  const size_t max_len = options.max_len != 0 ? options.max_len : kDefaultMaxMergeLen;
  size_t capacity = 1;
  for (size_t i : todo) {
    struct stat st;
    if (stat(names[i].c_str(), &st) == 0) capacity = std::max(capacity, size_t(st.st_size));
  }
  capacity = std::min(capacity, max_len);
  uint32_t threads = params.threads != 0 ? params.threads : options.parallel;
  threads = uint32_t(std::max<size_t>(1, std::min<size_t>(threads, todo.size())));
  auto slots = SlotTable::Create(slots_fd, threads, capacity);
  if (!slots.ok()) return Fail(slots.status().message());

  int fd = open(params.control_file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    return Fail("cannot append to the merge control file " + params.control_file + ": " +
                std::strerror(errno));
  }
  RecordSink sink(fd);
  InstallEngineHandlers(&(*slots)->header().facts, OnInterrupt);
  SetMallocLimit(size_t(options.malloc_limit_mb) << 20);
  Shared shared{.names = &names,
                .todo = &todo,
                .max_len = max_len,
                .use_value_profile = options.use_value_profile,
                .slots = slots->get(),
                .target = MakeSlotTarget(fn, **slots),
                .sink = &sink};
  {
    std::vector<std::jthread> workers;
    for (uint32_t i = 0; i < threads; i++) {
      workers.emplace_back([&shared, i] { RunWorker(shared, i); });
    }
  }
  close(fd);
  if (shared.failed.load()) {
    return Fail("cannot write the merge control file " + params.control_file + ": " + sink.error());
  }
  SetEngineExiting();
  if (g_stop.load()) return kExitInterrupted;
  Log("MERGE-INNER: done: {} files\n", std::min(shared.next.load(), todo.size()));
  return kExitOk;
}

}  // namespace hivefuzz
