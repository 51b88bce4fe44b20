// The throughput baseline: a target that does nothing, so execs/sec measure the engine alone
// (mutation, coverage scan, merge). No bug. Also built uninstrumented in targets/testing/.
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)data;
  (void)size;
  return 0;
}
