// Go's strconv.Quote and QuoteRune (fmt's %q) byte for byte, with Go's UTF-8 decoding and
// IsPrint table, so that corpus files, and the hashes that name them, match Go's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hivefuzz {

inline constexpr int32_t kGoRuneError = 0xFFFD;
inline constexpr int32_t kGoMaxRune = 0x10FFFF;

// Go's utf8.ValidRune: in [0, 0x10FFFF] and not a surrogate half.
bool GoValidRune(int32_t r);

// Go's strconv.IsPrint (the tables in go_isprint_table.h, from the Go named there).
bool GoIsPrint(int32_t r);

// Go's utf8.DecodeRuneInString: the first rune of `s` and its length in bytes. Invalid or
// truncated UTF-8 (overlong forms and surrogates included) gives {kGoRuneError, 1}; an empty
// string gives {kGoRuneError, 0}.
struct GoDecodedRune {
  int32_t rune;
  size_t width;
};
GoDecodedRune GoDecodeRune(std::string_view s);

// Appends the UTF-8 encoding of `r` (Go's utf8.AppendRune: U+FFFD if !GoValidRune(r)).
void GoAppendRune(std::string& out, int32_t r);

// strconv.Quote: `s` in double quotes; printable runes as they are, \a \b \f \n \r \t \v \\ \"
// as such, other bytes below 0x20 and 0x7f as \xNN, bytes that are not UTF-8 as \xNN, other
// runes as \uNNNN or \UNNNNNNNN (lower-case hex).
std::string GoQuote(std::string_view s);

// strconv.QuoteRune: `r` in single quotes, escaped by the same rules (\' instead of \"); a
// rune that is not GoValidRune is written as U+FFFD, as Go does.
std::string GoQuoteRune(int32_t r);

}  // namespace hivefuzz
