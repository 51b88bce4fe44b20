// Comparison-guided mutations and crossover. An integer input-to-state search makes one pass
// over the input per comparison, testing each byte against a 256-bit set of the first bytes of
// all its patterns, so a comparison whose operands are absent costs one cheap pass.
#include "mutator/guided_mutations.h"

#include <string.h>  // memmem

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

#include "base/check.h"
#include "mutator/splicing.h"

namespace hivefuzz {
namespace {

// Comparisons a mutation draws before giving up. A table holds many comparisons that have
// nothing to do with the input (loop bounds, lengths), so one draw fails often; a few more
// make success likely where the input does hold an operand, while keeping the cost of a
// mutation that cannot apply bounded.
constexpr int kComparisonAttempts = 4;

void CheckSizes(size_t size, size_t max_size) {
  HF_CHECK(size <= max_size && max_size <= UINT32_MAX);
}

bool IsValidWidth(unsigned width) { return width == 1 || width == 2 || width == 4 || width == 8; }

// The low `width` bytes of v.
uint64_t Truncate(uint64_t v, unsigned width) {
  return width >= 8 ? v : v & ((uint64_t{1} << (8 * width)) - 1);
}

// Whether v, a value of `width` bytes, is the zero or sign extension of its low `narrow` bytes.
bool FitsIn(uint64_t v, unsigned width, unsigned narrow) {
  if (narrow >= width) return true;
  if (Truncate(v, narrow) == v) return true;
  const unsigned shift = 64 - 8 * narrow;
  auto sign_extended = static_cast<uint64_t>(static_cast<int64_t>(v << shift) >> shift);
  return Truncate(sign_extended, width) == v;
}

// The narrowest of 1, 2, 4, 8 (at most `width`) in which v keeps its value.
unsigned NarrowestWidth(uint64_t v, unsigned width) {
  unsigned w = 1;
  while (w < width && !FitsIn(v, width, w)) w *= 2;
  return w;
}

// The low `width` bytes of v encoded in the given byte order, as a word whose first `width`
// bytes in memory are the encoding (and the rest zero): memcpy it to write the encoding, or
// compare it with a word memcpy'd from the input. Arithmetic, not byte stores, so that reading
// the word back does not stall on store forwarding.
uint64_t EncodedWord(uint64_t v, unsigned width, bool big_endian) {
  uint64_t little = Truncate(big_endian ? __builtin_bswap64(v) >> (64 - 8 * width) : v, width);
  if constexpr (std::endian::native == std::endian::little) {
    return little;
  } else {
    return __builtin_bswap64(little);
  }
}

// ---- Integer input-to-state ----

// One pattern to look for in the input and what to write over it, as EncodedWords: a match is
// a word loaded from the input that equals `pattern` under `mask` (the first `width` bytes).
struct IntCandidate {
  uint64_t pattern;
  uint64_t mask;
  uint64_t replacement;
  uint8_t width;
};
// 2 directions x 4 widths x 3 deltas x 2 byte orders.
constexpr size_t kMaxIntCandidates = 48;

// The candidates of one comparison, widest first: seen replaced by wanted, and the other way
// round unless `one_way`. REQUIRES: seen != wanted, both of `width`.
size_t BuildIntCandidates(uint64_t seen, uint64_t wanted, unsigned width, IntCandidate* out,
                          bool one_way = false) {
  size_t n = 0;
  const unsigned narrowest = std::max(NarrowestWidth(seen, width), NarrowestWidth(wanted, width));
  for (unsigned w = width; w >= narrowest; w /= 2) {
    const uint64_t mask = EncodedWord(~uint64_t{0}, w, false);
    for (int direction = 0; direction < (one_way ? 1 : 2); direction++) {
      const uint64_t from = direction == 0 ? seen : wanted;
      const uint64_t to = direction == 0 ? wanted : seen;
      for (uint64_t delta : {uint64_t{0}, uint64_t{1}, ~uint64_t{0}}) {
        const uint64_t pattern = Truncate(from + delta, w);
        const uint64_t replacement = Truncate(to + delta, w);
        if (pattern == replacement) continue;  // both fit only as different extensions
        for (bool big_endian : {false, true}) {
          if (big_endian && w == 1) break;
          out[n++] = {EncodedWord(pattern, w, big_endian), mask,
                      EncodedWord(replacement, w, big_endian), static_cast<uint8_t>(w)};
        }
      }
    }
    if (w == 1) break;
  }
  return n;
}

struct IntMatch {
  size_t pos = 0;
  const IntCandidate* candidate = nullptr;
};

// The first match at or after `start` (wrapping) of the widest width that matches anywhere.
// REQUIRES: start < size; 1 <= num_candidates; candidates sorted by width, widest first.
IntMatch FindWidestMatch(const uint8_t* data, size_t size, const IntCandidate* candidates,
                         size_t num_candidates, size_t start) {
  // Most positions fail on their first byte: test it against a 256-bit set first.
  uint64_t first_bytes[4] = {};
  for (size_t i = 0; i < num_candidates; i++) {
    uint8_t first;
    std::memcpy(&first, &candidates[i].pattern, 1);
    first_bytes[first >> 6] |= uint64_t{1} << (first & 63);
  }
  IntMatch best[4];  // best[k]: the first match of width 1 << k
  const int widest = std::countr_zero(unsigned{candidates[0].width});
  // Scans [begin, end); true once a match of the widest width is found.
  auto scan = [&](size_t begin, size_t end) {
    for (size_t pos = begin; pos < end; pos++) {
      const uint8_t b = data[pos];
      if (((first_bytes[b >> 6] >> (b & 63)) & 1) == 0) continue;
      const size_t left = size - pos;
      uint64_t word = 0;
      if (left >= 8) {
        std::memcpy(&word, data + pos, 8);  // one load
      } else {
        std::memcpy(&word, data + pos, left);
      }
      for (size_t i = 0; i < num_candidates; i++) {
        const IntCandidate& c = candidates[i];
        if (((word ^ c.pattern) & c.mask) != 0 || c.width > left) continue;
        const int k = std::countr_zero(unsigned{c.width});
        if (best[k].candidate != nullptr) continue;
        best[k] = {pos, &c};
        if (k == widest) return true;
      }
    }
    return false;
  };
  if (scan(start, size) || scan(0, start)) return best[widest];
  for (int k = widest - 1; k >= 0; k--) {
    if (best[k].candidate != nullptr) return best[k];
  }
  return {};
}

// ---- Byte-string input-to-state ----

// Position of the first occurrence of `needle` at or after `start`, wrapping; SIZE_MAX if none.
size_t FindWrapped(const uint8_t* data, size_t size, std::span<const uint8_t> needle,
                   size_t start) {
  if (needle.size() > size) return SIZE_MAX;
  if (const void* p = memmem(data + start, size - start, needle.data(), needle.size())) {
    return static_cast<size_t>(static_cast<const uint8_t*>(p) - data);
  }
  // Occurrences that begin before `start` (they may extend past it).
  const size_t head = std::min(size, start + needle.size() - 1);
  if (const void* p = memmem(data, head, needle.data(), needle.size())) {
    return static_cast<size_t>(static_cast<const uint8_t*>(p) - data);
  }
  return SIZE_MAX;
}

// The first position at or after `start` (wrapping) where at least kMinPrefixMatch bytes of
// `needle` match; SIZE_MAX if none. *matched receives the length of the match there.
// REQUIRES: needle.size() > kMinPrefixMatch.
size_t FindPrefixWrapped(const uint8_t* data, size_t size, std::span<const uint8_t> needle,
                         size_t start, size_t* matched) {
  if (size < kMinPrefixMatch) return SIZE_MAX;
  const size_t last = size - kMinPrefixMatch;  // last position where a prefix can match
  for (int segment = 0; segment < 2; segment++) {
    size_t pos = segment == 0 ? start : 0;
    const size_t end = segment == 0 ? last + 1 : std::min(start, last + 1);
    while (pos < end) {
      const void* hit = std::memchr(data + pos, needle[0], end - pos);
      if (hit == nullptr) break;
      pos = static_cast<size_t>(static_cast<const uint8_t*>(hit) - data);
      const size_t limit = std::min(needle.size(), size - pos);
      size_t n = 1;
      while (n < limit && data[pos + n] == needle[n]) n++;
      if (n >= kMinPrefixMatch) {
        *matched = n;
        return pos;
      }
      pos++;
    }
  }
  return SIZE_MAX;
}

// Replaces data[pos, pos + matched) with `replacement`. False if the result would not fit.
bool Replace(uint8_t* data, size_t* size, size_t max_size, size_t pos, size_t matched,
             std::span<const uint8_t> replacement) {
  const size_t new_size = *size - matched + replacement.size();
  if (new_size > max_size) return false;
  std::memmove(data + pos + replacement.size(), data + pos + matched, *size - pos - matched);
  std::memcpy(data + pos, replacement.data(), replacement.size());
  *size = new_size;
  return true;
}

// Whether every byte is printable ASCII: the operand is a word of a text format.
bool IsPrintableText(std::span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b >= 0x20 && b < 0x7f; });
}

