// The cold and the byte-string parts of the comparison table: copying operands, collecting the
// current execution's entries, and the table's memory. Links nothing beyond libc.
#include "cmp/cmp_table.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace hivefuzz::cmp {
namespace {

// Up to the first 8 bytes of p[0, n) as a number, for the slot hash.
uint64_t LeadingWord(const uint8_t* p, size_t n) {
  uint64_t w = 0;
  for (size_t i = 0; i < n && i < 8; i++) w |= uint64_t{p[i]} << (8 * i);
  return w;
}

uint8_t FoldAsciiCase(uint8_t c) { return c >= 'A' && c <= 'Z' ? static_cast<uint8_t>(c + 32) : c; }

}  // namespace

// Reads the target's buffers without sanitizer checks: the interceptor that called the hook
// has already checked (and reported) these bytes, and a second report from inside the fuzzing
// engine would only mislead.
__attribute__((no_sanitize("address", "thread", "memory"))) void CmpTable::RecordBytes(
    uintptr_t pc, const void* a, size_t size_a, const void* b, size_t size_b, uint8_t flags) {
  size_t na = size_a < kMaxBytesOperand ? size_a : kMaxBytesOperand;
  size_t nb = size_b < kMaxBytesOperand ? size_b : kMaxBytesOperand;
  if (na != size_a || nb != size_b) flags |= kTruncated;
  const auto* pa = static_cast<const uint8_t*>(a);
  const auto* pb = static_cast<const uint8_t*>(b);
  // The sizes and leading bytes of both operands pick the slot, so a site comparing against
  // many different strings (a keyword table) keeps many of them.
  uint64_t key = uint64_t{pc} * 0x9e3779b97f4a7c15ULL ^ LeadingWord(pa, na) ^
                 std::rotl(LeadingWord(pb, nb), 32) ^ (uint64_t{na} << 56) ^ (uint64_t{nb} << 48);
  BytesSlot& slot = bytes_slots_[(key * 0xd6e8feb86659fd93ULL) >> (64 - kBytesSlotBits)];
  slot.epoch = epoch_;
  slot.size_a = static_cast<uint8_t>(na);
  slot.size_b = static_cast<uint8_t>(nb);
  slot.flags = flags;
  for (size_t i = 0; i < na; i++) slot.a[i] = pa[i];
  for (size_t i = 0; i < nb; i++) slot.b[i] = pb[i];
  if (value_profile_enabled_ && !(flags & kSubstringSearch)) [[unlikely]] {
    size_t n = na < nb ? na : nb;
    size_t prefix = 0;
    if (flags & kCaseInsensitive) {
      while (prefix < n && FoldAsciiCase(slot.a[prefix]) == FoldAsciiCase(slot.b[prefix])) prefix++;
    } else {
      while (prefix < n && slot.a[prefix] == slot.b[prefix]) prefix++;
    }
    AddValueProfileFeature(ValueProfileSite(pc), prefix < 63 ? static_cast<unsigned>(prefix) : 63);
  }
}

size_t CmpTable::CollectIntComparisons(IntComparison* out, size_t cap) const {
  size_t n = 0;
  for (const IntSlot& slot : int_slots_) {
    if (n == cap) break;
    if (slot.epoch != epoch_) continue;
    out[n++] = IntComparison{slot.a, slot.b, slot.size, slot.flags};
  }
  return n;
}

size_t CmpTable::CollectBytesComparisons(BytesComparison* out, size_t cap) const {
  size_t n = 0;
  for (const BytesSlot& slot : bytes_slots_) {
    if (n == cap) break;
    if (slot.epoch != epoch_) continue;
    BytesComparison& c = out[n++];
    c.size_a = slot.size_a;
    c.size_b = slot.size_b;
    c.flags = slot.flags;
    // Whole arrays: a fixed-size copy is a few vector moves, cheaper than a byte loop.
    std::memcpy(c.a, slot.a, kMaxBytesOperand);
    std::memcpy(c.b, slot.b, kMaxBytesOperand);
  }
  return n;
}

void CmpTable::RestartEpochs() {
  for (IntSlot& slot : int_slots_) slot.epoch = 0;
  for (BytesSlot& slot : bytes_slots_) slot.epoch = 0;
  epoch_ = 1;
}

CmpTable* AllocateTable() {
  void* p = mmap(nullptr, sizeof(CmpTable), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "hivefuzz: cannot map %zu bytes for a comparison table\n",
                 sizeof(CmpTable));
    std::abort();
  }
  return new (p) CmpTable();
}

void FreeTable(CmpTable* table) {
  if (!table) return;
  table->~CmpTable();
  munmap(table, sizeof(CmpTable));
}

}  // namespace hivefuzz::cmp
