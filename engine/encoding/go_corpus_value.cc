// One corpus value line: Go's parseCorpusValue step by step (its order, its messages), over a
// small parser that accepts the one-argument calls go/parser accepts, from go_scanner.h's tokens.
#include "encoding/go_corpus_value.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <vector>

#include "base/check.h"
#include "encoding/go_float_format.h"
#include "encoding/go_quote.h"
#include "encoding/go_scanner.h"
#include "encoding/go_strconv.h"

namespace hivefuzz {
namespace {

// ---- Writing ----

template <typename Bits>
std::string Hex(Bits bits) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(bits));
  return buf;
}

std::string CallText(std::string_view function, const std::string& argument) {
  return std::string(function) + "(" + argument + ")";
}

// ---- Reading: the shape of the call (go/parser's part) ----

bool IsLiteral(GoTokenKind kind) {
  return kind == GoTokenKind::kInt || kind == GoTokenKind::kFloat || kind == GoTokenKind::kImag ||
         kind == GoTokenKind::kChar || kind == GoTokenKind::kString;
}

// One argument: unary operators (outermost first) on a literal or a name. When `expression`
// is set it is some other Go expression, which no type accepts; `unary_of_expression` says
// whether that expression is a unary operator applied to one (-(5), -x.y), since Go words
// that case differently.
struct Argument {
  std::vector<std::string_view> operators;
  GoToken operand{GoTokenKind::kEnd, {}, 0};
  bool expression = false;
  bool unary_of_expression = false;
};

// What is being called: a name (int8), math.<name>, or []<name>.
struct Call {
  enum class Kind { kName, kSelector, kSlice } kind;
  std::string_view package;  // kSelector: the part before the dot
  std::string_view name;
  std::vector<Argument> arguments;
};

std::string Describe(const GoToken& t) {
  return t.kind == GoTokenKind::kEnd ? "end of line" : "'" + std::string(t.text) + "'";
}

Status SyntaxError(const GoToken& t, const std::string& what) {
  return Status::Error("column " + std::to_string(t.column) + ": " + what + ", found " +
                       Describe(t));
}

class CallParser {
 public:
  explicit CallParser(const std::vector<GoToken>& tokens) : tokens_(tokens) {}

  Result<Call> Parse() {
    Call call{};
    if (Status s = ParseFunction(call); !s.ok()) return s;
    if (at().kind == GoTokenKind::kEnd || at().text == "{") {  // int, []byte{...}
      return Status::Error("expected call expression");
    }
    if (at().kind != GoTokenKind::kLParen) return SyntaxError(at(), "expected '('");
    next();
    while (at().kind != GoTokenKind::kRParen) {
      Argument argument;
      while (at().kind == GoTokenKind::kUnaryOp) argument.operators.push_back(next().text);
      const GoTokenKind kind = at().kind;
      if (kind == GoTokenKind::kIdent || IsLiteral(kind)) {
        argument.operand = next();
        const GoTokenKind after = at().kind;
        if (after == GoTokenKind::kPeriod || after == GoTokenKind::kLParen ||
            after == GoTokenKind::kLBrack) {  // x.y, f(x), x[0]: the operators apply to it
          argument.expression = true;
          argument.unary_of_expression = !argument.operators.empty();
        } else if (after != GoTokenKind::kComma && after != GoTokenKind::kRParen &&
                   after != GoTokenKind::kEllipsis && after != GoTokenKind::kEnd) {
          argument.expression = true;  // 20*5, -5+3: a binary expression
        }
      } else if (kind == GoTokenKind::kLParen || kind == GoTokenKind::kLBrack) {
        argument.expression = true;  // (5), []T{}...
        argument.unary_of_expression = !argument.operators.empty();
      } else {
        return SyntaxError(at(), "expected operand");
      }
      call.arguments.push_back(argument);
      // The rest of an expression argument is not parsed: the value is refused anyway.
      if (argument.expression) return call;
      if (at().kind == GoTokenKind::kEllipsis) {  // f(x...): go/parser allows it, Go ignores it
        next();
        if (at().kind == GoTokenKind::kComma) next();
        break;
      }
      if (at().kind != GoTokenKind::kComma) break;
      next();
    }
    if (at().kind != GoTokenKind::kRParen) {
      return SyntaxError(at(), "expected ')' or ',' in argument list");
    }
    next();
    if (at().kind != GoTokenKind::kEnd) return SyntaxError(at(), "expected end of line");
    return call;
  }

