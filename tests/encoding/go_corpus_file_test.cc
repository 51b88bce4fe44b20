// Go's corpus files in C++: Go's round-trip examples, every type, quoting edge cases, the grammar
// go/parser allows and every malformed-file error, as Go 1.19 writes and reports them.
#include "encoding/go_corpus_file.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "encoding/go_corpus_value.h"
#include "encoding/go_quote.h"
#include "encoding/go_strconv.h"
#include "encoding/go_value_printer.h"

namespace hivefuzz {
namespace {

std::vector<GoValue> Unmarshal(std::string_view contents) {
  Result<std::vector<GoValue>> r = UnmarshalGoCorpusFile(contents);
  EXPECT_TRUE(r.ok()) << r.status().message() << "\nin:\n" << contents;
  return r.ok() ? *r : std::vector<GoValue>{};
}

std::string UnmarshalError(std::string_view contents) {
  Result<std::vector<GoValue>> r = UnmarshalGoCorpusFile(contents);
  return r.ok() ? "<accepted>" : r.status().message();
}

// The value of a file that holds one line.
GoValue One(std::string_view line) {
  std::vector<GoValue> v = Unmarshal("go test fuzz v1\n" + std::string(line) + "\n");
  EXPECT_EQ(v.size(), 1u) << line;
  return v.empty() ? GoValue{} : v[0];
}

// The error for a file that holds one line, without the "line 2: malformed line ...: " part.
std::string LineError(std::string_view line) {
  const std::string message = UnmarshalError("go test fuzz v1\n" + std::string(line) + "\n");
  const std::string prefix = "line 2: malformed line " + GoQuote(GoTrimSpace(line)) + ": ";
  EXPECT_EQ(message.substr(0, prefix.size()), prefix);
  return message.substr(std::min(prefix.size(), message.size()));
}

std::string Line(const GoValue& v) { return FormatGoCorpusValue(v); }

float F32(uint32_t bits) { return std::bit_cast<float>(bits); }
double F64(uint64_t bits) { return std::bit_cast<double>(bits); }

// Requirement: Go's TestUnmarshalMarshal (internal/fuzz/encoding_test.go): unmarshal, marshal,
// get `want` (the input itself when empty) with a final newline.
TEST(GoCorpusFileTest, GosRoundTripExamples) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"go test fuzz v1\nstring(\"has extra newline\")\n",
       "go test fuzz v1\nstring(\"has extra newline\")\n"},
      {"go test fuzz v1\nstring(\"extra\")\n[]byte(\"spacing\")  \n    ",
       "go test fuzz v1\nstring(\"extra\")\n[]byte(\"spacing\")\n"},
      {"go test fuzz v1\nfloat64(0)\nfloat32(0)", ""},
      {"go test fuzz v1\nint(-23)\nint8(-2)\nint64(2342425)\nuint(1)\nuint16(234)\nuint32(352342)\n"
       "uint64(123)\nrune('\xc5\x93')\nbyte('K')\nbyte('\xc3\xbf')\n[]byte(\"hello\xc2\xbf\")\n"
       "[]byte(\"a\")\nbool(true)\nstring(\"hello\\\\xbd\\\\xb2=\\\\xbc \xe2\x8c\x98\")\n"
       "float64(-12.5)\nfloat32(2.5)",
       ""},
      {"go test fuzz v1\nfloat32(-0)\nfloat64(-0)\nfloat32(+Inf)\nfloat32(-Inf)\nfloat32(NaN)\n"
       "float64(+Inf)\nfloat64(-Inf)\nfloat64(NaN)\nmath.Float64frombits(0x7ff8000000000002)\n"
       "math.Float32frombits(0x7fc00001)",
       ""},
      {"go test fuzz v1\nint(0x0)\nint32(0x41)\nint64(0xfffffffff)\nuint32(0xcafef00d)\n"
       "uint64(0xffffffffffffffff)\nuint8(0b0000000)\nbyte(0x0)\nbyte('\\000')\nbyte('\\u0000')\n"
       "byte('\\'')\nmath.Float64frombits(9221120237041090562)\nmath.Float32frombits(2143289345)",
       "go test fuzz v1\nint(0)\nrune('A')\nint64(68719476735)\nuint32(3405705229)\n"
       "uint64(18446744073709551615)\nbyte('\\x00')\nbyte('\\x00')\nbyte('\\x00')\nbyte('\\x00')\n"
       "byte('\\'')\nmath.Float64frombits(0x7ff8000000000002)\nmath.Float32frombits(0x7fc00001)\n"},
      {"go test fuzz "
       "v1\nrune(0)\nrune(0x41)\nrune(-1)\nrune(0xfffd)\nrune(0xd800)\nrune(0x10ffff)\n"
       "rune(0x110000)\n",
       "go test fuzz v1\nrune('\\x00')\nrune('A')\nint32(-1)\nrune('\xef\xbf\xbd')\nint32(55296)\n"
       "rune('\\U0010ffff')\nint32(1114112)\n"},
      {"go test fuzz v1\nint(0x7fffffffffffffff)\nuint(0xffffffffffffffff)",
       "go test fuzz v1\nint(9223372036854775807)\nuint(18446744073709551615)\n"},
      {"go test fuzz v1\r\nint(0)\r\n", "go test fuzz v1\nint(0)\n"},
  };
  for (const Case& c : cases) {
    std::vector<GoValue> values = Unmarshal(c.in);
    std::string want = *c.want ? c.want : std::string(c.in) + "\n";
    EXPECT_EQ(MarshalGoCorpusFile(values), want) << c.in;
  }
  // And Go's rejected inputs.
  for (const char* in :
       {"int(1234)", "go test fuzz v1\nstring(\"a\"bcad\")", "go test fuzz v1\nint()",
        "go test fuzz v1\nuint(-32)", "go test fuzz v1\nint8(1234456)",
        "go test fuzz v1\nint(20*5)", "go test fuzz v1\nint(--5)", "go test fuzz v1\nbool(0)",
        "go test fuzz v1\nbyte('aa)", "go test fuzz v1\nbyte('\xe2\x98\x83')"}) {
    EXPECT_FALSE(UnmarshalGoCorpusFile(in).ok()) << in;
  }
}

