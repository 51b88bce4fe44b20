// For the end-to-end test of -reload: aborts on one exact 32-byte input, recognized by a hash
// of the whole input, so neither mutation nor comparison guidance can find it (no compare
// sees its bytes): only a file that another process writes into the corpus directory while
// the fuzzer runs brings it in. The input: "hivefuzz-reload-secret-012345678".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

uint64_t Fnv1a(const uint8_t* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 0x100000001b3ULL;
  return h;
}

const uint64_t kSecretHash = [] {
  const char* secret = "hivefuzz-reload-secret-012345678";
  return Fnv1a(reinterpret_cast<const uint8_t*>(secret), std::strlen(secret));
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 32 && Fnv1a(data, size) == kSecretHash) std::abort();
  return 0;
}
