// Go's strconv parsing for corpus file values (ParseInt, ParseUint, ParseFloat, Unquote), with
// Go's syntax, rounding, ranges and error messages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace hivefuzz {

// Go's float64(math.NaN()) and float32(math.NaN()) bits (amd64): the NaN that a corpus file
// writes as plain `NaN`. Every other NaN is written as math.FloatNNfrombits(0x...).
inline constexpr uint64_t kGoCanonicalNaN64 = 0x7FF8000000000001;
inline constexpr uint32_t kGoCanonicalNaN32 = 0x7FC00000;

// strconv.ParseInt(text, 0, bits) and strconv.ParseUint(text, 0, bits). Errors read
// `strconv.ParseInt: parsing "300": value out of range` (or `invalid syntax`).
Result<int64_t> GoParseInt(std::string_view text, int bits);
Result<uint64_t> GoParseUint(std::string_view text, int bits);

// strconv.ParseFloat(text, 64) and float32(strconv.ParseFloat(text, 32)): a value that rounds
// to infinity is an error (`value out of range`), one that rounds to zero is not.
Result<double> GoParseFloat64(std::string_view text);
Result<float> GoParseFloat32(std::string_view text);

// strconv.Unquote of a string literal that go/scanner accepted ("..." or `...`): the bytes it
// denotes (raw strings lose their carriage returns, as in Go).
std::string GoUnquoteString(std::string_view literal);

// The rune a char literal that go/scanner accepted ('a', '\n', '\xff', '\u00e9'...) denotes.
int32_t GoUnquoteRune(std::string_view literal);

}  // namespace hivefuzz