// Requirement: %T(%v) for every type; byte and rune lines for uint8 and int32.
TEST(GoCorpusFileTest, WritesEveryType) {
  const std::vector<GoValue> values = {
      GoValue::Bytes(std::string("a\0\xff", 3)),
      GoValue::String("h\xc3\xa9llo\n"),
      GoValue::Bool(false),
      GoValue::Uint8('K'),
      GoValue::Int32(0x2603),
      GoValue::Int8(-128),
      GoValue::Int16(32767),
      GoValue::Int64(std::numeric_limits<int64_t>::min()),
      GoValue::Int(-23),
      GoValue::Uint16(65535),
      GoValue::Uint32(4294967295u),
      GoValue::Uint64(std::numeric_limits<uint64_t>::max()),
      GoValue::Uint(0),
      GoValue::Float32(2.5f),
      GoValue::Float64(1e6),
  };
  const std::string file = MarshalGoCorpusFile(values);
  EXPECT_EQ(file,
            "go test fuzz v1\n"
            "[]byte(\"a\\x00\\xff\")\n"
            "string(\"h\xc3\xa9llo\\n\")\n"
            "bool(false)\n"
            "byte('K')\n"
            "rune('\xe2\x98\x83')\n"
            "int8(-128)\n"
            "int16(32767)\n"
            "int64(-9223372036854775808)\n"
            "int(-23)\n"
            "uint16(65535)\n"
            "uint32(4294967295)\n"
            "uint64(18446744073709551615)\n"
            "uint(0)\n"
            "float32(2.5)\n"
            "float64(1e+06)\n");
  EXPECT_EQ(Unmarshal(file), values);
  EXPECT_EQ(MarshalGoCorpusFile({}), "go test fuzz v1\n");
  EXPECT_TRUE(Unmarshal("go test fuzz v1\n").empty());  // what Go reads too
}

