#include "target/target.h"

#include <cstring>
#include <exception>
#include <memory>

extern "C" __attribute__((weak)) void __asan_init();
extern "C" __attribute__((weak)) void __msan_init();
extern "C" __attribute__((weak)) void __hwasan_init();

namespace hivefuzz {

bool SanitizerWantsExactCopies() {
  return __asan_init != nullptr || __msan_init != nullptr || __hwasan_init != nullptr;
}

ExecOutcome Target::Run(const uint8_t* data, size_t size, std::string* exception_text) const {
  try {
    int rc;
    if (exact_copy_) {
      std::unique_ptr<uint8_t[]> copy(new uint8_t[size]);
      if (size) std::memcpy(copy.get(), data, size);
      rc = fn_(copy.get(), size);
    } else {
      rc = fn_(data, size);
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
