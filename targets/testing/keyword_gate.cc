// A target with no bug whose deeper code is gated by multi-byte compares (a memcmp and a
// 32-bit constant), so a run that gets past them has operands to recommend as a dictionary.
#include <cstddef>
#include <cstdint>
#include <cstring>

// Opaque to the optimizer, so each gate keeps its own edge.
__attribute__((noinline)) static void Reached(int depth) { asm volatile("" : : "r"(depth)); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 12) return 0;
  if (std::memcmp(data, "KEYWORD!", 8) != 0) return 0;
  Reached(1);
  uint32_t tag;
  std::memcpy(&tag, data + 8, sizeof(tag));
  if (tag == 0x5a17c0deu) Reached(2);
  return 0;
}
