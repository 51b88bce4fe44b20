// Go's strconv parsing in C++ (go_strconv.h): values and messages as Go 1.19's strconv gives
// them for the literals a corpus file can hold.
#include "encoding/go_strconv.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

namespace hivefuzz {
namespace {

template <typename T>
T Value(const Result<T>& r) {
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r.value() : T{};
}

template <typename T>
std::string Error(const Result<T>& r) {
  return r.ok() ? "<ok>" : r.status().message();
}

// Requirement: base 0: 0x, 0o, 0b, a leading 0 for octal, '_' between digits.
TEST(GoStrconvTest, ParseIntBaseZero) {
  EXPECT_EQ(Value(GoParseInt("0", 64)), 0);
  EXPECT_EQ(Value(GoParseInt("-0x10", 64)), -16);
  EXPECT_EQ(Value(GoParseInt("0X1F", 64)), 31);
  EXPECT_EQ(Value(GoParseInt("0o17", 64)), 15);
  EXPECT_EQ(Value(GoParseInt("017", 64)), 15);
  EXPECT_EQ(Value(GoParseInt("0_17", 64)), 15);
  EXPECT_EQ(Value(GoParseInt("0b101", 64)), 5);
  EXPECT_EQ(Value(GoParseInt("1_000_000", 64)), 1000000);
  EXPECT_EQ(Value(GoParseInt("0x_1", 64)), 1);
  EXPECT_EQ(Value(GoParseInt("-128", 8)), -128);
  EXPECT_EQ(Value(GoParseInt("-9223372036854775808", 64)), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(Error(GoParseInt("128", 8)), R"(strconv.ParseInt: parsing "128": value out of range)");
  EXPECT_EQ(Error(GoParseInt("-129", 8)),
            R"(strconv.ParseInt: parsing "-129": value out of range)");
  EXPECT_EQ(Error(GoParseInt("9223372036854775808", 64)),
            R"(strconv.ParseInt: parsing "9223372036854775808": value out of range)");
  EXPECT_EQ(Error(GoParseInt("08", 64)), R"(strconv.ParseInt: parsing "08": invalid syntax)");
  EXPECT_EQ(Error(GoParseInt("1__0", 64)), R"(strconv.ParseInt: parsing "1__0": invalid syntax)");
  EXPECT_EQ(Error(GoParseInt("", 64)), R"(strconv.ParseInt: parsing "": invalid syntax)");
  EXPECT_EQ(Error(GoParseInt("-", 64)), R"(strconv.ParseInt: parsing "-": invalid syntax)");
}

TEST(GoStrconvTest, ParseUintBaseZero) {
  EXPECT_EQ(Value(GoParseUint("0377", 8)), 255u);
  EXPECT_EQ(Value(GoParseUint("0xffffffffffffffff", 64)), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(Error(GoParseUint("256", 8)),
            R"(strconv.ParseUint: parsing "256": value out of range)");
  EXPECT_EQ(Error(GoParseUint("18446744073709551616", 64)),
            R"(strconv.ParseUint: parsing "18446744073709551616": value out of range)");
  EXPECT_EQ(Error(GoParseUint("-1", 64)), R"(strconv.ParseUint: parsing "-1": invalid syntax)");
  EXPECT_EQ(Error(GoParseUint("1.5", 64)), R"(strconv.ParseUint: parsing "1.5": invalid syntax)");
}

// Requirement: ParseFloat's syntax (hex needs p; no 0o/0b; a leading 0 is decimal), correct
// rounding, Inf on overflow is an error, underflow to 0 is not.
TEST(GoStrconvTest, ParseFloat64) {
  EXPECT_EQ(Value(GoParseFloat64("017")), 17.0);
  EXPECT_EQ(Value(GoParseFloat64("089.5")), 89.5);
  EXPECT_EQ(Value(GoParseFloat64("1_000.5")), 1000.5);
  EXPECT_EQ(Value(GoParseFloat64(".5")), 0.5);
  EXPECT_EQ(Value(GoParseFloat64("5.")), 5.0);
  EXPECT_EQ(Value(GoParseFloat64("1E6")), 1e6);
  EXPECT_EQ(Value(GoParseFloat64("0x1p-2")), 0.25);
  EXPECT_EQ(Value(GoParseFloat64("0x.8p1")), 1.0);
  EXPECT_EQ(Value(GoParseFloat64("0X1.8P+1")), 3.0);
  EXPECT_EQ(Value(GoParseFloat64("1e-400")), 0.0);
  EXPECT_EQ(Value(GoParseFloat64("4.9e-324")), 5e-324);
  EXPECT_EQ(Value(GoParseFloat64("1.7976931348623158e308")), std::numeric_limits<double>::max());
  EXPECT_TRUE(std::signbit(Value(GoParseFloat64("-0"))));
  EXPECT_EQ(Value(GoParseFloat64("-Inf")), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(std::bit_cast<uint64_t>(Value(GoParseFloat64("NaN"))), kGoCanonicalNaN64);
  EXPECT_EQ(Error(GoParseFloat64("1e400")),
            R"(strconv.ParseFloat: parsing "1e400": value out of range)");
  EXPECT_EQ(Error(GoParseFloat64("1.7976931348623159e308")),
            R"(strconv.ParseFloat: parsing "1.7976931348623159e308": value out of range)");
  EXPECT_EQ(Error(GoParseFloat64("0x1p1024")),
            R"(strconv.ParseFloat: parsing "0x1p1024": value out of range)");
  EXPECT_EQ(Error(GoParseFloat64("0x10")), R"(strconv.ParseFloat: parsing "0x10": invalid syntax)");
  EXPECT_EQ(Error(GoParseFloat64("0o17")), R"(strconv.ParseFloat: parsing "0o17": invalid syntax)");
  EXPECT_EQ(Error(GoParseFloat64("0b1")), R"(strconv.ParseFloat: parsing "0b1": invalid syntax)");
  EXPECT_EQ(Error(GoParseFloat64("1e")), R"(strconv.ParseFloat: parsing "1e": invalid syntax)");
  EXPECT_EQ(Error(GoParseFloat64("-NaN")), R"(strconv.ParseFloat: parsing "-NaN": invalid syntax)");
}

// Regression: glibc 2.36's strtof rounds 0x1.000001p-150 to 0; Go (correctly) to the smallest
// denormal. Hex floats are therefore rounded by a port of Go's atofHex.
TEST(GoStrconvTest, ParseFloat32RoundsHexDenormalsAsGo) {
  EXPECT_EQ(std::bit_cast<uint32_t>(Value(GoParseFloat32("0x1.000001p-150"))), 1u);
  EXPECT_EQ(std::bit_cast<uint32_t>(Value(GoParseFloat32("0x1p-150"))), 0u);  // a tie: to even
  EXPECT_EQ(std::bit_cast<uint32_t>(Value(GoParseFloat32("0x1.8p-149"))), 2u);
  EXPECT_EQ(std::bit_cast<uint64_t>(Value(GoParseFloat64("0x1.00000000000008p0"))),
            std::bit_cast<uint64_t>(1.0));  // a tie
  EXPECT_EQ(std::bit_cast<uint64_t>(Value(GoParseFloat64("0x1.000000000000080000001p0"))),
            std::bit_cast<uint64_t>(1.0) + 1);  // past the 16th digit, still above the tie
}

TEST(GoStrconvTest, ParseFloat32) {
  EXPECT_EQ(Value(GoParseFloat32("0.1")), 0.1f);
  EXPECT_EQ(Value(GoParseFloat32("16777217")), 16777216.0f);
  EXPECT_EQ(Value(GoParseFloat32("3.4028235677973366e38")), std::numeric_limits<float>::max());
  EXPECT_EQ(std::bit_cast<uint32_t>(Value(GoParseFloat32("NaN"))), kGoCanonicalNaN32);
  EXPECT_EQ(std::bit_cast<uint32_t>(Value(GoParseFloat32("1e-46"))), 0u);
  EXPECT_EQ(Error(GoParseFloat32("3.4028235677973367e38")),
            R"(strconv.ParseFloat: parsing "3.4028235677973367e38": value out of range)");
  EXPECT_EQ(Error(GoParseFloat32("1e39")),
            R"(strconv.ParseFloat: parsing "1e39": value out of range)");
}

// Requirement: every Go escape, in strings (bytes for \x and octal) and in rune literals.
TEST(GoStrconvTest, UnquotesLiteralsGoScannerAccepted) {
  EXPECT_EQ(GoUnquoteString(R"("\a\b\f\n\r\t\v\\\"")"), "\a\b\f\n\r\t\v\\\"");
  EXPECT_EQ(GoUnquoteString(R"("\x00\xff\377\101")"), std::string("\x00\xff\xff"
                                                                  "A",
                                                                  4));
  EXPECT_EQ(GoUnquoteString(R"("\u00e9\U0001F600")"), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(GoUnquoteString("\"h\xc3\xa9'\""), "h\xc3\xa9'");
  EXPECT_EQ(GoUnquoteString("`a\\n\r\"b`"), "a\\n\"b");  // raw: no escapes, CRs dropped
  EXPECT_EQ(GoUnquoteRune("'a'"), 'a');
  EXPECT_EQ(GoUnquoteRune(R"('\'')"), '\'');
  EXPECT_EQ(GoUnquoteRune("'\"'"), '"');
  EXPECT_EQ(GoUnquoteRune(R"('\xff')"), 0xff);
  EXPECT_EQ(GoUnquoteRune(R"('\377')"), 0xff);
  EXPECT_EQ(GoUnquoteRune(R"('\u2603')"), 0x2603);
  EXPECT_EQ(GoUnquoteRune(R"('\U0010ffff')"), 0x10ffff);
  EXPECT_EQ(GoUnquoteRune("'\xe2\x98\x83'"), 0x2603);
}

}  // namespace
}  // namespace hivefuzz
