// go/scanner's rules for one line, ported from go/scanner/scanner.go: the same tokens, number
// syntax, escapes and messages. It stops at the first error: one rejects a corpus line.
#include "encoding/go_scanner.h"

#include <cstdio>
#include <string>

#include "encoding/go_quote.h"

namespace hivefuzz {
namespace {

constexpr int kEndOfLine = -1;
constexpr int32_t kByteOrderMark = 0xFEFF;

int Lower(int c) { return ('a' - 'A') | c; }  // lower case iff c is an ASCII letter
bool IsDecimal(int c) { return c >= '0' && c <= '9'; }
bool IsHex(int c) { return IsDecimal(c) || (Lower(c) >= 'a' && Lower(c) <= 'f'); }
bool IsLetter(int c) { return (Lower(c) >= 'a' && Lower(c) <= 'z') || c == '_'; }

int DigitValue(int c) {
  if (IsDecimal(c)) return c - '0';
  if (Lower(c) >= 'a' && Lower(c) <= 'f') return Lower(c) - 'a' + 10;
  return 16;
}

// Go's %#U: U+0041 'A' (the character only if printable).
std::string DescribeRune(int32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (GoIsPrint(r)) {
    out += " '";
    GoAppendRune(out, r);
    out += "'";
  }
  return out;
}

std::string LiteralName(char prefix) {
  switch (prefix) {
    case 'x':
      return "hexadecimal literal";
    case 'o':
    case '0':
      return "octal literal";
    case 'b':
      return "binary literal";
  }
  return "decimal literal";
}

// go/scanner's invalidSep: the index of the first '_' that does not separate two digits (a
// base prefix counts as a digit), or -1.
int InvalidSeparator(std::string_view x) {
  int prefix = ' ';
  int d = '.';  // '_', '0' (a digit) or '.' (anything else)
  size_t i = 0;
  if (x.size() >= 2 && x[0] == '0') {
    prefix = Lower(x[1]);
    if (prefix == 'x' || prefix == 'o' || prefix == 'b') {
      d = '0';
      i = 2;
    }
  }
  for (; i < x.size(); i++) {
    int p = d;
    d = x[i];
    if (d == '_') {
      if (p != '0') return static_cast<int>(i);
    } else if (IsDecimal(d) || (prefix == 'x' && IsHex(d))) {
      d = '0';
    } else {
      if (p == '_') return static_cast<int>(i) - 1;
      d = '.';
    }
  }
  return d == '_' ? static_cast<int>(x.size()) - 1 : -1;
}

class LineScanner {
 public:
  explicit LineScanner(std::string_view line) : src_(line) {}

  Result<std::vector<GoToken>> Run() {
    if (Status s = CheckEncoding(); !s.ok()) return s;
    if (GoDecodeRune(src_).rune == kByteOrderMark) pos_ = 3;
    std::vector<GoToken> tokens;
    while (true) {
      while (ch() == ' ' || ch() == '\t' || ch() == '\r') pos_++;
      const size_t start = pos_;
      GoTokenKind kind;
      comment_ = false;
      if (Status s = ScanToken(&kind); !s.ok()) return s;
      if (comment_) continue;
      tokens.push_back({kind, src_.substr(start, pos_ - start), start + 1});
      if (kind == GoTokenKind::kEnd) return tokens;
    }
  }

 private:
  // The byte at the scan position (a rune's first byte), or kEndOfLine.
  int ch() const { return pos_ < src_.size() ? static_cast<uint8_t>(src_[pos_]) : kEndOfLine; }
  int peek() const {
    return pos_ + 1 < src_.size() ? static_cast<uint8_t>(src_[pos_ + 1]) : kEndOfLine;
  }
  // Moves past the current rune (CheckEncoding made sure the line is UTF-8).
  void NextRune() { pos_ += GoDecodeRune(src_.substr(pos_)).width; }
  int32_t CurrentRune() const { return GoDecodeRune(src_.substr(pos_)).rune; }

  static Status Error(size_t offset, const std::string& message) {
    return Status::Error("column " + std::to_string(offset + 1) + ": " + message);
  }

  // What go/scanner's next() reports wherever it meets it, even inside comments and literals.
  Status CheckEncoding() const {
    for (size_t i = 0; i < src_.size();) {
      if (src_[i] == '\0') return Error(i, "illegal character NUL");
      GoDecodedRune d = GoDecodeRune(src_.substr(i));
      if (d.rune == kGoRuneError && d.width == 1) return Error(i, "illegal UTF-8 encoding");
      if (d.rune == kByteOrderMark && i > 0) return Error(i, "illegal byte order mark");
      i += d.width;
    }
    return Status::Ok();
  }

