// A planted bug behind six nested checks on independent fields of a small image header, each a
// range or flag test (no multi-byte equality), so edge coverage alone reaches each level.
// Bug: the header validation never compares the palette size with the bit depth, so a
// paletted image whose palette has more than 2^depth entries overflows the decoder's palette
// table. Must find: such a header (version 2..4, palette flag set and interlace flag clear,
// width and height 1..64, depth 1/2/4/8, palette larger than 2^depth, declared payload that
// fits the input). Fails with abort() after printing one line.
// Calibration: libFuzzer, edge coverage only: 1439..8680 execs over 5 seeds.
// hivefuzz, 2 threads, Go's mutators, edge coverage only: 33.7k..275k (median 165k) execs over 15 runs.
// Budget: 1500000 execs with -parallel=2
//
// Header layout (8 bytes, then the payload):
//   0 version  1 flags (bit 7 palette, bit 0 interlaced)  2 width  3 height
//   4 depth (bits per pixel)  5 palette entries  6 payload length  7 reserved
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr size_t kHeaderSize = 8;
constexpr uint8_t kFlagPalette = 0x80;
constexpr uint8_t kFlagInterlaced = 0x01;

// LoadPalette stands in for the decoder's palette read: its table holds 2^depth entries.
void LoadPalette(unsigned depth, unsigned entries) {
  unsigned capacity = 1u << depth;
  if (entries > capacity) {
    std::fprintf(stderr,
                 "nested_conditions: palette of %u entries overflows the %u-entry table "
                 "of a %u-bit image\n",
                 entries, capacity, depth);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeaderSize) return 0;
  uint8_t version = data[0], flags = data[1], width = data[2], height = data[3];
  uint8_t depth = data[4], palette_entries = data[5], payload_length = data[6];
  if (version >= 2 && version <= 4) {
    if ((flags & kFlagPalette) != 0) {
      if ((flags & kFlagInterlaced) == 0) {
        if (width >= 1 && width <= 64 && height >= 1 && height <= 64) {
          if (depth == 1 || depth == 2 || depth == 4 || depth == 8) {
            if (payload_length <= size - kHeaderSize) {
              LoadPalette(depth, palette_entries);
            }
          }
        }
      }
    }
  }
  return 0;
}
