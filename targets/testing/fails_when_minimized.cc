// For the end-to-end test of a crash found while minimizing a new interesting input: inputs of
// at least 16 bytes that start with 'A' reach a new edge, and exactly "A" followed by fifteen
// '0' bytes aborts. Mutation almost never writes fifteen '0's; Go's minimizer, keeping that
// edge, cuts the input to 16 bytes and replaces every byte it can with '0', so it does. The
// fifteen bytes are checked with one memcmp, not a loop: a loop's hit counts would reward
// inputs with more and more '0's, and mutation would then reach the crasher on its own.
// (Run it with -use_cmp=0: the memcmp operand would hand mutation the fifteen '0's.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 16 || data[0] != 'A') return 0;
  if (size != 16) return 0;
  if (std::memcmp(data + 1, "000000000000000", 15) != 0) return 0;
  std::abort();
}
