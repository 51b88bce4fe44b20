// For the end-to-end tests of libFuzzer's flags, by HIVEFUZZ_TEST_MODE:
//   "print": LLVMFuzzerInitialize writes "init-stdout"/"init-stderr" lines; each input writes
//            "target-stdout" and "target-stderr" lines; an input starting with "FAIL" segfaults
//            (-close_fd_mask);
//   "ascii": an input holding any byte that is neither printable ASCII nor whitespace
//            (isprint/isspace) segfaults (-only_ascii);
// anything else: returns.
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

const char* Mode() {
  static const char* mode = std::getenv("HIVEFUZZ_TEST_MODE");
  return mode != nullptr ? mode : "";
}

[[noreturn]] void Segv() {
  volatile int* null_pointer = nullptr;
  *null_pointer = 1;
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::strcmp(Mode(), "print") == 0) {
    std::printf("init-stdout\n");
    std::fflush(stdout);
    std::fprintf(stderr, "init-stderr\n");
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (std::strcmp(Mode(), "print") == 0) {
    // write(2), not stdio: each line lands whole, whatever the threads do.
    if (write(STDOUT_FILENO, "target-stdout\n", 14) < 0) {
    }
    if (write(STDERR_FILENO, "target-stderr\n", 14) < 0) {
    }
    if (size >= 4 && std::memcmp(data, "FAIL", 4) == 0) Segv();
  } else if (std::strcmp(Mode(), "ascii") == 0) {
    for (size_t i = 0; i < size; i++) {
      if (!std::isprint(data[i]) && !std::isspace(data[i])) Segv();
    }
  }
  return 0;
}
