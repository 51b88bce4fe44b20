// The per-thread table of recent comparisons (-fsanitize-coverage=trace-cmp and the memcmp/strcmp
// family): integer operand pairs and byte strings, plus value-profile features per compare site.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace hivefuzz::cmp {

// Slots for integer comparisons. A power of two: the slot is the top bits of a hash.
inline constexpr size_t kIntSlots = 512;
// Slots for byte-string comparisons; each holds two kMaxBytesOperand-byte copies.
inline constexpr size_t kBytesSlots = 64;
// Longest operand kept of a byte-string comparison; longer ones are cut (as libFuzzer's Word).
inline constexpr size_t kMaxBytesOperand = 64;
// Value profile: one 64-bit word of features per hashed compare site. 2^14 sites give
// 2^20 feature bits, 128 KiB per thread, mapped lazily (untouched while value profile is off).
inline constexpr size_t kValueProfileSites = size_t{1} << 14;
inline constexpr size_t kValueProfileWords = kValueProfileSites;
inline constexpr size_t kValueProfileBits = kValueProfileWords * 64;
// A switch with more cases than this records only this many, so one call does bounded work:
// half are the cases nearest to the value switched on (the compiler sorts the cases), half are
// spread over all of them, at an offset that moves from call to call.
inline constexpr size_t kMaxSwitchCasesRecorded = 32;

// What an IntComparison's operands are. The compiler says which operand of a comparison is a
// compile-time constant (const_cmp*: always the first); switch, division and array-index
// tracing compare a runtime value against a constant (a case value, or 0).
enum IntComparisonFlag : uint8_t {
  kFirstIsConstant = 1 << 0,
  kSecondIsConstant = 1 << 1,
  kFromSwitch = 1 << 2,      // a: the value switched on, b: one case value
  kFromDivision = 1 << 3,    // a: the divisor, b: 0
  kFromArrayIndex = 1 << 4,  // a: the index of a getelementptr, b: 0
};

// What a BytesComparison's operands are.
enum BytesComparisonFlag : uint8_t {
  kCaseInsensitive = 1 << 0,  // strcasecmp, strncasecmp, strcasestr
  kSubstringSearch = 1 << 1,  // strstr, strcasestr, memmem: b was sought in a and not found
  kTruncated = 1 << 2,        // an operand was longer than kMaxBytesOperand and was cut
};

// One integer comparison of the current execution, operands in the order the compiler passed
// them, zero-extended. Equal operands are recorded too (they feed the value profile and say a
// branch was taken); a mutator looking for operands to insert may skip them.
// Thread safety: a plain value.
struct IntComparison {
  uint64_t a;
  uint64_t b;
  uint8_t size;   // operand width in bytes: 1, 2, 4 or 8
  uint8_t flags;  // IntComparisonFlag bits
};

// One byte-string comparison of the current execution whose operands differed (an equal
// comparison teaches nothing). The bytes are copies: the target's buffers may be gone.
// Thread safety: a plain value.
struct BytesComparison {
  uint8_t size_a;  // <= kMaxBytesOperand
  uint8_t size_b;  // <= kMaxBytesOperand
  uint8_t flags;   // BytesComparisonFlag bits
  uint8_t a[kMaxBytesOperand];
  uint8_t b[kMaxBytesOperand];
};

// The value-profile word of a compare site (a hash of its pc; distinct sites may share one).
inline size_t ValueProfileSite(uintptr_t pc) {
  return static_cast<size_t>((uint64_t{pc} * 0x9e3779b97f4a7c15ULL) >> 50);
}
static_assert(kValueProfileSites == size_t{1} << (64 - 50));

// The feature bit, within its site's word, of an integer comparison: the number of equal bits
// of the operands in their width, minus one. Operands with no equal bit share bit 0 with those
// with one (both are far from equal); equality keeps a bit of its own (width*8 - 1).
inline unsigned EqualBitsFeature(uint64_t a, uint64_t b, unsigned size_bytes) {
  unsigned width_bits = size_bytes * 8;
  uint64_t mask = width_bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << width_bits) - 1;
  unsigned equal = width_bits - static_cast<unsigned>(std::popcount((a ^ b) & mask));
  return equal == 0 ? 0 : equal - 1;
}

// The comparisons one thread made during its current execution, and its value-profile features.
// Thread safety: owned by one thread. Only the thread whose table it is (SetThreadTable) writes
// it, through the callbacks, and only that thread may call its methods, between executions.
// There are no atomics and no shared writes. Obtain one with AllocateTable.
class CmpTable {
 public:
  CmpTable(const CmpTable&) = delete;
  CmpTable& operator=(const CmpTable&) = delete;

  // Forgets every comparison recorded so far, in O(1): entries of an older epoch are invalid.
  // Value-profile features are not touched (DrainValueProfile or ClearValueProfile do that).
  void StartExecution() {
    if (++epoch_ == 0) RestartEpochs();
  }

