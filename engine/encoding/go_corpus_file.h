// Go's fuzzing corpus files ("go test fuzz v1", internal/fuzz/encoding.go), written byte for
// byte as Go writes them, read as Go reads them and named as Go names them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "encoding/go_value.h"

namespace hivefuzz {

// The format is Go's src/internal/fuzz/encoding.go, as its encoding_test.go pins it down.
// Sharing the bytes and the names lets Go and hivefuzz use one testdata/fuzz/<FuzzName>/.
inline constexpr std::string_view kGoCorpusFileVersion = "go test fuzz v1";

// Go's marshalCorpusFile: the version line, then one line per value (FormatGoCorpusValue),
// each ending in '\n'. With no values it is the version line alone, which Go reads back as no
// values (Go itself never writes one). REQUIRES: every value Valid().
std::string MarshalGoCorpusFile(std::span<const GoValue> values);

// Go's unmarshalCorpusFile: the first line must be the version (a trailing '\r' is allowed);
// every other line is trimmed of Unicode blanks, skipped if empty, and read with
// ParseGoCorpusValue. Errors, as Go words them, with the line number where one applies:
//   "cannot unmarshal empty string"
//   "must include version and at least one value" (no '\n' at all)
//   "line 1: unknown encoding version: \"...\""
//   "line 3: malformed line \"int8(300)\": strconv.ParseInt: parsing \"300\": value out of range"
Result<std::vector<GoValue>> UnmarshalGoCorpusFile(std::string_view contents);

// The name Go gives a corpus file it writes: the first 16 lower-case hex digits of the SHA-256
// of its contents (Go 1.18 and 1.19 used all 64; Go reads files whatever their name).
std::string GoCorpusFileName(std::string_view contents);

// Go's bytes.TrimSpace: `text` without leading and trailing Unicode white space (ASCII blanks,
// U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
std::string_view GoTrimSpace(std::string_view text);

}  // namespace hivefuzz
