// The tokens of one line of Go source as go/scanner reads them, literals checked as it checks
// them, so that the corpus reader (go_corpus_value.cc) accepts exactly the lines Go accepts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

enum class GoTokenKind : uint8_t {
  kEnd,  // the end of the line
  kIdent,
  kInt,
  kFloat,
  kImag,
  kChar,
  kString,  // interpreted "..." or raw `...`
  kLParen,
  kRParen,
  kLBrack,
  kRBrack,
  kComma,
  kPeriod,
  kEllipsis,
  kUnaryOp,  // + - ! ^ & <- ~ * (the operators a Go unary expression can start with)
  kOther,    // any other operator or delimiter: never part of a corpus value
};

struct GoToken {
  GoTokenKind kind;
  std::string_view text;  // as written (a view into the line)
  size_t column;          // 1-based byte offset in the line, as Go counts columns
};

// Splits `line` into tokens, the last one kEnd. Blanks (space, tab, CR) and comments are
// skipped; a byte order mark is skipped at the start only, as go/scanner does. Fails at the
// first error go/scanner reports (an illegal character, NUL, a byte that is not UTF-8, a
// malformed number, string, rune literal or escape, an unterminated comment), as
// "column N: <go/scanner's message>".
Result<std::vector<GoToken>> ScanGoLine(std::string_view line);

}  // namespace hivefuzz
