// Comparison-guided mutations (AFL++'s cmplog "input-to-state" replacement and libFuzzer's CMP
// operand insertion), applied in place like byte_mutator.h; bytes are placed with splicing.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/rng.h"

namespace hivefuzz {

// The longest byte string a Token holds, as libFuzzer's Word::kMaxSize.
inline constexpr size_t kMaxTokenSize = 64;

// A byte string of at most kMaxTokenSize bytes stored inline, so that comparison tables and
// mutation reports never point into memory they do not own: the buffers a target passed to
// memcmp or strcmp are gone once it returns, so the comparison table copies them.
// Thread safety: a plain value.
struct Token {
  uint8_t size = 0;  // <= kMaxTokenSize
  uint8_t bytes[kMaxTokenSize] = {};

  std::span<const uint8_t> view() const { return {bytes, size}; }
};

// A Token holding the first min(bytes.size(), kMaxTokenSize) bytes of `bytes`.
Token MakeToken(std::span<const uint8_t> bytes);

// The operands of one integer comparison the target made (-fsanitize-coverage=trace-cmp), in
// the order the compiler passed them. Only the low `size` bytes of `a` and `b` count; a
// comparison whose size is not 1, 2, 4 or 8 is skipped by every function here.
// Thread safety: a plain value.
struct IntComparison {
  uint64_t a = 0;
  uint64_t b = 0;
  uint8_t size = 0;  // operand width in bytes
  // Which operand the compiler knew to be a constant (a case value, a literal): it is what the
  // target wants, and the other one is what the input gave.
  enum class Constant : uint8_t { kNeither, kA, kB } constant = Constant::kNeither;
};

// The operands of one byte-string comparison the target made (memcmp, strncmp, strcmp, ...),
// each copied and cut to its first kMaxTokenSize bytes. Inline arrays rather than pointers so
// that an entry stays valid after the target's buffers are freed, and so that copying a table
// entry is a plain memcpy with no ownership to track.
// Thread safety: a plain value.
struct BytesComparison {
  Token a;
  Token b;
};

// Everything below is a pure function of its arguments and `rng`: no globals, no allocation,
// so any number of threads may call it at once, each with its own buffer and Rng. Each one
// mutates data[0, *size) in place within a buffer of `max_size` bytes, returns false and leaves
// data and *size untouched when it does not apply, and does bounded work: a few comparisons
// (or dictionary entries) are tried, never a retry loop that depends on luck.
//   REQUIRES: *size <= max_size <= UINT32_MAX; data points to max_size writable bytes; no
//             span argument overlaps data[0, max_size).
//   ENSURES:  only data[0, max_size) is written; on true, *size <= max_size.
// Where a function takes `Token* written`, a non-null pointer receives the bytes the mutation
// wrote into the input when it returns true (for the auto-dictionary: operands that led to new
// coverage are worth keeping), and is left alone otherwise.

// Input-to-state replacement for integer comparisons (Redqueen). Picks a comparison at random
// with a != b, and one operand as "seen" (assumed to come from the input) and the other as
// "wanted". Looks for the seen operand in the input in its width, little- and big-endian, and
// also seen+1 and seen-1 (a target that compares x+1 or x-1 with a constant); at the first
// match at or after a random offset (wrapping around) it writes wanted+d (d being 0, +1 or -1,
// as found) in the same width and byte order, so the comparison sees the wanted value.
// When both operands also fit a narrower width (zero- or sign-extended: a `char` compared as
// an int), narrower widths are tried too, and a match in the widest width wins. Both
// directions are tried, then up to 3 more comparisons; false if no operand is in the input.
// The size never changes. Cost: one pass over the input per comparison drawn, about 3 cycles
// per byte where the operands are absent (BM_MutatorInputToStateInt).
bool InputToStateInt(uint8_t* data, size_t* size, size_t max_size,
                     std::span<const IntComparison> comparisons, Rng& rng,
                     Token* written = nullptr);

// Input-to-state replacement for byte-string comparisons. Picks a comparison at random whose
// operands differ and are both non-empty, one operand as seen and the other as wanted, and
// looks for the seen bytes in the input from a random offset (wrapping around). If they are
// absent, looks for the longest prefix of at least kMinPrefixMatch bytes of them (a target
// may compare more bytes than the input supplied, or the input may end early). Replaces the
// matched bytes with all of wanted, so the input grows or shrinks by the difference in
// length; a replacement that would pass max_size does not apply. Both directions are tried,
// then up to 3 more comparisons.
inline constexpr size_t kMinPrefixMatch = 4;
bool InputToStateBytes(uint8_t* data, size_t* size, size_t max_size,
                       std::span<const BytesComparison> comparisons, Rng& rng,
                       Token* written = nullptr);

// Length guidance: a target that checks the input's length (`size < 18`, `len != 64`)
// compares the length itself, which input-to-state cannot find in the bytes. Picks a
// comparison one of whose operands equals *size and resizes the input to the other operand,
// or one more or less (either side of a < or >), when that fits in [0, max_size]: new bytes
// are random, a shorter input keeps its prefix. False if no comparison has the size as an
// operand (after looking at up to 8).
bool ResizeToComparedLength(uint8_t* data, size_t* size, size_t max_size,
                            std::span<const IntComparison> comparisons, Rng& rng);

// Operand insertion (libFuzzer's CMP mutator without a position hint): one operand of a
// random comparison, inserted at a random position (Insert...) or written over the bytes at a
// random position (OverwriteWith...). An integer operand is encoded little- or big-endian at
// random, in a width drawn uniformly from those in which it fits (so a char compared as an
// int may be written as one byte), and is half the time moved by +1 or -1 (the boundary of a
// < or > comparison). A bytes operand is written whole. False when nothing fits after trying
// up to 4 comparisons.
bool InsertIntOperand(uint8_t* data, size_t* size, size_t max_size,
                      std::span<const IntComparison> comparisons, Rng& rng,
                      Token* written = nullptr);
bool OverwriteWithIntOperand(uint8_t* data, size_t* size, size_t max_size,
                             std::span<const IntComparison> comparisons, Rng& rng,
                             Token* written = nullptr);
bool InsertBytesOperand(uint8_t* data, size_t* size, size_t max_size,
                        std::span<const BytesComparison> comparisons, Rng& rng,
                        Token* written = nullptr);
bool OverwriteWithBytesOperand(uint8_t* data, size_t* size, size_t max_size,
                               std::span<const BytesComparison> comparisons, Rng& rng,
                               Token* written = nullptr);

// One input-to-state replacement listed ahead of its execution (ListComparisonEdits):
// data[pos, pos + matched) becomes `replacement`.
// Thread safety: a plain value.
struct ComparisonEdit {
  uint32_t pos = 0;
  uint32_t matched = 0;
  Token replacement;
};

// The comparison sweep of a new corpus entry (AFL++'s RedQueen stage, without colorization):
// for each comparison, the edits input-to-state would make (InputToStateInt's and
// InputToStateBytes's, whole operands only: an integer operand at up to four of its places from
// a random offset on, a byte string at its first place after one), each edit once, so that no
// comparison the entry made is left to chance. Comparisons against a
// constant come first, then byte strings, then integer comparisons of two runtime values
// (either way round); each group from a random one on. Clears *out and lists at most
// `max_edits` distinct edits; *out should have that capacity (it is not shrunk, so a reused
// vector does not allocate). Cost: one pass over the input per comparison.
void ListComparisonEdits(std::span<const uint8_t> data, std::span<const IntComparison> ints,
                         std::span<const BytesComparison> bytes, size_t max_edits, Rng& rng,
                         std::vector<ComparisonEdit>* out);

// Applies `edit` to data[0, *size). False, leaving the input alone, if the edited input would
// pass max_size or the edit's bytes are not within the input.
bool ApplyComparisonEdit(uint8_t* data, size_t* size, size_t max_size, const ComparisonEdit& edit);

// Solves several integer comparisons in one mutant: for each comparison against a constant
// (IntComparison::constant) whose other operand is in the input (the first match, in the ways
// InputToStateInt looks, from offset 0) that operand is replaced by the constant; one whose
// other operand is the input's size instead resizes the input (the largest such constant, new
// bytes random; the constant itself, or a quarter of the time one more or less). Comparisons
// are visited from a random one on (at most 64), and 2 to 8 of them are solved. This is for
// the conditions the compiler merges into one branch (`if (len != 16 || size < 18)`,
// `magic == M && version == 2`): solving one of them at a time reaches no new edge, so
// input-to-state alone needs two lucky mutations in one chain. False if none applies.
bool SolveIntComparisons(uint8_t* data, size_t* size, size_t max_size,
                         std::span<const IntComparison> comparisons, Rng& rng);

}  // namespace hivefuzz