// Requirement: byte(%q) quotes the byte as a code point (Latin-1), rune(%q) only valid runes.
TEST(GoCorpusFileTest, QuotesBytesAndRunesAsGo) {
  EXPECT_EQ(Line(GoValue::Uint8(0)), R"(byte('\x00'))");
  EXPECT_EQ(Line(GoValue::Uint8('\'')), R"(byte('\''))");
  EXPECT_EQ(Line(GoValue::Uint8('"')), "byte('\"')");
  EXPECT_EQ(Line(GoValue::Uint8('\\')), R"(byte('\\'))");
  EXPECT_EQ(Line(GoValue::Uint8('\t')), R"(byte('\t'))");
  EXPECT_EQ(Line(GoValue::Uint8(0x7f)), R"(byte('\x7f'))");
  EXPECT_EQ(Line(GoValue::Uint8(0x80)), R"(byte('\u0080'))");
  EXPECT_EQ(Line(GoValue::Uint8(0xa0)), R"(byte('\u00a0'))");
  EXPECT_EQ(Line(GoValue::Uint8(0xad)), R"(byte('\u00ad'))");
  EXPECT_EQ(Line(GoValue::Uint8(0xff)), "byte('\xc3\xbf')");
  for (int b = 0; b < 256; b++) {
    EXPECT_EQ(One(Line(GoValue::Uint8(b))), GoValue::Uint8(b)) << b;
  }
  EXPECT_EQ(Line(GoValue::Int32('A')), "rune('A')");
  EXPECT_EQ(Line(GoValue::Int32(0)), R"(rune('\x00'))");
  EXPECT_EQ(Line(GoValue::Int32(0xFFFD)), "rune('\xef\xbf\xbd')");
  EXPECT_EQ(Line(GoValue::Int32(0x10FFFF)), R"(rune('\U0010ffff'))");
  EXPECT_EQ(Line(GoValue::Int32(0xE000)), R"(rune('\ue000'))");
  EXPECT_EQ(Line(GoValue::Int32(-1)), "int32(-1)");
  EXPECT_EQ(Line(GoValue::Int32(0xD800)), "int32(55296)");
  EXPECT_EQ(Line(GoValue::Int32(0xDFFF)), "int32(57343)");
  EXPECT_EQ(Line(GoValue::Int32(0x110000)), "int32(1114112)");
  EXPECT_EQ(Line(GoValue::Int32(std::numeric_limits<int32_t>::min())), "int32(-2147483648)");
}

// Requirement: strconv.Quote for string and []byte; whatever the bytes, the file reads back.
TEST(GoCorpusFileTest, QuotesStringsAsGo) {
  EXPECT_EQ(Line(GoValue::String("")), "string(\"\")");
  EXPECT_EQ(Line(GoValue::String("say \"hi\"\\")), R"(string("say \"hi\"\\"))");
  EXPECT_EQ(Line(GoValue::String("'`")), "string(\"'`\")");
  EXPECT_EQ(Line(GoValue::Bytes("\r\n\t\v\f\a\b")), R"([]byte("\r\n\t\v\f\a\b"))");
  EXPECT_EQ(Line(GoValue::Bytes("\xbd\xb2=\xbc \xe2\x8c\x98")),
            "[]byte(\"\\xbd\\xb2=\\xbc \xe2\x8c\x98\")");
  EXPECT_EQ(Line(GoValue::String("\xef\xbb\xbf\xe2\x80\xa8\xc2\x85")),
            R"(string("\ufeff\u2028\u0085"))");
  EXPECT_EQ(Line(GoValue::String("\xf3\xa0\x80\x81")), R"(string("\U000e0001"))");
  std::string all_bytes;
  for (int b = 0; b < 256; b++) all_bytes.push_back(static_cast<char>(b));
  EXPECT_EQ(One(Line(GoValue::Bytes(all_bytes))), GoValue::Bytes(all_bytes));
  EXPECT_EQ(One(Line(GoValue::String(all_bytes))), GoValue::String(all_bytes));
}