// Bytes that end a word in text formats: whitespace, NUL and the usual delimiters.
bool IsWordSeparator(uint8_t b) {
  return b <= 0x20 || std::strchr(",;:=&\"'()[]{}<>/", b) != nullptr;
}

// Where the word that runs through data[pos, pos + matched) ends: the first separator at or
// after pos + matched, or size.
size_t WordEnd(const uint8_t* data, size_t size, size_t pos, size_t matched) {
  size_t end = pos + matched;
  while (end < size && !IsWordSeparator(data[end])) end++;
  return end;
}

// Input-to-state for byte strings: writes `wanted` over data[pos, pos + matched). A text
// keyword is half the time written over the whole word there instead: a lookup that compares
// min(len) bytes (std::string_view, std::map keys) saw only the first bytes of a longer word in
// the input ("sys.Bq#x" against "sys.banner"), and the word must end where the keyword does.
bool ReplaceOperand(uint8_t* data, size_t* size, size_t max_size, size_t pos, size_t matched,
                    std::span<const uint8_t> wanted, Rng& rng) {
  if (IsPrintableText(wanted) && rng.Bool()) matched = WordEnd(data, *size, pos, matched) - pos;
  return Replace(data, size, max_size, pos, matched, wanted);
}

void Report(std::span<const uint8_t> bytes, Token* written) {
  if (written != nullptr) *written = MakeToken(bytes);
}