  // Scans one token from pos_, or moves past a comment and sets comment_.
  Status ScanToken(GoTokenKind* kind) {
    const int c = ch();
    if (c == kEndOfLine) {
      *kind = GoTokenKind::kEnd;
      return Status::Ok();
    }
    if (IsLetter(c)) {
      while (IsLetter(ch()) || IsDecimal(ch())) pos_++;
      *kind = GoTokenKind::kIdent;
      return Status::Ok();
    }
    if (IsDecimal(c) || (c == '.' && IsDecimal(peek()))) return ScanNumber(kind);
    const size_t start = pos_;
    pos_++;
    switch (c) {
      case '"':
        *kind = GoTokenKind::kString;
        return ScanString(start);
      case '`':
        *kind = GoTokenKind::kString;
        return ScanRawString(start);
      case '\'':
        *kind = GoTokenKind::kChar;
        return ScanRune(start);
      case '.':
        *kind = GoTokenKind::kPeriod;
        if (ch() == '.' && peek() == '.') {
          pos_ += 2;
          *kind = GoTokenKind::kEllipsis;
        }
        return Status::Ok();
      case ',':
        *kind = GoTokenKind::kComma;
        return Status::Ok();
      case '(':
        *kind = GoTokenKind::kLParen;
        return Status::Ok();
      case ')':
        *kind = GoTokenKind::kRParen;
        return Status::Ok();
      case '[':
        *kind = GoTokenKind::kLBrack;
        return Status::Ok();
      case ']':
        *kind = GoTokenKind::kRBrack;
        return Status::Ok();
      case '/':
        if (ch() == '/' || ch() == '*') return SkipComment(start, kind);
        *kind = GoTokenKind::kOther;
        return Status::Ok();
      case '+':
      case '-':
        // ++ -- += -= are other tokens, so "--5" is not two minus signs.
        *kind = ch() == c || ch() == '=' ? (pos_++, GoTokenKind::kOther) : GoTokenKind::kUnaryOp;
        return Status::Ok();
      case '!':
      case '^':
      case '*':
        *kind = ch() == '=' ? (pos_++, GoTokenKind::kOther) : GoTokenKind::kUnaryOp;
        return Status::Ok();
      case '&':  // && &= &^ &^=
        *kind = ch() == '&' || ch() == '=' || ch() == '^' ? (pos_++, GoTokenKind::kOther)
                                                          : GoTokenKind::kUnaryOp;
        return Status::Ok();
      case '<':  // <- is the receive operator; < <= << <<= are other tokens
        *kind = ch() == '-' ? (pos_++, GoTokenKind::kUnaryOp) : GoTokenKind::kOther;
        return Status::Ok();
      case '~':
        *kind = GoTokenKind::kUnaryOp;
        return Status::Ok();
      case ':':
      case ';':
      case '=':
      case '{':
      case '}':
      case '%':
      case '|':
      case '>':
        *kind = GoTokenKind::kOther;
        return Status::Ok();
    }
    pos_ = start;
    return Error(start, "illegal character " + DescribeRune(CurrentRune()));
  }

  Status SkipComment(size_t start, GoTokenKind* kind) {
    if (ch() == '/') {
      pos_ = src_.size();
    } else {
      size_t end = src_.find("*/", pos_ + 1);
      if (end == std::string_view::npos) return Error(start, "comment not terminated");
      pos_ = end + 2;
    }
    *kind = GoTokenKind::kOther;
    comment_ = true;
    return Status::Ok();
  }

  // go/scanner's digits(): { digit | '_' }, recording the first digit >= base (base <= 10).
  int Digits(int base, size_t* invalid) {
    int digsep = 0;
    if (base <= 10) {
      const int max = '0' + base;
      while (IsDecimal(ch()) || ch() == '_') {
        int ds = 1;
        if (ch() == '_') {
          ds = 2;
        } else if (ch() >= max && invalid != nullptr && *invalid == std::string_view::npos) {
          *invalid = pos_;
        }
        digsep |= ds;
        pos_++;
      }
    } else {
      while (IsHex(ch()) || ch() == '_') {
        digsep |= ch() == '_' ? 2 : 1;
        pos_++;
      }
    }
    return digsep;
  }

