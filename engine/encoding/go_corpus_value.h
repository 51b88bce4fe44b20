// One value line of a "go test fuzz v1" corpus file, written as Go's marshalCorpusFile writes it
// and read as Go's parseCorpusValue reads it; go_corpus_file.h makes files of them.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "encoding/go_value.h"

namespace hivefuzz {

// The line for `value`, without its newline: `%T(%v)` for the integers, bool and floats
// (Go's shortest float formatting; a NaN other than Go's math.NaN() as
// math.FloatNNfrombits(0x...)), string(%q) and []byte(%q), rune(%q) for a valid rune and
// int32(%v) otherwise, byte(%q) with the byte quoted as a code point. REQUIRES: value.Valid().
std::string FormatGoCorpusValue(const GoValue& value);

// Reads one line that is neither empty nor surrounded by blanks (the file reader trims it).
// The line is Go source for a one-argument call, e.g. `int8(-0x12)`, `rune('\u00e9')`,
// `[]byte("a\x00")`, `float64(+Inf)`, `math.Float64frombits(0x7ff8000000000002)`, with
// comments and blanks between tokens allowed, as go/parser allows them. `byte` and `uint8` are
// one type, as are `rune` and `int32` (but only byte and rune take a character literal).
// Errors are Go's messages, e.g. "integer literal required for int types",
// "strconv.ParseInt: parsing \"300\": value out of range", "column 5: invalid digit '8' in
// octal literal".
Result<GoValue> ParseGoCorpusValue(std::string_view line);

}  // namespace hivefuzz