// ---- Operand insertion ----

enum class Placement { kInsert, kOverwrite };

bool Place(Placement placement, uint8_t* data, size_t* size, size_t max_size,
           std::span<const uint8_t> bytes, Rng& rng) {
  return placement == Placement::kInsert
             ? InsertAtRandomPosition(data, size, max_size, bytes, rng)
             : OverwriteAtRandomPosition(data, size, max_size, bytes, rng);
}

bool PlaceIntOperand(Placement placement, uint8_t* data, size_t* size, size_t max_size,
                     std::span<const IntComparison> comparisons, Rng& rng, Token* written) {
  CheckSizes(*size, max_size);
  if (comparisons.empty()) return false;
  for (int attempt = 0; attempt < kComparisonAttempts; attempt++) {
    const IntComparison& c = comparisons[rng.BelowSize(comparisons.size())];
    if (!IsValidWidth(c.size)) continue;
    uint64_t v = Truncate(rng.Bool() ? c.a : c.b, c.size);
    const unsigned narrowest = NarrowestWidth(v, c.size);
    const auto num_widths =
        static_cast<uint32_t>(std::countr_zero(unsigned{c.size}) - std::countr_zero(narrowest) + 1);
    const unsigned width = narrowest << rng.Below(num_widths);
    switch (rng.Below(4)) {
      case 0:
        v++;
        break;
      case 1:
        v--;
        break;
      default:
        break;
    }
    uint8_t bytes[8];
    const uint64_t word = EncodedWord(v, width, rng.Bool());
    std::memcpy(bytes, &word, sizeof(word));
    if (Place(placement, data, size, max_size, {bytes, width}, rng)) {
      Report({bytes, width}, written);
      return true;
    }
  }
  return false;
}

bool PlaceBytesOperand(Placement placement, uint8_t* data, size_t* size, size_t max_size,
                       std::span<const BytesComparison> comparisons, Rng& rng, Token* written) {
  CheckSizes(*size, max_size);
  if (comparisons.empty()) return false;
  for (int attempt = 0; attempt < kComparisonAttempts; attempt++) {
    const BytesComparison& c = comparisons[rng.BelowSize(comparisons.size())];
    HF_CHECK(c.a.size <= kMaxTokenSize && c.b.size <= kMaxTokenSize);
    const bool use_a = rng.Bool();
    const Token& first = use_a ? c.a : c.b;
    const Token& operand = first.size != 0 ? first : (use_a ? c.b : c.a);
    if (operand.size == 0) continue;
    if (Place(placement, data, size, max_size, operand.view(), rng)) {
      Report(operand.view(), written);
      return true;
    }
  }
  return false;
}

}  // namespace

