// The shared-memory crash slots (docs/architecture.md): one slot per worker holding the input it is
// running, in a mapping the supervisor created, so a dead engine's inputs are still readable.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace hivefuzz {

enum class SlotState : uint32_t { kIdle = 0, kRunning = 1, kCrashed = 2 };

// How the input in a crashed slot failed.
enum class CrashKind : uint32_t {
  kNone = 0,
  kSignal = 1,       // a deadly signal on the worker's thread; `signal` says which
  kSanitizer = 2,    // a sanitizer report (its death callback ran on the worker's thread)
  kException = 3,    // an uncaught C++ exception escaped LLVMFuzzerTestOneInput; `message`
  kExit = 4,         // the target called exit() while running
  kMallocLimit = 5,  // one allocation passed -malloc_limit_mb; `message` says how big
  kOverwrite = 6,    // the target wrote to its const input; the slot keeps the bytes it was given
  kLeak = 7,         // LeakSanitizer found memory the input leaked (-detect_leaks, ASan builds)
};

// What a slot's input is: a generated mutant, a corpus file run as is (warmup, replay), whose
// path is then in `origin_path`, or a candidate of the engine's minimization of a new input.
enum class InputOrigin : uint32_t {
  kMutant = 0,
  kSeed = 1,
  kCache = 2,
  kReplay = 3,
  kMinimizing = 4,
};

// One worker's slot. Only that worker writes it while the engine lives (plain stores from its
// own thread, or async-signal-safe stores from a handler on that thread); the supervisor reads
// it after the engine died, or polls seq for progress. Atomics are lock-free, hence valid
// across processes.
struct alignas(64) Slot {
  std::atomic<SlotState> state;
  std::atomic<CrashKind> crash_kind;
  std::atomic<int32_t> signal;
  std::atomic<InputOrigin> origin;
  std::atomic<uint64_t> seq;   // executions this slot's worker has started
  std::atomic<uint64_t> size;  // bytes of `data` that are the current input
  // Where the failure happened: a hash of the top frames of the crashing thread inside the
  // executable (offsets, so equal across runs despite ASLR), the report PC of a sanitizer, or
  // the exception text. Two failures with the same kind and hash are the same bug.
  std::atomic<uint64_t> stack_hash;
  // The failing thread's stack, for a plain build's report (the supervisor symbolizes it):
  // up to kMaxFrames return addresses, innermost first, from the frame that failed down to
  // LLVMFuzzerTestOneInput. num_frames is 0 when none was taken (an exception, a sanitizer
  // that prints its own report).
  static constexpr uint32_t kMaxFrames = 32;
  std::atomic<uint32_t> num_frames;
  // 1: a sanitizer's signal handler ran after the engine's and printed its own report.
  std::atomic<uint32_t> sanitizer_reported;
  uint64_t frames[kMaxFrames];
  char origin_path[1024];  // NUL-terminated; meaningful when origin != kMutant
  char message[512];       // NUL-terminated; exception text or similar
  // The input bytes follow, `capacity` of them: the worker mutates them in place. Then the
  // same number of bytes for the copy the target is given (see exec_data).
  uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(this + 1); }
};

// One module (the executable, a shared library) of the engine, for its stacks: frames in
// [start, end) are at pc - bias in the file `path` (empty for the executable itself).
struct ModuleInfo {
  uint64_t start;
  uint64_t end;
  uint64_t bias;
  char path[232];  // NUL-terminated, truncated
};

// What the engine child tells the supervisor about itself, beyond its slots. Written with
// async-signal-safe stores only.
struct EngineFacts {
  // The engine returned from its main path (0 until then): an exit before this is not the
  // engine's own, whatever its code says.
  std::atomic<uint32_t> finished;
  // A deadly signal sent by another process (kill -SEGV from outside): not a crash of the
  // target. 0 if none.
  std::atomic<int32_t> external_signal;
  std::atomic<int32_t> external_sender;
  // A deadly signal on a thread bound to no slot (one the target started itself), or one the
  // target sent to its whole process. 0 if none.
  std::atomic<int32_t> stray_signal;
  // The target is given the copy in exec_data (not a sanitizer's heap copy), so comparing the
  // two tells whether it wrote to its input.
  std::atomic<uint32_t> exec_copies;
  // Inputs this engine added to the corpus (libFuzzer's new_units_added), kept up to date by
  // the coordinator, so the supervisor can sum them over keep-going restarts.
  std::atomic<uint64_t> new_units;
  // Entries in its corpus (seeds, finds and inputs taken from other processes), for the
  // supervisor's progress lines over process workers.
  std::atomic<uint64_t> corpus_entries;
  // The modules loaded when the crash handlers were installed (the executable first), so that
  // the supervisor can name and symbolize every frame of a stack.
  static constexpr uint32_t kMaxModules = 15;
  std::atomic<uint32_t> num_modules;
  ModuleInfo modules[kMaxModules];
};

struct SlotTableHeader {
  // Written last (release), so a reader that sees it sees a complete table.
  std::atomic<uint64_t> magic;
  uint32_t version;
  uint32_t num_slots;
  uint64_t capacity;                // bytes of input per slot (the max input length)
  uint64_t slot_stride;             // bytes from one slot to the next
  EngineFacts facts;
};

// A view of the mapping. Not copyable; unmaps on destruction. The mapping stays valid in the
// other process (and in the memfd) after this view is gone.
class SlotTable {
 public:
  // Sizes the memory file `fd` for `num_slots` slots of `capacity` bytes, maps it and writes
  // a fresh header. fd < 0 makes a private anonymous file (no supervisor).
  static Result<std::unique_ptr<SlotTable>> Create(int fd, uint32_t num_slots, size_t capacity);
  // Maps an existing table written by Create (in another process), checking its header.
  static Result<std::unique_ptr<SlotTable>> Attach(int fd);
  ~SlotTable();
  SlotTable(const SlotTable&) = delete;
  SlotTable& operator=(const SlotTable&) = delete;

  uint32_t num_slots() const { return header_->num_slots; }
  size_t capacity() const { return header_->capacity; }
  Slot& slot(uint32_t i);
  // Where slot `i`'s worker copies its input before each call: the target gets this copy, so
  // a target that writes to its (const) input cannot change the slot's bytes, which stay the
  // input as it was generated (the one to save), and the two are compared after the call.
  uint8_t* exec_data(uint32_t i) { return slot(i).data() + header_->capacity; }
  SlotTableHeader& header() { return *header_; }
  const SlotTableHeader& header() const { return *header_; }

  // Copies `path` into the slot's origin_path, truncating; never allocates.
  static void SetOriginPath(Slot& slot, InputOrigin origin, const std::string& path);

 private:
  SlotTable(SlotTableHeader* header, size_t length) : header_(header), length_(length) {}
  SlotTableHeader* header_;
  size_t length_;
};

}  // namespace hivefuzz
