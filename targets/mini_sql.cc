// A planted bug in the parser of a tiny SQL-like query language, written the way small
// hand-written lexers are: an identifier is looked up in a keyword table by comparing its
// length with each keyword's length and only then memcmp'ing the bytes, so a comparison only
// shows a keyword's text for an identifier that already has the keyword's length. Bug: a WHERE
// clause that is a bare column name (no comparison operator) leaves the condition's right-hand
// side unset, and evaluating it dereferences it. Must find: `select <columns> from <table>
// where <column>` followed by the end of the input or `;` (keywords in lower case; columns `*`
// or names separated by commas; whitespace between tokens). Fails with abort() after printing
// one line.
// Calibration (execs to the bug): libFuzzer, one process: 210k..1.56M (median 477k) over 11
// seeds. hivefuzz, 2 threads: 398k..2.64M (median 823k) over 11 seeds (2026-12-06, code
// optimized for fuzzing and the stack's depth); before, 172k..3.17M (median 585k); before the
// ring of recent byte-string comparisons fed by a sample of all executions, 142k..9.83M (median
// 1.53M) over 15; before length control and the decimal-number mutation too, 1.24M..2.81M
// (median 1.69M) over 5. Too slow under TSan for the e2e test (tests/e2e/planted_bugs_test.cc).
// Budget: 20000000 execs with -parallel=2
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

enum class Token {
  kEnd,
  kError,
  kIdentifier,
  kNumber,
  kString,
  kStar,
  kComma,
  kSemicolon,
  kLeftParen,
  kRightParen,
  kEquals,
  kLess,
  kGreater,
  kSelect,
  kFrom,
  kWhere,
  kInsert,
  kInto,
  kValues,
  kDelete,
  kUpdate,
  kSet,
  kAnd,
  kOr,
  kNot,
  kLimit,
  kOrder,
  kBy,
};

struct Keyword {
  const char* text;
  size_t length;
  Token token;
};

// Not const-folded into the lookup: a real table is data, walked by a loop.
Keyword keywords[] = {
    {"select", 6, Token::kSelect}, {"from", 4, Token::kFrom},     {"where", 5, Token::kWhere},
    {"insert", 6, Token::kInsert}, {"into", 4, Token::kInto},     {"values", 6, Token::kValues},
    {"delete", 6, Token::kDelete}, {"update", 6, Token::kUpdate}, {"set", 3, Token::kSet},
    {"and", 3, Token::kAnd},       {"or", 2, Token::kOr},         {"not", 3, Token::kNot},
    {"limit", 5, Token::kLimit},   {"order", 5, Token::kOrder},   {"by", 2, Token::kBy},
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token Next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r')) {
      pos_++;
    }
    if (pos_ == text_.size()) return Token::kEnd;
    size_t start = pos_;
    char c = text_[pos_++];
    if (IsIdentStart(c)) {
      while (pos_ < text_.size() && (IsIdentStart(text_[pos_]) || IsDigit(text_[pos_]))) pos_++;
      word_ = text_.substr(start, pos_ - start);
      for (const Keyword& k : keywords) {
        if (word_.size() == k.length && std::memcmp(word_.data(), k.text, k.length) == 0) {
          return k.token;
        }
      }
      return Token::kIdentifier;
    }
    if (IsDigit(c)) {
      while (pos_ < text_.size() && IsDigit(text_[pos_])) pos_++;
      return Token::kNumber;
    }
    switch (c) {
      case '*':
        return Token::kStar;
      case ',':
        return Token::kComma;
      case ';':
        return Token::kSemicolon;
      case '(':
        return Token::kLeftParen;
      case ')':
        return Token::kRightParen;
      case '=':
        return Token::kEquals;
      case '<':
        return Token::kLess;
      case '>':
        return Token::kGreater;
      case '\'':
        while (pos_ < text_.size() && text_[pos_] != '\'') pos_++;
        if (pos_ == text_.size()) return Token::kError;
        pos_++;
        return Token::kString;
      default:
        return Token::kError;
    }
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  std::string_view word_;
};

struct Operand {
  Token kind;
};

struct Condition {
  Operand left{};
  Token op = Token::kEnd;
  const Operand* right = nullptr;  // BUG: stays null for a bare column
};

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) { Advance(); }

  // Parses statements separated by ';' until the end or an error.
  void ParseAll() {
    while (current_ != Token::kEnd && current_ != Token::kError) {
      if (!ParseStatement()) return;
      if (current_ == Token::kSemicolon) Advance();
    }
  }

 private:
  void Advance() { current_ = lexer_.Next(); }
  bool Accept(Token t) {
    if (current_ != t) return false;
    Advance();
    return true;
  }

  bool ParseStatement() {
    switch (current_) {
      case Token::kSelect:
        Advance();
        return ParseSelect();
      case Token::kDelete:
        Advance();
        return Accept(Token::kFrom) && Accept(Token::kIdentifier);
      case Token::kInsert:
        Advance();
        return ParseInsert();
      default:
        return false;
    }
  }

  bool ParseColumns() {
    if (Accept(Token::kStar)) return true;
    do {
      if (!Accept(Token::kIdentifier)) return false;
    } while (Accept(Token::kComma));
    return true;
  }

  bool ParseOperand(Operand* out) {
    if (current_ != Token::kIdentifier && current_ != Token::kNumber &&
        current_ != Token::kString) {
      return false;
    }
    out->kind = current_;
    Advance();
    return true;
  }

  bool ParseCondition(Condition* c) {
    if (!ParseOperand(&c->left)) return false;
    if (current_ == Token::kEquals || current_ == Token::kLess || current_ == Token::kGreater) {
      c->op = current_;
      Advance();
      if (!ParseOperand(&right_storage_)) return false;
      c->right = &right_storage_;
    }
    return true;
  }

  bool Evaluate(const Condition& c) {
    if (c.right == nullptr) {
      std::fprintf(stderr,
                   "mini_sql: WHERE with a bare column dereferences its missing right side\n");
      std::abort();
    }
    return c.left.kind == c.right->kind;
  }

  bool ParseSelect() {
    if (!ParseColumns() || !Accept(Token::kFrom) || !Accept(Token::kIdentifier)) return false;
    if (Accept(Token::kWhere)) {
      Condition c;
      if (!ParseCondition(&c)) return false;
      if (current_ != Token::kEnd && current_ != Token::kSemicolon) return false;
      Evaluate(c);
    }
    return true;
  }

  bool ParseInsert() {
    if (!Accept(Token::kInto) || !Accept(Token::kIdentifier) || !Accept(Token::kValues) ||
        !Accept(Token::kLeftParen)) {
      return false;
    }
    Operand value;
    do {
      if (!ParseOperand(&value)) return false;
    } while (Accept(Token::kComma));
    return Accept(Token::kRightParen);
  }

  Lexer lexer_;
  Token current_ = Token::kEnd;
  Operand right_storage_{};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Parser parser(std::string_view(reinterpret_cast<const char*>(data), size));
  parser.ParseAll();
  return 0;
}