Token MakeToken(std::span<const uint8_t> bytes) {
  Token t;
  t.size = static_cast<uint8_t>(std::min(bytes.size(), kMaxTokenSize));
  if (t.size != 0) std::memcpy(t.bytes, bytes.data(), t.size);
  return t;
}

bool InputToStateInt(uint8_t* data, size_t* size, size_t max_size,
                     std::span<const IntComparison> comparisons, Rng& rng, Token* written) {
  CheckSizes(*size, max_size);
  if (*size == 0 || comparisons.empty()) return false;
  for (int attempt = 0; attempt < kComparisonAttempts; attempt++) {
    const IntComparison& c = comparisons[rng.BelowSize(comparisons.size())];
    if (!IsValidWidth(c.size)) continue;
    const uint64_t a = Truncate(c.a, c.size);
    const uint64_t b = Truncate(c.b, c.size);
    if (a == b) continue;
    const bool a_is_seen = rng.Bool();
    IntCandidate candidates[kMaxIntCandidates];
    const size_t n = BuildIntCandidates(a_is_seen ? a : b, a_is_seen ? b : a, c.size, candidates);
    const IntMatch match = FindWidestMatch(data, *size, candidates, n, rng.BelowSize(*size));
    if (match.candidate == nullptr) continue;
    uint8_t replacement[8];
    std::memcpy(replacement, &match.candidate->replacement, sizeof(replacement));
    std::memcpy(data + match.pos, replacement, match.candidate->width);
    Report({replacement, match.candidate->width}, written);
    return true;
  }
  return false;
}

bool SolveIntComparisons(uint8_t* data, size_t* size, size_t max_size,
                         std::span<const IntComparison> comparisons, Rng& rng) {
  CheckSizes(*size, max_size);
  if (comparisons.size() < 2) return false;
  const size_t wanted_solved = 2 + rng.BelowSize(7);
  // Visiting every comparison of a full table would cost more than the execution it feeds.
  const size_t visited = std::min<size_t>(comparisons.size(), 64);
  const size_t first = rng.BelowSize(comparisons.size());
  size_t solved = 0;
  bool resize = false;
  uint64_t new_size = 0;
  // Every size bound is looked at, so that the largest wins; the rest stop at wanted_solved.
  for (size_t k = 0; k < visited; k++) {
    const IntComparison& c = comparisons[(first + k) % comparisons.size()];
    if (!IsValidWidth(c.size) || c.constant == IntComparison::Constant::kNeither) continue;
    const bool a_is_constant = c.constant == IntComparison::Constant::kA;
    const uint64_t wanted = Truncate(a_is_constant ? c.a : c.b, c.size);
    const uint64_t seen = Truncate(a_is_constant ? c.b : c.a, c.size);
    if (seen == wanted) continue;
    if (seen == *size) {
      if (wanted <= max_size && (!resize || wanted > new_size)) {
        if (!resize) solved++;
        resize = true;
        new_size = wanted;
      }
      continue;
    }
    if (*size == 0 || solved >= wanted_solved) continue;
    IntCandidate candidates[kMaxIntCandidates];
    const size_t n = BuildIntCandidates(seen, wanted, c.size, candidates, /*one_way=*/true);
    if (n == 0) continue;
    const IntMatch match = FindWidestMatch(data, *size, candidates, n, 0);
    if (match.candidate == nullptr) continue;
    std::memcpy(data + match.pos, &match.candidate->replacement, match.candidate->width);
    solved++;
  }
  if (resize) {
    // A bound checked with < or > needs one more or less than the constant.
    if (rng.Below(4) == 0 && new_size > 0) new_size = rng.Bool() ? new_size + 1 : new_size - 1;
    new_size = std::min<uint64_t>(new_size, max_size);
    for (size_t i = *size; i < new_size; i++) data[i] = static_cast<uint8_t>(rng.Next64());
    *size = static_cast<size_t>(new_size);
  }
  return solved != 0;
}