 private:
  const GoToken& at() const { return tokens_[pos_]; }
  const GoToken& next() {
    const GoToken& t = tokens_[pos_];
    if (t.kind != GoTokenKind::kEnd) pos_++;
    return t;
  }

  Status ParseFunction(Call& call) {
    if (at().kind == GoTokenKind::kLBrack) {
      next();
      // [N]T and [...]T are arrays, not slices.
      if (at().kind != GoTokenKind::kRBrack) {
        return Status::Error("expected []byte or primitive type");
      }
      next();
      if (at().kind != GoTokenKind::kIdent) return Status::Error("expected []byte");
      call.kind = Call::Kind::kSlice;
      call.name = next().text;
      return Status::Ok();
    }
    if (at().kind == GoTokenKind::kIdent) {
      call.kind = Call::Kind::kName;
      call.name = next().text;
      if (at().kind == GoTokenKind::kPeriod) {
        next();
        if (at().kind != GoTokenKind::kIdent) return SyntaxError(at(), "expected selector");
        call.kind = Call::Kind::kSelector;
        call.package = call.name;
        call.name = next().text;
        if (at().kind == GoTokenKind::kPeriod) return Status::Error("invalid selector type");
      }
      return Status::Ok();
    }
    if (at().kind == GoTokenKind::kEnd) return SyntaxError(at(), "expected operand");
    return Status::Error("expected call expression");
  }

  const std::vector<GoToken>& tokens_;
  size_t pos_ = 0;
};

// ---- Reading: the value (parseCorpusValue's part) ----

bool IsIntType(std::string_view t) {
  return t == "int" || t == "int8" || t == "int16" || t == "int32" || t == "int64";
}
bool IsUintType(std::string_view t) {
  return t == "uint" || t == "uint8" || t == "uint16" || t == "uint32" || t == "uint64";
}

int BitsOf(std::string_view t) {
  if (t == "byte" || t.ends_with("8")) return 8;
  if (t.ends_with("16")) return 16;
  if (t == "rune" || t.ends_with("32")) return 32;
  return 64;  // int, uint, int64, uint64
}

Result<GoValue> ParseSigned(std::string_view type, std::string_view text) {
  Result<int64_t> v = GoParseInt(text, BitsOf(type));
  if (!v.ok()) return v.status();
  if (type == "int8") return GoValue::Int8(static_cast<int8_t>(*v));
  if (type == "int16") return GoValue::Int16(static_cast<int16_t>(*v));
  if (type == "int32" || type == "rune") return GoValue::Int32(static_cast<int32_t>(*v));
  if (type == "int64") return GoValue::Int64(*v);
  return GoValue::Int(*v);
}

Result<GoValue> ParseUnsigned(std::string_view type, std::string_view text) {
  Result<uint64_t> v = GoParseUint(text, BitsOf(type));
  if (!v.ok()) return v.status();
  if (type == "uint8" || type == "byte") return GoValue::Uint8(static_cast<uint8_t>(*v));
  if (type == "uint16") return GoValue::Uint16(static_cast<uint16_t>(*v));
  if (type == "uint32") return GoValue::Uint32(static_cast<uint32_t>(*v));
  if (type == "uint64") return GoValue::Uint64(*v);
  return GoValue::Uint(*v);
}

// The argument as text and token kind, as parseCorpusValue computes `val` and `kind`:
// "-" + literal for a negated literal, NaN and ±Inf as float literals.
struct Literal {
  std::string text;
  GoTokenKind kind;
};

