// For the end-to-end test of a crash found while minimizing a new interesting input: inputs of
// at least 16 bytes that start with 'A' reach a new edge, and exactly "A" followed by fifteen
// '0' bytes aborts. Mutation almost never writes fifteen '0's; Go's minimizer, keeping that
// edge, cuts the input to 16 bytes and replaces every byte it can with '0', so it does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 16 || data[0] != 'A') return 0;
  if (size != 16) return 0;
  for (size_t i = 1; i < 16; i++) {
    if (data[i] != '0') return 0;
  }
  std::abort();
}