// Requirement: Go's %v for floats; NaNs other than math.NaN() written by their bits.
TEST(GoCorpusFileTest, WritesFloatsAsGo) {
  EXPECT_EQ(Line(GoValue::Float64(-0.0)), "float64(-0)");
  EXPECT_EQ(Line(GoValue::Float64(0.0001)), "float64(0.0001)");
  EXPECT_EQ(Line(GoValue::Float64(0.00001)), "float64(1e-05)");
  EXPECT_EQ(Line(GoValue::Float64(123456)), "float64(123456)");
  EXPECT_EQ(Line(GoValue::Float64(std::numeric_limits<double>::infinity())), "float64(+Inf)");
  EXPECT_EQ(Line(GoValue::Float64(F64(kGoCanonicalNaN64))), "float64(NaN)");
  // std::numeric_limits<double>::quiet_NaN() is not Go's math.NaN().
  EXPECT_EQ(Line(GoValue::Float64(F64(0x7ff8000000000000))),
            "math.Float64frombits(0x7ff8000000000000)");
  EXPECT_EQ(Line(GoValue::Float64(F64(0xfff8000000000001))),
            "math.Float64frombits(0xfff8000000000001)");
  EXPECT_EQ(Line(GoValue::Float64(F64(0x7ff0000000000001))),
            "math.Float64frombits(0x7ff0000000000001)");
  EXPECT_EQ(Line(GoValue::Float32(F32(kGoCanonicalNaN32))), "float32(NaN)");
  EXPECT_EQ(Line(GoValue::Float32(F32(0x7f800001))), "math.Float32frombits(0x7f800001)");
  EXPECT_EQ(Line(GoValue::Float32(F32(0xffc00000))), "math.Float32frombits(0xffc00000)");
  EXPECT_EQ(Line(GoValue::Float32(-std::numeric_limits<float>::infinity())), "float32(-Inf)");
  // Signalling NaN payloads survive a round trip (no float-double conversion on the way).
  EXPECT_EQ(One("math.Float32frombits(0x7f800001)"), GoValue::Float32(F32(0x7f800001)));
  EXPECT_EQ(One("math.Float64frombits(0x7ff0000000000001)"),
            GoValue::Float64(F64(0x7ff0000000000001)));
}

