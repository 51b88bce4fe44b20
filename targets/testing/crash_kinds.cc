// For end-to-end tests: fails in the way the first input byte names, so each failure kind is
// one mutation away from a harmless seed. 'S' segfaults, 'A' aborts, 'E' throws, 'X' calls
// exit(3); anything else returns. (A seed "s" reaches 'S' with one bit flip.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  switch (data[0]) {
    case 'S': {
      volatile int* null_pointer = nullptr;
      return *null_pointer;
    }
    case 'A':
      std::abort();
    case 'E':
      throw std::runtime_error("the input starts with E");
    case 'X':
      std::exit(3);
    default:
      return 0;
  }
}