  // Records an integer comparison made at `pc`. The slot is a hash of (pc, a, b), so one site
  // comparing many values keeps many of them, and a repeated pair overwrites itself.
  // With value profile on, also sets the comparison's EqualBitsFeature at its site.
  //   REQUIRES: size_bytes is 1, 2, 4 or 8; a and b are zero-extended from that width.
  void RecordInt(uintptr_t pc, uint64_t a, uint64_t b, unsigned size_bytes, uint8_t flags) {
    uint64_t h = (uint64_t{pc} ^ a ^ std::rotl(b, 32)) * 0xd6e8feb86659fd93ULL;
    // Folded and multiplied again: operands that differ only in their rotated-up bits (the
    // cases of a switch) would otherwise share few top bits, and collide by where the binary
    // was loaded (a 20-case switch kept as few as 16).
    h ^= h >> 32;
    IntSlot& slot = int_slots_[(h * 0xd6e8feb86659fd93ULL) >> (64 - kIntSlotBits)];
    slot.a = a;
    slot.b = b;
    slot.epoch = epoch_;
    slot.size = static_cast<uint8_t>(size_bytes);
    slot.flags = flags;
    if (value_profile_enabled_) [[unlikely]] {
      AddValueProfileFeature(ValueProfileSite(pc), EqualBitsFeature(a, b, size_bytes));
    }
  }

  // Records a byte-string comparison made at `pc`, copying the first kMaxBytesOperand bytes
  // of each operand (and setting kTruncated if one was longer). With value profile on and
  // unless it is a substring search, also sets the feature "the operands share a prefix of
  // min(n, 63) bytes" at the site (libFuzzer's memcmp feature).
  //   REQUIRES: a[0, min(size_a, kMaxBytesOperand)) and b[...) are readable. Reads nothing else,
  //             and is not sanitizer-instrumented: a sanitizer's interceptor already checked it.
  void RecordBytes(uintptr_t pc, const void* a, size_t size_a, const void* b, size_t size_b,
                   uint8_t flags);

  // Copies up to `cap` comparisons of the current execution into `out`, in slot order, and
  // returns how many. A full table holds at most kIntSlots / kBytesSlots. A BytesComparison's
  // bytes past size_a / size_b are unspecified.
  size_t CollectIntComparisons(IntComparison* out, size_t cap) const;
  size_t CollectBytesComparisons(BytesComparison* out, size_t cap) const;

  // Value profile costs one predictable branch per comparison while off.
  void set_value_profile_enabled(bool enabled) { value_profile_enabled_ = enabled; }
  bool value_profile_enabled() const { return value_profile_enabled_; }

  // Calls f(size_t word_index, uint64_t word) for each non-zero value-profile word (word_index
  // < kValueProfileWords; feature index = word_index * 64 + bit), then zeroes those words.
  // O(words touched since the last drain), not O(bitmap).
  template <class F>
  void DrainValueProfile(F&& f) {
    for (uint32_t i = 0; i < num_touched_; i++) {
      uint16_t w = touched_[i];
      f(size_t{w}, value_profile_[w]);
      value_profile_[w] = 0;
    }
    num_touched_ = 0;
  }

  // Zeroes the value-profile words set since the last drain (an execution that must not count).
  void ClearValueProfile() {
    DrainValueProfile([](size_t, uint64_t) {});
  }

  // Non-zero value-profile words, each named once in the touched list.
  size_t num_touched_value_profile_words() const { return num_touched_; }

 private:
  friend CmpTable* AllocateTable();
  // Only AllocateTable constructs one: it relies on zeroed memory for the arrays below, so
  // that the value-profile pages are never touched while value profile is off.
  CmpTable() {}

  static constexpr unsigned kIntSlotBits = std::countr_zero(kIntSlots);
  static constexpr unsigned kBytesSlotBits = std::countr_zero(kBytesSlots);
  static_assert(std::has_single_bit(kIntSlots) && std::has_single_bit(kBytesSlots));
  static_assert(kValueProfileWords <= 65536, "touched_ holds 16-bit word indices");

  struct IntSlot {
    uint64_t a;
    uint64_t b;
    uint32_t epoch;  // valid iff equal to the table's epoch_
    uint8_t size;
    uint8_t flags;
  };
  struct BytesSlot {
    uint32_t epoch;
    uint8_t size_a;
    uint8_t size_b;
    uint8_t flags;
    uint8_t a[kMaxBytesOperand];
    uint8_t b[kMaxBytesOperand];
  };

  void AddValueProfileFeature(size_t site, unsigned bit) {
    uint64_t& word = value_profile_[site];
    // A word is zero exactly when it is not in the touched list, so the list never overflows.
    if (word == 0) touched_[num_touched_++] = static_cast<uint16_t>(site);
    word |= uint64_t{1} << bit;
  }

  // Called once every 2^32 executions, when the epoch wraps: invalidates every slot for real.
  void RestartEpochs();

  // Starts at 1 so that zeroed slots (epoch 0) are invalid.
  uint32_t epoch_ = 1;
  bool value_profile_enabled_ = false;
  uint32_t num_touched_ = 0;
  IntSlot int_slots_[kIntSlots];
  BytesSlot bytes_slots_[kBytesSlots];
  uint16_t touched_[kValueProfileWords];
  alignas(64) uint64_t value_profile_[kValueProfileWords];
};

// A new table (empty, value profile off) in its own zeroed, lazily mapped memory; and its
// release. Aborts if the memory cannot be mapped.
CmpTable* AllocateTable();
void FreeTable(CmpTable* table);

// Points this thread's comparison callbacks at `table`, or at nothing (nullptr, the default
// for every thread): a thread without a table records no comparison and writes nothing.
void SetThreadTable(CmpTable* table);
CmpTable* ThreadTable();
// Points this thread's byte-string hooks (memcmp, strcmp, ...) at `table` while no table is set
// with SetThreadTable; integer comparisons are not recorded there. Null: nothing.
void SetThreadBytesTable(CmpTable* table);

}  // namespace hivefuzz::cmp
