// A planted bug behind a 32-bit magic number read with memcpy and compared as one uint32, as
// file-format readers do: one comparison, so edge coverage alone has nothing to climb (about
// 2^32 tries); comparison tracing (input-to-state, operand insertion) or value profile must
// supply the constant. Bug: the bundle reader trusts the header's entry count and fills its
// fixed 16-slot entry table with that many entries. Must find: an input of at least 8 bytes
// that starts with the magic 0xCAFED00D (little-endian: 0D D0 FE CA), then a 16-bit version
// and a 16-bit entry count (little-endian) larger than 16. Fails with abort() after printing
// one line.
// Calibration (execs to the bug): libFuzzer: 850..17.6k (median 5.72k) over 8 seeds;
// libFuzzer -use_value_profile=1: 893..12.1k (median 3.31k) over 8 seeds; all found.
// hivefuzz, 2 threads: 18..2.41k (median 337) over 24 seeds; -use_value_profile=1: 22..195
// (median 85); all found.
// Budget: 36000 execs with -parallel=2
//
// Layout: magic(4) version(2) entry_count(2), then entry_count 32-bit entry offsets (entries
// past the end of the input read as 0).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr uint32_t kBundleMagic = 0xCAFED00D;
constexpr size_t kMaxEntries = 16;

struct BundleHeader {
  uint32_t magic;
  uint16_t version;
  uint16_t entry_count;
};
static_assert(sizeof(BundleHeader) == 8);

// EntryTable stands in for the reader's table of entry offsets: a fixed array, with the bounds
// check a hardened container would do, so that the overflow fails in plain builds too.
class EntryTable {
 public:
  void Set(size_t index, uint32_t offset) {
    if (index >= kMaxEntries) {
      std::fprintf(stderr, "magic32: entry %zu written past the %zu-entry table\n", index,
                   kMaxEntries);
      std::abort();
    }
    offsets_[index] = offset;
  }

 private:
  uint32_t offsets_[kMaxEntries] = {};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  BundleHeader header;
  if (size < sizeof(header)) return 0;
  std::memcpy(&header, data, sizeof(header));
  if (header.magic != kBundleMagic) return 0;
  // BUG: entry_count is never compared with kMaxEntries.
  EntryTable table;
  const uint8_t* entries = data + sizeof(header);
  size_t available = (size - sizeof(header)) / sizeof(uint32_t);
  for (size_t i = 0; i < header.entry_count; ++i) {
    uint32_t offset = 0;
    if (i < available) std::memcpy(&offset, entries + i * sizeof(uint32_t), sizeof(offset));
    table.Set(i, offset);
  }
  return 0;
}