// Requirement: what go/parser and strconv accept, with the values Go reads.
TEST(GoCorpusFileTest, ReadsEverySpellingGoReads) {
  EXPECT_EQ(One("int(-0x10)"), GoValue::Int(-16));
  EXPECT_EQ(One("int(0o17)"), GoValue::Int(15));
  EXPECT_EQ(One("int(017)"), GoValue::Int(15));
  EXPECT_EQ(One("int(0b1_01)"), GoValue::Int(5));
  EXPECT_EQ(One("int(1_000)"), GoValue::Int(1000));
  EXPECT_EQ(One("uint8(0377)"), GoValue::Uint8(255));
  EXPECT_EQ(One("byte(255)"), GoValue::Uint8(255));
  EXPECT_EQ(One("byte('\\xff')"), GoValue::Uint8(255));
  EXPECT_EQ(One("byte('\\377')"), GoValue::Uint8(255));
  EXPECT_EQ(One("byte('\\u00ff')"), GoValue::Uint8(255));
  EXPECT_EQ(One("byte('\xc3\xbf')"), GoValue::Uint8(255));
  EXPECT_EQ(One("rune(-1)"), GoValue::Int32(-1));
  EXPECT_EQ(One("int32(0x7fffffff)"), GoValue::Int32(0x7fffffff));
  EXPECT_EQ(One("rune('\\U0010ffff')"), GoValue::Int32(0x10ffff));
  EXPECT_EQ(One("rune('\\a')"), GoValue::Int32('\a'));
  EXPECT_EQ(One("rune('\"')"), GoValue::Int32('"'));
  EXPECT_EQ(One("rune('\t')"), GoValue::Int32('\t'));  // a raw tab inside the quotes
  EXPECT_EQ(One("string(`a\\n\"b`)"), GoValue::String("a\\n\"b"));
  EXPECT_EQ(One("string(\"a\\x00\\377\\u00e9\\U0001F600\")"),
            GoValue::String(std::string("a\0\xff\xc3\xa9\xf0\x9f\x98\x80", 9)));
  EXPECT_EQ(One("string(\"a\rb\")"), GoValue::String("a\rb"));
  EXPECT_EQ(One("string(`a\rb`)"), GoValue::String("ab"));  // raw strings drop CRs
  EXPECT_EQ(One("[]byte(`x`)"), GoValue::Bytes("x"));
  EXPECT_EQ(One("float64(1)"), GoValue::Float64(1));
  EXPECT_EQ(One("float64(017)"), GoValue::Float64(17));  // decimal for ParseFloat
  EXPECT_EQ(One("float64(089.5)"), GoValue::Float64(89.5));
  EXPECT_EQ(One("float64(.5e1)"), GoValue::Float64(5));
  EXPECT_EQ(One("float64(0x1.8p1)"), GoValue::Float64(3));
  EXPECT_EQ(One("float64(1e-400)"), GoValue::Float64(0));
  EXPECT_EQ(One("float32(16777217)"), GoValue::Float32(16777216));
  EXPECT_EQ(One("float64(-Inf)"), GoValue::Float64(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(One("float64(NaN)"), GoValue::Float64(F64(kGoCanonicalNaN64)));
  EXPECT_EQ(One("float32(NaN)"), GoValue::Float32(F32(kGoCanonicalNaN32)));
  EXPECT_EQ(One("math.Float64frombits(0x3ff0000000000000)"), GoValue::Float64(1));
  EXPECT_EQ(One("math.Float32frombits(1065353216)"), GoValue::Float32(1));
  EXPECT_EQ(One("bool(true)"), GoValue::Bool(true));
  // go/parser's freedoms: blanks and comments between tokens, a trailing comma, x..., and
  // any unary operator but - on Inf (Go reads all of them as +Inf).
  EXPECT_EQ(One("  int ( - 5 , ) // five"), GoValue::Int(-5));
  EXPECT_EQ(One("int/* a */(/* b */5/* c */)/* d */"), GoValue::Int(5));
  EXPECT_EQ(One("[ ]byte(\"a\"...)"), GoValue::Bytes("a"));
  EXPECT_EQ(One("math . Float64frombits\t(1)"), GoValue::Float64(F64(1)));
  EXPECT_EQ(One("bool(false...,)"), GoValue::Bool(false));
  EXPECT_EQ(One("float64(5....)"), GoValue::Float64(5));  // "5." then "..."
  for (const char* op : {"+", "!", "^", "&", "<-", "~"}) {
    EXPECT_EQ(One("float64(" + std::string(op) + "Inf)"),
              GoValue::Float64(std::numeric_limits<double>::infinity()))
        << op;
  }
  // Unicode blanks around a line, a BOM at its start (go/scanner skips it there).
  EXPECT_EQ(One("\xc2\xa0\xe3\x80\x80int(5)\xe2\x80\x8a\xc2\x85"), GoValue::Int(5));
  EXPECT_EQ(One("\xef\xbb\xbf int(5)"), GoValue::Int(5));
}

// Requirement: the file frame: version line with an optional CR, blank lines skipped.
TEST(GoCorpusFileTest, ReadsTheFrameAsGo) {
  EXPECT_EQ(Unmarshal("go test fuzz v1\r\n\n  \n\t\nint(1)\r\n\r\nint(2)"),
            (std::vector<GoValue>{GoValue::Int(1), GoValue::Int(2)}));
  EXPECT_TRUE(Unmarshal("go test fuzz v1\n\n\n").empty());
  EXPECT_EQ(UnmarshalError("go test fuzz v1\r\r\nint(1)"),
            "line 1: unknown encoding version: \"go test fuzz v1\\r\"");
}

// Requirement: every malformed-file error Go reports, with the line number and Go's message.
TEST(GoCorpusFileTest, ExplainsEveryMalformedFile) {
  EXPECT_EQ(UnmarshalError(""), "cannot unmarshal empty string");
  EXPECT_EQ(UnmarshalError("go test fuzz v1"), "must include version and at least one value");
  EXPECT_EQ(UnmarshalError("int(1234)"), "must include version and at least one value");
  EXPECT_EQ(UnmarshalError("go test fuzz v2\nint(1)"),
            "line 1: unknown encoding version: \"go test fuzz v2\"");
  EXPECT_EQ(UnmarshalError(" go test fuzz v1\nint(1)"),
            "line 1: unknown encoding version: \" go test fuzz v1\"");
  EXPECT_EQ(UnmarshalError("go test fuzz v1\nint(1)\n\n  int8(300)  \nint(2)"),
            "line 4: malformed line \"int8(300)\": strconv.ParseInt: parsing \"300\": value out of "
            "range");

  // parseCorpusValue's errors, in its words.
  EXPECT_EQ(LineError("5"), "expected call expression");
  EXPECT_EQ(LineError("int"), "expected call expression");
  EXPECT_EQ(LineError("[]byte{}"), "expected call expression");
  EXPECT_EQ(LineError("int()"), "expected call expression with 1 argument; got 0");
  EXPECT_EQ(LineError("int(1, 2)"), "expected call expression with 1 argument; got 2");
  EXPECT_EQ(LineError("[5]byte(\"a\")"), "expected []byte or primitive type");
  EXPECT_EQ(LineError("complex128(1)"), "expected []byte or primitive type");
  EXPECT_EQ(LineError("[]uint8(\"a\")"), "expected []byte");
  EXPECT_EQ(LineError("[]byte('a')"), "string literal required for type []byte");
  EXPECT_EQ(LineError("[]byte(-\"a\")"), "string literal required for type []byte");
  EXPECT_EQ(LineError("math.Sqrt(4)"), "invalid selector type");
  EXPECT_EQ(LineError("cmath.Float64frombits(1)"), "invalid selector type");
  EXPECT_EQ(LineError("x.y.z(1)"), "invalid selector type");
  EXPECT_EQ(LineError("bool(0)"), "malformed bool");
  EXPECT_EQ(LineError("bool(!true)"), "malformed bool");
  EXPECT_EQ(LineError("bool(maybe)"), "true or false required for type bool");
  EXPECT_EQ(LineError("int(+5)"), "unsupported operation on int/float: +");
  EXPECT_EQ(LineError("int(^5)"), "unsupported operation on int/float: ^");
  EXPECT_EQ(LineError("int(-x)"), "expected operation on int or float type");
  EXPECT_EQ(LineError("int(- -5)"), "expected operation on int or float type");
  EXPECT_EQ(LineError("int(-(5))"), "expected operation on int or float type");
  EXPECT_EQ(LineError("float64(-NaN)"), "expected operation on int or float type");
  EXPECT_EQ(LineError("int(x)"), "literal value required for primitive type");
  EXPECT_EQ(LineError("int(20*5)"), "literal value required for primitive type");
  EXPECT_EQ(LineError("int((5))"), "literal value required for primitive type");
  EXPECT_EQ(LineError("int(*5)"), "literal value required for primitive type");
  EXPECT_EQ(LineError("float64(Inf)"), "literal value required for primitive type");
  EXPECT_EQ(LineError("string(5)"), "string literal value required for type string");
  EXPECT_EQ(LineError("string(-\"a\")"), "invalid syntax");
  EXPECT_EQ(LineError("byte(1.5)"), "character literal required for byte/rune types");
  EXPECT_EQ(LineError("rune(\"a\")"), "character literal required for byte/rune types");
  EXPECT_EQ(LineError("rune(-'a')"), "invalid syntax");
  EXPECT_EQ(LineError("byte('\xe2\x98\x83')"), "can only encode single byte to a byte type");
  EXPECT_EQ(LineError("byte('\\u0100')"), "can only encode single byte to a byte type");
  EXPECT_EQ(LineError("int(1.5)"), "integer literal required for int types");
  EXPECT_EQ(LineError("int32('a')"), "integer literal required for int types");
  EXPECT_EQ(LineError("int(1i)"), "integer literal required for int types");
  EXPECT_EQ(LineError("uint8('a')"), "integer literal required for uint types");
  EXPECT_EQ(LineError("float32('a')"), "float or integer literal required for float32 type");
  EXPECT_EQ(LineError("float64(\"1\")"), "float or integer literal required for float64 type");
  EXPECT_EQ(LineError("math.Float32frombits(1.5)"),
            "integer literal required for math.Float32frombits type");
  EXPECT_EQ(LineError("math.Float64frombits('a')"),
            "integer literal required for math.Float64frombits type");
  // strconv's errors.
  EXPECT_EQ(LineError("int8(1234456)"),
            "strconv.ParseInt: parsing \"1234456\": value out of range");
  EXPECT_EQ(LineError("uint(-32)"), "strconv.ParseUint: parsing \"-32\": invalid syntax");
  EXPECT_EQ(LineError("byte(256)"), "strconv.ParseUint: parsing \"256\": value out of range");
  EXPECT_EQ(LineError("rune(0x80000000)"),
            "strconv.ParseInt: parsing \"0x80000000\": value out of range");
  EXPECT_EQ(LineError("float32(1e39)"), "strconv.ParseFloat: parsing \"1e39\": value out of range");
  EXPECT_EQ(LineError("float64(0x10)"), "strconv.ParseFloat: parsing \"0x10\": invalid syntax");
  EXPECT_EQ(LineError("math.Float64frombits(1.5)"),
            "strconv.ParseUint: parsing \"1.5\": invalid syntax");
  EXPECT_EQ(LineError("math.Float32frombits(0x100000000)"),
            "strconv.ParseUint: parsing \"0x100000000\": value out of range");
  // go/scanner's and go/parser's errors, with Go's column (a byte offset from 1).
  EXPECT_EQ(LineError("int(08)"), "column 6: invalid digit '8' in octal literal");
  EXPECT_EQ(LineError("int(0b12)"), "column 8: invalid digit '2' in binary literal");
  EXPECT_EQ(LineError("int(0x)"), "column 7: hexadecimal literal has no digits");
  EXPECT_EQ(LineError("int(1__0)"), "column 7: '_' must separate successive digits");
  EXPECT_EQ(LineError("int(0b1.0)"), "column 8: invalid radix point in binary literal");
  EXPECT_EQ(LineError("int(0b1e5)"), "column 8: 'e' exponent requires decimal mantissa");
  EXPECT_EQ(LineError("float64(1p5)"), "column 10: 'p' exponent requires hexadecimal mantissa");
  EXPECT_EQ(LineError("float64(0x1.8)"), "column 14: hexadecimal mantissa requires a 'p' exponent");
  EXPECT_EQ(LineError("float64(1e)"), "column 11: exponent has no digits");
  EXPECT_EQ(LineError("string(\"\\q\")"), "column 10: unknown escape sequence");
  EXPECT_EQ(LineError("string(\"\\'\")"), "column 10: unknown escape sequence");
  EXPECT_EQ(LineError("rune('\\x4')"),
            "column 10: illegal character U+0027 ''' in escape sequence");
  EXPECT_EQ(LineError("rune('\\ud800')"),
            "column 8: escape sequence is invalid Unicode code point");
  EXPECT_EQ(LineError("string(\"\\U00110000\")"),
            "column 10: escape sequence is invalid Unicode code point");
  EXPECT_EQ(LineError("rune('ab')"), "column 6: illegal rune literal");
  EXPECT_EQ(LineError("rune('')"), "column 6: illegal rune literal");
  EXPECT_EQ(LineError("byte('aa)"), "column 6: rune literal not terminated");
  EXPECT_EQ(LineError("string(\"abc"), "column 8: string literal not terminated");
  EXPECT_EQ(LineError("string(`abc"), "column 8: raw string literal not terminated");
  EXPECT_EQ(LineError("int(5) /* x"), "column 8: comment not terminated");
  EXPECT_EQ(LineError("int(5)@"), "column 7: illegal character U+0040 '@'");
  EXPECT_EQ(LineError(std::string("int(5) // \0", 11)), "column 11: illegal character NUL");
  EXPECT_EQ(LineError("string(\"\xff\")"), "column 9: illegal UTF-8 encoding");
  EXPECT_EQ(LineError("int(\xef\xbb\xbf"
                      "5)"),
            "column 5: illegal byte order mark");
  EXPECT_EQ(LineError("int(--5)"), "column 5: expected operand, found '--'");
  EXPECT_EQ(LineError("int(,)"), "column 5: expected operand, found ','");
  EXPECT_EQ(LineError("// a comment"), "column 13: expected operand, found end of line");
  EXPECT_EQ(LineError("int 5"), "column 5: expected '(', found '5'");
  EXPECT_EQ(LineError("int(5"),
            "column 6: expected ')' or ',' in argument list, found end of line");
  EXPECT_EQ(LineError("int(5);"), "column 7: expected end of line, found ';'");
}

// Requirement: Go's names: lower-case hex SHA-256, the first 16 digits (Go 1.19 wrote all 64:
// this file was written by go1.19.8 as cd9f9ecc...ebc0).
TEST(GoCorpusFileTest, NamesFilesAsGo) {
  const std::string file = "go test fuzz v1\nstring(\"abc\")\nint8(42)\nfloat64(1.5)\n";
  EXPECT_EQ(GoCorpusFileName(file), "cd9f9ecc251d1445");
  EXPECT_EQ(GoCorpusFileName(""), "e3b0c44298fc1c14");
}

TEST(GoCorpusFileTest, TrimsSpaceAsGo) {
  EXPECT_EQ(GoTrimSpace(" \t\v\f\r a b \r\n"), "a b");
  EXPECT_EQ(GoTrimSpace("\xc2\x85\xc2\xa0x\xe2\x80\x80\xe2\x80\x8a\xe3\x80\x80"), "x");
  EXPECT_EQ(GoTrimSpace("\xe2\x80\x8bx"), "\xe2\x80\x8bx");  // zero-width space is not blank
  EXPECT_EQ(GoTrimSpace("\xa0x\xa0"), "\xa0x\xa0");          // bytes of NBSP, not NBSP
  EXPECT_EQ(GoTrimSpace("   "), "");
}

// Requirement: GoValue equality is "reads back as exactly this": floats by bits.
TEST(GoValueTest, ComparesFloatsByBitsAndTypesExactly) {
  EXPECT_EQ(GoValue::Float64(F64(kGoCanonicalNaN64)), GoValue::Float64(F64(kGoCanonicalNaN64)));
  EXPECT_NE(GoValue::Float64(F64(kGoCanonicalNaN64)), GoValue::Float64(F64(0x7ff8000000000000)));
  EXPECT_NE(GoValue::Float64(0.0), GoValue::Float64(-0.0));
  EXPECT_NE(GoValue::Int(1), GoValue::Int64(1));
  EXPECT_NE(GoValue::Bytes("a"), GoValue::String("a"));
  EXPECT_EQ(GoTypeName(GoType::kBytes), "[]uint8");
  EXPECT_EQ(GoTypeName(GoType::kUint8), "uint8");
  EXPECT_EQ(GoTypeName(GoType::kInt32), "int32");
  EXPECT_TRUE(GoValue::Int8(-128).Valid());
  EXPECT_FALSE((GoValue{GoType::kInt8, int64_t{200}}.Valid()));
  EXPECT_FALSE((GoValue{GoType::kUint16, uint64_t{70000}}.Valid()));
  EXPECT_FALSE((GoValue{GoType::kFloat32, 1.0}.Valid()));  // a double where a float belongs
}

}  // namespace
}  // namespace hivefuzz
