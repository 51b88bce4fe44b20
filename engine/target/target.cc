#include "target/target.h"

#include <cstring>
#include <exception>
#include <memory>

extern "C" __attribute__((weak)) void __asan_init();
extern "C" __attribute__((weak)) void __msan_init();
extern "C" __attribute__((weak)) void __hwasan_init();

// The one call into the target, in a section of its own: crash signatures hash the target's
// frames above it and stop here (crash/crash_handlers.cc), so the same bug has the same
// signature whichever engine path (fuzzing, replay, minimization) ran it.
extern "C" __attribute__((noinline, section("hivefuzz_target_call"))) int hivefuzz_call_target(
    hivefuzz::TestOneInputFn fn, const uint8_t* data, size_t size) {
  int rc = fn(data, size);
  asm volatile("");  // keep the call a call, not a tail jump, so this frame is on the stack
  return rc;
}

namespace hivefuzz {

bool SanitizerWantsExactCopies() {
  return __asan_init != nullptr || __msan_init != nullptr || __hwasan_init != nullptr;
}

ExecOutcome Target::Run(const uint8_t* data, size_t size, uint8_t* scratch,
                        std::string* exception_text) const {
  try {
    int rc;
    // libFuzzer copies each input too and compares it after the call: the copy costs O(size),
    // a small fraction of a target that reads its input, and it keeps the crashing input
    // intact when the target scribbles on it before it fails.
    if (exact_copy_) {
      std::unique_ptr<uint8_t[]> copy(new uint8_t[size]);
      if (size) std::memcpy(copy.get(), data, size);
      rc = hivefuzz_call_target(fn_, copy.get(), size);
      if (size && std::memcmp(copy.get(), data, size) != 0) return ExecOutcome::kOverwrote;
    } else if (scratch != nullptr) {
      if (size) std::memcpy(scratch, data, size);
      rc = hivefuzz_call_target(fn_, scratch, size);
      if (size && std::memcmp(scratch, data, size) != 0) return ExecOutcome::kOverwrote;
    } else {
      rc = hivefuzz_call_target(fn_, data, size);
    }
    return rc == -1 ? ExecOutcome::kRejected : ExecOutcome::kOk;
  } catch (const std::exception& e) {
    *exception_text = std::string("uncaught exception: ") + e.what();
  } catch (...) {
    *exception_text = "uncaught exception of a type not derived from std::exception";
  }
  return ExecOutcome::kException;
}

}  // namespace hivefuzz
