// For the end-to-end tests of -cleanse_crash and -minimize_crash: an input of at least 20 bytes
// whose bytes 1, 5, 10 and 19 are '1', '5', 'A' and 'Z' aborts in BugA, the other bytes do not
// matter, except that a ' ' at byte 3 makes it abort in BugB instead (the same kind of failure,
// another stack: another bug). So cleansing replaces every other byte with ' ' or 0xff, and
// byte 3 only with 0xff; minimizing keeps 20 bytes. Both print which bug they are.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

__attribute__((noinline)) void BugA() {
  std::fprintf(stderr, "four_bytes: bug A\n");
  std::abort();
}

__attribute__((noinline)) void BugB() {
  std::fprintf(stderr, "four_bytes: bug B\n");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 20 || data[1] != '1' || data[5] != '5' || data[10] != 'A' || data[19] != 'Z') {
    return 0;
  }
  if (data[3] == ' ') BugB();
  BugA();
  return 0;
}
