// For end-to-end tests of -keep_going: three distinct bugs, each one bit flip from a seed
// ("a", "b", "c"): inputs starting with 'A' abort in BugA, with 'B' abort in BugB (same kind,
// another stack), with 'C' dereference null. Keep-going must report each once.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

__attribute__((noinline)) void BugA() {
  std::fprintf(stderr, "three_bugs: bug A\n");
  std::abort();
}

__attribute__((noinline)) void BugB() {
  std::fprintf(stderr, "three_bugs: bug B\n");
  std::abort();
}

__attribute__((noinline)) int BugC(const volatile int* pointer) { return *pointer; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] == 'A') BugA();
  if (data[0] == 'B') BugB();
  if (data[0] == 'C') return BugC(nullptr);
  return 0;
}