bool InputToStateBytes(uint8_t* data, size_t* size, size_t max_size,
                       std::span<const BytesComparison> comparisons, Rng& rng, Token* written) {
  CheckSizes(*size, max_size);
  if (*size == 0 || comparisons.empty()) return false;
  for (int attempt = 0; attempt < kComparisonAttempts; attempt++) {
    const BytesComparison& c = comparisons[rng.BelowSize(comparisons.size())];
    HF_CHECK(c.a.size <= kMaxTokenSize && c.b.size <= kMaxTokenSize);
    if (c.a.size == 0 || c.b.size == 0) continue;
    if (c.a.size == c.b.size && std::memcmp(c.a.bytes, c.b.bytes, c.a.size) == 0) continue;
    const bool a_is_seen = rng.Bool();
    const Token* seen[2] = {a_is_seen ? &c.a : &c.b, a_is_seen ? &c.b : &c.a};
    const size_t start = rng.BelowSize(*size);
    // A whole operand in either direction beats a prefix.
    for (int direction = 0; direction < 2; direction++) {
      const Token& wanted = *seen[1 - direction];
      const size_t pos = FindWrapped(data, *size, seen[direction]->view(), start);
      if (pos != SIZE_MAX &&
          ReplaceOperand(data, size, max_size, pos, seen[direction]->size, wanted.view(), rng)) {
        Report(wanted.view(), written);
        return true;
      }
    }
    for (int direction = 0; direction < 2; direction++) {
      if (seen[direction]->size <= kMinPrefixMatch) continue;  // searched whole above
      const Token& wanted = *seen[1 - direction];
      size_t matched = 0;
      const size_t pos = FindPrefixWrapped(data, *size, seen[direction]->view(), start, &matched);
      if (pos != SIZE_MAX &&
          ReplaceOperand(data, size, max_size, pos, matched, wanted.view(), rng)) {
        Report(wanted.view(), written);
        return true;
      }
    }
  }
  return false;
}

bool InsertIntOperand(uint8_t* data, size_t* size, size_t max_size,
                      std::span<const IntComparison> comparisons, Rng& rng, Token* written) {
  return PlaceIntOperand(Placement::kInsert, data, size, max_size, comparisons, rng, written);
}

bool OverwriteWithIntOperand(uint8_t* data, size_t* size, size_t max_size,
                             std::span<const IntComparison> comparisons, Rng& rng, Token* written) {
  return PlaceIntOperand(Placement::kOverwrite, data, size, max_size, comparisons, rng, written);
}

bool InsertBytesOperand(uint8_t* data, size_t* size, size_t max_size,
                        std::span<const BytesComparison> comparisons, Rng& rng, Token* written) {
  return PlaceBytesOperand(Placement::kInsert, data, size, max_size, comparisons, rng, written);
}

bool OverwriteWithBytesOperand(uint8_t* data, size_t* size, size_t max_size,
                               std::span<const BytesComparison> comparisons, Rng& rng,
                               Token* written) {
  return PlaceBytesOperand(Placement::kOverwrite, data, size, max_size, comparisons, rng, written);
}

// How many places in the input a sweep tries for one integer comparison.
constexpr size_t kSweepMatchesPerComparison = 4;

