#include "crash/shared_hive.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hivefuzz {
namespace {

constexpr uint64_t kMagic = 0x4849564553484d31ULL;  // "HIVESHM1"
constexpr uint32_t kVersion = 2;
// An entry's seq while its writer is filling it in.
constexpr uint64_t kBusy = UINT64_MAX;

// One announcement. A seqlock: seq is the announcement's number + 1 once complete, kBusy while
// written; the payload is atomic words so that a reader racing a writer reads defined values
// and then sees seq change.
struct RingEntry {
  std::atomic<uint64_t> seq;
  std::atomic<uint64_t> words[4];
};

void Encode(const HiveFind& find, uint64_t out[4]) {
  uint8_t bytes[24];
  std::memcpy(bytes, find.sha1, 20);
  std::memcpy(bytes + 20, &find.process, 4);
  std::memcpy(out, bytes, 24);
  out[3] = uint64_t(find.size) << 32 | find.new_bits;
}

HiveFind Decode(const uint64_t in[4]) {
  HiveFind find;
  uint8_t bytes[24];
  std::memcpy(bytes, in, 24);
  std::memcpy(find.sha1, bytes, 20);
  std::memcpy(&find.process, bytes + 20, 4);
  find.size = uint32_t(in[3] >> 32);
  find.new_bits = uint32_t(in[3]);
  return find;
}

}  // namespace

// Never constructed: the memory file starts zeroed, which is every atomic's zero value, and
// constructing it would touch every page of the masks.
struct SharedHive::Layout {
  std::atomic<uint64_t> magic;
  uint32_t version;
  std::atomic<uint64_t> mask_words_used;
  alignas(64) std::atomic<uint64_t> next;  // announcements begun
  alignas(64) RingEntry ring[kRingEntries];
  alignas(4096) std::atomic<uint64_t> mask[kMaskWords];
  std::atomic<uint64_t> value_profile[kValueProfileWords];
  alignas(64) std::atomic<uint64_t> bench_arrivals;
  std::atomic<uint64_t> bench[kMaxBenchProcesses][kMaxBenchRounds][4];
};