Result<Literal> ArgumentLiteral(const Argument& arg) {
  if (arg.expression) {
    if (arg.unary_of_expression && arg.operators[0] != "*") {
      return Status::Error("expected operation on int or float type");
    }
    return Status::Error("literal value required for primitive type");
  }
  if (arg.operators.empty()) {
    if (IsLiteral(arg.operand.kind))
      return Literal{std::string(arg.operand.text), arg.operand.kind};
    if (arg.operand.text == "NaN") return Literal{"NaN", GoTokenKind::kFloat};
    return Status::Error("literal value required for primitive type");
  }
  const std::string_view op = arg.operators[0];
  // *x is a pointer dereference in Go's syntax tree, not a unary expression.
  if (op == "*") return Status::Error("literal value required for primitive type");
  if (arg.operators.size() > 1) return Status::Error("expected operation on int or float type");
  if (IsLiteral(arg.operand.kind)) {
    if (op != "-") return Status::Error("unsupported operation on int/float: " + std::string(op));
    return Literal{"-" + std::string(arg.operand.text), arg.operand.kind};
  }
  // Go takes any operator on Inf but - as +Inf.
  if (arg.operand.text == "Inf") return Literal{op == "-" ? "-Inf" : "+Inf", GoTokenKind::kFloat};
  return Status::Error("expected operation on int or float type");
}

Result<GoValue> ParseValue(std::string_view type, const Literal& lit) {
  if (type == "string") {
    if (lit.kind != GoTokenKind::kString) {
      return Status::Error("string literal value required for type string");
    }
    if (lit.text[0] == '-') return Status::Error("invalid syntax");  // strconv.Unquote's
    return GoValue::String(GoUnquoteString(lit.text));
  }
  if (type == "byte" || type == "rune") {
    if (lit.kind == GoTokenKind::kInt) {
      return type == "rune" ? ParseSigned(type, lit.text) : ParseUnsigned(type, lit.text);
    }
    if (lit.kind != GoTokenKind::kChar) {
      return Status::Error("character literal required for byte/rune types");
    }
    if (lit.text[0] == '-') return Status::Error("invalid syntax");  // strconv.UnquoteChar's
    const int32_t code = GoUnquoteRune(lit.text);
    if (type == "rune") return GoValue::Int32(code);
    if (code >= 256) return Status::Error("can only encode single byte to a byte type");
    return GoValue::Uint8(static_cast<uint8_t>(code));
  }
  if (IsIntType(type)) {
    if (lit.kind != GoTokenKind::kInt)
      return Status::Error("integer literal required for int types");
    return ParseSigned(type, lit.text);
  }
  if (IsUintType(type)) {
    if (lit.kind != GoTokenKind::kInt) {
      return Status::Error("integer literal required for uint types");
    }
    return ParseUnsigned(type, lit.text);
  }
  if (type == "float32" || type == "float64") {
    if (lit.kind != GoTokenKind::kFloat && lit.kind != GoTokenKind::kInt) {
      return Status::Error("float or integer literal required for " + std::string(type) + " type");
    }
    if (type == "float32") {
      Result<float> v = GoParseFloat32(lit.text);
      if (!v.ok()) return v.status();
      return GoValue::Float32(*v);
    }
    Result<double> v = GoParseFloat64(lit.text);
    if (!v.ok()) return v.status();
    return GoValue::Float64(*v);
  }
  if (type == "float32-bits") {
    if (lit.kind != GoTokenKind::kInt) {
      return Status::Error("integer literal required for math.Float32frombits type");
    }
    Result<uint64_t> bits = GoParseUint(lit.text, 32);
    if (!bits.ok()) return bits.status();
    return GoValue::Float32(std::bit_cast<float>(static_cast<uint32_t>(*bits)));
  }
  if (type == "float64-bits") {
    // Go lets a float literal through here; ParseUint then refuses it.
    if (lit.kind != GoTokenKind::kFloat && lit.kind != GoTokenKind::kInt) {
      return Status::Error("integer literal required for math.Float64frombits type");
    }
    Result<uint64_t> bits = GoParseUint(lit.text, 64);
    if (!bits.ok()) return bits.status();
    return GoValue::Float64(std::bit_cast<double>(*bits));
  }
  return Status::Error("expected []byte or primitive type");
}

}  // namespace