  Status ScanNumber(GoTokenKind* kind) {
    const size_t offs = pos_;
    *kind = GoTokenKind::kOther;
    int base = 10;
    char prefix = 0;  // 0 (decimal), '0' (0-octal), 'x', 'o' or 'b'
    int digsep = 0;   // bit 0: a digit, bit 1: a '_'
    size_t invalid = std::string_view::npos;
    if (ch() != '.') {
      *kind = GoTokenKind::kInt;
      if (ch() == '0') {
        pos_++;
        switch (Lower(ch())) {
          case 'x':
            pos_++, base = 16, prefix = 'x';
            break;
          case 'o':
            pos_++, base = 8, prefix = 'o';
            break;
          case 'b':
            pos_++, base = 2, prefix = 'b';
            break;
          default:
            base = 8, prefix = '0', digsep = 1;  // the leading 0
        }
      }
      digsep |= Digits(base, &invalid);
    }
    if (ch() == '.') {
      *kind = GoTokenKind::kFloat;
      if (prefix == 'o' || prefix == 'b') {
        return Error(pos_, "invalid radix point in " + LiteralName(prefix));
      }
      pos_++;
      digsep |= Digits(base, &invalid);
    }
    if ((digsep & 1) == 0) return Error(pos_, LiteralName(prefix) + " has no digits");
    if (const int e = Lower(ch()); e == 'e' || e == 'p') {
      const std::string quoted = std::string("'") + static_cast<char>(ch()) + "'";
      if (e == 'e' && prefix != 0 && prefix != '0') {
        return Error(pos_, quoted + " exponent requires decimal mantissa");
      }
      if (e == 'p' && prefix != 'x') {
        return Error(pos_, quoted + " exponent requires hexadecimal mantissa");
      }
      pos_++;
      *kind = GoTokenKind::kFloat;
      if (ch() == '+' || ch() == '-') pos_++;
      const int ds = Digits(10, nullptr);
      digsep |= ds;
      if ((ds & 1) == 0) return Error(pos_, "exponent has no digits");
    } else if (prefix == 'x' && *kind == GoTokenKind::kFloat) {
      return Error(pos_, "hexadecimal mantissa requires a 'p' exponent");
    }
    if (ch() == 'i') {
      *kind = GoTokenKind::kImag;
      pos_++;
    }
    const std::string_view lit = src_.substr(offs, pos_ - offs);
    if (*kind == GoTokenKind::kInt && invalid != std::string_view::npos) {
      return Error(invalid,
                   std::string("invalid digit '") + src_[invalid] + "' in " + LiteralName(prefix));
    }
    if ((digsep & 2) != 0) {
      if (int i = InvalidSeparator(lit); i >= 0) {
        return Error(offs + i, "'_' must separate successive digits");
      }
    }
    return Status::Ok();
  }

  // After a backslash: one escape, as go/scanner's scanEscape checks it.
  Status ScanEscape(char quote) {
    const size_t offs = pos_;
    int n;
    uint32_t base, max;
    switch (ch()) {
      case 'a':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
      case 'v':
      case '\\':
        pos_++;
        return Status::Ok();
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        n = 3, base = 8, max = 255;
        break;
      case 'x':
        pos_++, n = 2, base = 16, max = 255;
        break;
      case 'u':
        pos_++, n = 4, base = 16, max = kGoMaxRune;
        break;
      case 'U':
        pos_++, n = 8, base = 16, max = kGoMaxRune;
        break;
      default:
        if (ch() == quote) {
          pos_++;
          return Status::Ok();
        }
        return Error(offs, ch() == kEndOfLine ? "escape sequence not terminated"
                                              : "unknown escape sequence");
    }
    uint32_t x = 0;
    for (; n > 0; n--) {
      const auto d = static_cast<uint32_t>(DigitValue(ch()));
      if (d >= base) {
        return Error(pos_, ch() == kEndOfLine ? std::string("escape sequence not terminated")
                                              : "illegal character " + DescribeRune(CurrentRune()) +
                                                    " in escape sequence");
      }
      x = x * base + d;
      pos_++;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
      return Error(offs, "escape sequence is invalid Unicode code point");
    }
    return Status::Ok();
  }

  Status ScanRune(size_t offs) {
    int n = 0;
    while (true) {
      const int c = ch();
      if (c == kEndOfLine) return Error(offs, "rune literal not terminated");
      NextRune();
      if (c == '\'') break;
      n++;
      if (c == '\\') {
        if (Status s = ScanEscape('\''); !s.ok()) return s;
      }
    }
    if (n != 1) return Error(offs, "illegal rune literal");
    return Status::Ok();
  }

  Status ScanString(size_t offs) {
    while (true) {
      const int c = ch();
      if (c == kEndOfLine) return Error(offs, "string literal not terminated");
      NextRune();
      if (c == '"') return Status::Ok();
      if (c == '\\') {
        if (Status s = ScanEscape('"'); !s.ok()) return s;
      }
    }
  }

  Status ScanRawString(size_t offs) {
    size_t end = src_.find('`', pos_);
    if (end == std::string_view::npos) return Error(offs, "raw string literal not terminated");
    pos_ = end + 1;
    return Status::Ok();
  }

  std::string_view src_;
  size_t pos_ = 0;
  bool comment_ = false;  // the last ScanToken skipped a comment
};

}  // namespace

Result<std::vector<GoToken>> ScanGoLine(std::string_view line) { return LineScanner(line).Run(); }

}  // namespace hivefuzz