Result<std::unique_ptr<SharedHive>> SharedHive::Create() {
  static_assert(std::atomic<uint64_t>::is_always_lock_free);
  int fd = memfd_create("hivefuzz-hive", 0);  // inherited by the children on purpose
  if (fd < 0 || ftruncate(fd, off_t(sizeof(Layout))) != 0) {
    std::string err = std::strerror(errno);
    if (fd >= 0) close(fd);
    return Status::Error("cannot create the shared coverage mask of the process workers: " + err);
  }
  void* p = mmap(nullptr, sizeof(Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    std::string err = std::strerror(errno);
    close(fd);
    return Status::Error("cannot map the shared coverage mask of the process workers: " + err);
  }
  auto* layout = static_cast<Layout*>(p);
  layout->version = kVersion;
  layout->magic.store(kMagic, std::memory_order_release);
  return std::unique_ptr<SharedHive>(new SharedHive(layout, fd, /*owns_fd=*/true));
}

Result<std::unique_ptr<SharedHive>> SharedHive::Attach(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || size_t(st.st_size) != sizeof(Layout)) {
    return Status::Error(
        "the shared coverage mask of the process workers is missing or of "
        "another hivefuzz version");
  }
  void* p = mmap(nullptr, sizeof(Layout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    return Status::Error(std::string("cannot map the shared coverage mask: ") +
                         std::strerror(errno));
  }
  auto* layout = static_cast<Layout*>(p);
  if (layout->magic.load(std::memory_order_acquire) != kMagic || layout->version != kVersion) {
    munmap(p, sizeof(Layout));
    return Status::Error("the shared coverage mask has an unknown layout (version mismatch?)");
  }
  return std::unique_ptr<SharedHive>(new SharedHive(layout, fd, /*owns_fd=*/false));
}

SharedHive::~SharedHive() {
  munmap(layout_, sizeof(Layout));
  if (owns_fd_) close(fd_);
}

std::atomic<uint64_t>* SharedHive::mask_words() { return layout_->mask; }
std::atomic<uint64_t>* SharedHive::value_profile_words() { return layout_->value_profile; }

void SharedHive::NoteMaskWords(size_t words) {
  uint64_t seen = layout_->mask_words_used.load(std::memory_order_relaxed);
  while (seen < words &&
         !layout_->mask_words_used.compare_exchange_weak(seen, words, std::memory_order_relaxed)) {
  }
}

size_t SharedHive::mask_words_used() const {
  return size_t(layout_->mask_words_used.load(std::memory_order_relaxed));
}

bool SharedHive::BenchBarrier(uint32_t processes, uint64_t round,
                              const std::atomic<bool>& give_up) {
  layout_->bench_arrivals.fetch_add(1, std::memory_order_acq_rel);
  const uint64_t all = uint64_t(processes) * (round + 1);
  while (layout_->bench_arrivals.load(std::memory_order_acquire) < all) {
    if (give_up.load(std::memory_order_relaxed)) return false;
    usleep(50);
  }
  return true;
}

void SharedHive::RecordBenchRound(uint32_t process, uint32_t round, const BenchRound& result) {
  if (process >= kMaxBenchProcesses || round >= kMaxBenchRounds) return;
  auto& slot = layout_->bench[process][round];
  slot[0].store(result.start_ns, std::memory_order_relaxed);
  slot[1].store(result.end_ns, std::memory_order_relaxed);
  slot[2].store(result.execs, std::memory_order_relaxed);
  slot[3].store(result.cpu_ns, std::memory_order_release);
}

SharedHive::BenchRound SharedHive::BenchRoundOf(uint32_t process, uint32_t round) const {
  if (process >= kMaxBenchProcesses || round >= kMaxBenchRounds) return {};
  const auto& slot = layout_->bench[process][round];
  BenchRound result;
  result.cpu_ns = slot[3].load(std::memory_order_acquire);
  result.start_ns = slot[0].load(std::memory_order_relaxed);
  result.end_ns = slot[1].load(std::memory_order_relaxed);
  result.execs = slot[2].load(std::memory_order_relaxed);
  return result;
}

uint64_t SharedHive::published() const { return layout_->next.load(std::memory_order_acquire); }

void SharedHive::Publish(const HiveFind& find) {
  uint64_t words[4];
  Encode(find, words);
  uint64_t ticket = layout_->next.fetch_add(1, std::memory_order_relaxed);
  RingEntry& entry = layout_->ring[ticket % kRingEntries];
  entry.seq.store(kBusy, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  for (int i = 0; i < 4; i++) entry.words[i].store(words[i], std::memory_order_relaxed);
  entry.seq.store(ticket + 1, std::memory_order_release);
}

SharedHive::Read SharedHive::Next(uint64_t* cursor, HiveFind* out) const {
  auto skip_to_oldest = [&] {
    uint64_t next = layout_->next.load(std::memory_order_acquire);
    uint64_t oldest = next > kRingEntries ? next - kRingEntries : 0;
    *cursor = std::max(*cursor + 1, oldest);
    return Read::kLapped;
  };
  const uint64_t at = *cursor;
  uint64_t next = layout_->next.load(std::memory_order_acquire);
  if (at >= next) return Read::kNone;
  if (next - at > kRingEntries) return skip_to_oldest();
  const RingEntry& entry = layout_->ring[at % kRingEntries];
  uint64_t before = entry.seq.load(std::memory_order_acquire);
  if (before != at + 1) {
    if (before != kBusy && before > at + 1) return skip_to_oldest();
    return Read::kPending;
  }
  uint64_t words[4];
  for (int i = 0; i < 4; i++) words[i] = entry.words[i].load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (entry.seq.load(std::memory_order_relaxed) != before) return skip_to_oldest();
  *out = Decode(words);
  *cursor = at + 1;
  return Read::kFind;
}

}  // namespace hivefuzz