void ListComparisonEdits(std::span<const uint8_t> data, std::span<const IntComparison> ints,
                         std::span<const BytesComparison> bytes, size_t max_edits, Rng& rng,
                         std::vector<ComparisonEdit>* out) {
  out->clear();
  if (data.empty() || max_edits == 0) return;
  const size_t size = data.size();
  // False once max_edits are listed. A duplicate (one operand compared at two sites) is
  // dropped: O(max_edits) per edit, small next to an execution.
  auto add = [&](size_t pos, size_t matched, std::span<const uint8_t> replacement) {
    for (const ComparisonEdit& e : *out) {
      if (e.pos == pos && e.matched == matched && e.replacement.size == replacement.size() &&
          std::memcmp(e.replacement.bytes, replacement.data(), replacement.size()) == 0) {
        return true;
      }
    }
    out->push_back(
        {static_cast<uint32_t>(pos), static_cast<uint32_t>(matched), MakeToken(replacement)});
    return out->size() < max_edits;
  };
  auto add_int = [&](const IntComparison& c, bool against_constant) {
    if (!IsValidWidth(c.size)) return true;
    if ((c.constant != IntComparison::Constant::kNeither) != against_constant) return true;
    const uint64_t a = Truncate(c.a, c.size);
    const uint64_t b = Truncate(c.b, c.size);
    if (a == b) return true;
    IntCandidate candidates[kMaxIntCandidates];
    const bool a_is_constant = c.constant == IntComparison::Constant::kA;
    const size_t n = against_constant
                         ? BuildIntCandidates(a_is_constant ? b : a, a_is_constant ? a : b, c.size,
                                              candidates, /*one_way=*/true)
                         : BuildIntCandidates(a, b, c.size, candidates);
    if (n == 0) return true;
    // Up to kSweepMatchesPerComparison places, from a random one on: a byte compared with a
    // constant is often in the input more than once, and only one of them is the one compared.
    size_t start = rng.BelowSize(size);
    size_t first_pos = SIZE_MAX;
    for (size_t k = 0; k < kSweepMatchesPerComparison; k++) {
      const IntMatch match = FindWidestMatch(data.data(), size, candidates, n, start);
      if (match.candidate == nullptr || match.pos == first_pos) break;
      if (first_pos == SIZE_MAX) first_pos = match.pos;
      uint8_t replacement[8];
      std::memcpy(replacement, &match.candidate->replacement, sizeof(replacement));
      if (!add(match.pos, match.candidate->width, {replacement, match.candidate->width})) {
        return false;
      }
      start = (match.pos + 1) % size;
    }
    return true;
  };
  auto add_bytes = [&](const BytesComparison& c) {
    if (c.a.size == 0 || c.b.size == 0) return true;
    if (c.a.size == c.b.size && std::memcmp(c.a.bytes, c.b.bytes, c.a.size) == 0) return true;
    const size_t start = rng.BelowSize(size);
    for (const auto& [seen, wanted] : {std::pair{&c.a, &c.b}, std::pair{&c.b, &c.a}}) {
      const size_t pos = FindWrapped(data.data(), size, seen->view(), start);
      if (pos != SIZE_MAX) return add(pos, seen->size, wanted->view());
    }
    return true;
  };
  // Each group from a random element on, so that a cap drops different ones each time.
  auto for_each_from_random = [&](auto span, auto&& visit) {
    if (span.empty()) return true;
    const size_t first = rng.BelowSize(span.size());
    for (size_t k = 0; k < span.size(); k++) {
      if (!visit(span[(first + k) % span.size()])) return false;
    }
    return true;
  };
  if (!for_each_from_random(ints, [&](const IntComparison& c) { return add_int(c, true); })) {
    return;
  }
  if (!for_each_from_random(bytes, add_bytes)) return;
  for_each_from_random(ints, [&](const IntComparison& c) { return add_int(c, false); });
}

bool ApplyComparisonEdit(uint8_t* data, size_t* size, size_t max_size, const ComparisonEdit& edit) {
  CheckSizes(*size, max_size);
  if (size_t{edit.pos} + edit.matched > *size) return false;
  return Replace(data, size, max_size, edit.pos, edit.matched, edit.replacement.view());
}

bool ResizeToComparedLength(uint8_t* data, size_t* size, size_t max_size,
                            std::span<const IntComparison> comparisons, Rng& rng) {
  CheckSizes(*size, max_size);
  if (comparisons.empty()) return false;
  const size_t len = *size;
  const size_t start = rng.BelowSize(comparisons.size());
  const size_t looked_at = std::min<size_t>(comparisons.size(), 8);
  for (size_t k = 0; k < looked_at; k++) {
    const IntComparison& c = comparisons[(start + k) % comparisons.size()];
    uint64_t wanted;
    if (c.a == len && c.b != len) {
      wanted = c.b;
    } else if (c.b == len && c.a != len) {
      wanted = c.a;
    } else {
      continue;
    }
    const uint64_t shifted = wanted + rng.Below(3) - 1;  // wanted - 1, wanted or wanted + 1
    if (shifted > max_size || shifted == len) continue;
    for (size_t i = len; i < shifted; i++) data[i] = static_cast<uint8_t>(rng.Next64());
    *size = static_cast<size_t>(shifted);
    return true;
  }
  return false;
}

}  // namespace hivefuzz
