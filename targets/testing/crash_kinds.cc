// For end-to-end tests: fails when the input starts with 'F' (one bit flip from the seed "f"),
// in the way the environment variable HIVEFUZZ_TEST_FAILURE names: segv, abort, throw or
// exit (exit(3)); without the variable it segfaults. Other inputs return normally.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || data[0] != 'F') return 0;
  const char* kind = std::getenv("HIVEFUZZ_TEST_FAILURE");
  if (kind != nullptr && std::strcmp(kind, "abort") == 0) std::abort();
  if (kind != nullptr && std::strcmp(kind, "throw") == 0) {
    throw std::runtime_error("the input starts with F");
  }
  if (kind != nullptr && std::strcmp(kind, "exit") == 0) std::exit(3);
  volatile int* null_pointer = nullptr;
  return *null_pointer;
}
