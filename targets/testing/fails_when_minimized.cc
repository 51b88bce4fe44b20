// For the end-to-end test of a crash found while minimizing a new interesting input: inputs
// that start with 'A' reach a new edge, those of exactly 16 bytes another, and exactly "A"
// followed by fifteen '0' bytes aborts. Mutation almost never writes fifteen '0's; Go's
// minimizer, keeping the 16-byte edge, replaces every byte it can with '0', so it does. An 'A'
// input of another length is minimized to "A" alone, fifteen bytes from the crasher: were the
// length checked as at least 16 first, it would keep 17 bytes, one deletion from it, and
// mutation would often get there before a 16-byte input is minimized. The fifteen bytes are
// checked with one memcmp, not a loop: a loop's hit counts would reward inputs with more and
// more '0's. (Run it with -use_cmp=0: the memcmp operand would hand mutation the fifteen '0's.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || data[0] != 'A') return 0;
  if (size != 16) return 0;
  if (std::memcmp(data + 1, "000000000000000", 15) != 0) return 0;
  std::abort();
}
