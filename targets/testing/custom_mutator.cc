// For end-to-end tests of libFuzzer's mutation ABI: a structure-aware harness whose custom
// mutator keeps the "CUSTOM:" header and mutates the payload with LLVMFuzzerMutate. The bug
// needs the header and a 'Z' in the payload (quick with the custom mutator, far off for byte
// mutations of the seed "x"); with HIVEFUZZ_TEST_NEED=crossover it needs the marker only the
// custom crossover writes ("CUSTOM:XOVER!").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

constexpr char kHeader[] = "CUSTOM:";
constexpr size_t kHeaderSize = sizeof(kHeader) - 1;
constexpr char kCrossOverMarker[] = "XOVER!";
constexpr size_t kMarkerSize = sizeof(kCrossOverMarker) - 1;

bool HasHeader(const uint8_t* data, size_t size) {
  return size >= kHeaderSize && std::memcmp(data, kHeader, kHeaderSize) == 0;
}

bool NeedCrossOver() {
  const char* need = std::getenv("HIVEFUZZ_TEST_NEED");
  return need != nullptr && std::strcmp(need, "crossover") == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!HasHeader(data, size)) return 0;
  const uint8_t* payload = data + kHeaderSize;
  size_t payload_size = size - kHeaderSize;
  if (NeedCrossOver()) {
    if (payload_size >= kMarkerSize && std::memcmp(payload, kCrossOverMarker, kMarkerSize) == 0) {
      std::abort();
    }
    return 0;
  }
  if (std::memchr(payload, 'Z', payload_size) != nullptr) std::abort();
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int) {
  if (max_size <= kHeaderSize) return 0;
  if (!HasHeader(data, size)) {
    // Make the payload of whatever was there and put the header in front.
    size_t keep = size < max_size - kHeaderSize ? size : max_size - kHeaderSize;
    std::memmove(data + kHeaderSize, data, keep);
    std::memcpy(data, kHeader, kHeaderSize);
    size = kHeaderSize + keep;
  }
  size_t payload = LLVMFuzzerMutate(data + kHeaderSize, size - kHeaderSize, max_size - kHeaderSize);
  // The custom crossover's marker never comes from here.
  if (payload >= kMarkerSize && std::memcmp(data + kHeaderSize, kCrossOverMarker, 1) == 0) {
    data[kHeaderSize] = 'x';
  }
  return kHeaderSize + payload;
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int) {
  if (!NeedCrossOver()) return 0;  // then only the custom mutator makes inputs
  size_t size = kHeaderSize + kMarkerSize;
  if (size > max_out_size) return 0;
  std::memcpy(out, kHeader, kHeaderSize);
  std::memcpy(out + kHeaderSize, kCrossOverMarker, kMarkerSize);
  // Something of both parents after the marker.
  if (size < max_out_size && size1 > 0) out[size++] = data1[0];
  if (size < max_out_size && size2 > 0) out[size++] = data2[size2 - 1];
  return size;
}
