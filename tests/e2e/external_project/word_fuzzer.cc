// A libFuzzer-style fuzzer of a project that found hivefuzz with find_package.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size >= 4 && std::memcmp(data, "hive", 4) == 0) std::abort();
  return 0;
}