std::string FormatGoCorpusValue(const GoValue& value) {
  HF_CHECK(value.Valid());
  const std::string_view name = GoTypeName(value.type);
  switch (value.type) {
    case GoType::kInt:
    case GoType::kInt8:
    case GoType::kInt16:
    case GoType::kInt64:
      return CallText(name, std::to_string(value.int_value()));
    case GoType::kUint:
    case GoType::kUint16:
    case GoType::kUint32:
    case GoType::kUint64:
      return CallText(name, std::to_string(value.uint_value()));
    case GoType::kBool:
      return CallText(name, value.boolean() ? "true" : "false");
    case GoType::kFloat32: {
      const float v = value.float32();
      const auto bits = std::bit_cast<uint32_t>(v);
      if (std::isnan(v) && bits != kGoCanonicalNaN32)
        return CallText("math.Float32frombits", Hex(bits));
      return CallText(name, GoFormatFloat32(v));
    }
    case GoType::kFloat64: {
      const double v = value.float64();
      const auto bits = std::bit_cast<uint64_t>(v);
      if (std::isnan(v) && bits != kGoCanonicalNaN64)
        return CallText("math.Float64frombits", Hex(bits));
      return CallText(name, GoFormatFloat64(v));
    }
    case GoType::kString:
      return CallText("string", GoQuote(value.bytes()));
    case GoType::kBytes:
      return CallText("[]byte", GoQuote(value.bytes()));
    case GoType::kInt32: {
      // A rune literal can only hold a valid rune (%q would print U+FFFD for the others).
      const auto r = static_cast<int32_t>(value.int_value());
      if (GoValidRune(r)) return CallText("rune", GoQuoteRune(r));
      return CallText("int32", std::to_string(r));
    }
    case GoType::kUint8:
      return CallText("byte", GoQuoteRune(static_cast<int32_t>(value.uint_value())));
  }
  HF_CHECK(false);
  return "";
}

Result<GoValue> ParseGoCorpusValue(std::string_view line) {
  Result<std::vector<GoToken>> tokens = ScanGoLine(line);
  if (!tokens.ok()) return tokens.status();
  Result<Call> parsed = CallParser(*tokens).Parse();
  if (!parsed.ok()) return parsed.status();
  const Call& call = *parsed;
  if (call.arguments.size() != 1) {
    return Status::Error("expected call expression with 1 argument; got " +
                         std::to_string(call.arguments.size()));
  }
  const Argument& arg = call.arguments[0];
  if (call.kind == Call::Kind::kSlice) {
    if (call.name != "byte") return Status::Error("expected []byte");
    if (arg.expression || !arg.operators.empty() || arg.operand.kind != GoTokenKind::kString) {
      return Status::Error("string literal required for type []byte");
    }
    return GoValue::Bytes(GoUnquoteString(arg.operand.text));
  }
  std::string_view type = call.name;
  if (call.kind == Call::Kind::kSelector) {
    if (call.package != "math") return Status::Error("invalid selector type");
    if (call.name == "Float64frombits") {
      type = "float64-bits";
    } else if (call.name == "Float32frombits") {
      type = "float32-bits";
    } else {
      return Status::Error("invalid selector type");
    }
  } else if (type == "bool") {
    if (arg.expression || !arg.operators.empty() || arg.operand.kind != GoTokenKind::kIdent) {
      return Status::Error("malformed bool");
    }
    if (arg.operand.text == "true") return GoValue::Bool(true);
    if (arg.operand.text == "false") return GoValue::Bool(false);
    return Status::Error("true or false required for type bool");
  }
  Result<Literal> lit = ArgumentLiteral(arg);
  if (!lit.ok()) return lit.status();
  return ParseValue(type, *lit);
}

}  // namespace hivefuzz
