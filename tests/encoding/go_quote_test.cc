// Go's strconv quoting in C++ (go_quote.h): expected strings are what Go 1.19's %q prints.
// The Go compatibility test compares whole files with Go's own writer as well.
#include "encoding/go_quote.h"

#include <gtest/gtest.h>

#include <string>

namespace hivefuzz {
namespace {

// Requirement: the escapes strconv.Quote uses, and raw UTF-8 for printable runes.
TEST(GoQuoteTest, QuotesAsStrconvQuoteDoes) {
  EXPECT_EQ(GoQuote(""), "\"\"");
  EXPECT_EQ(GoQuote("abc"), "\"abc\"");
  EXPECT_EQ(GoQuote("\"\\"), R"("\"\\")");
  EXPECT_EQ(GoQuote("'`"), "\"'`\"");
  EXPECT_EQ(GoQuote("\a\b\f\n\r\t\v"), R"("\a\b\f\n\r\t\v")");
  EXPECT_EQ(GoQuote(std::string("\x00\x01\x1f\x7f", 4)), R"("\x00\x01\x1f\x7f")");
  EXPECT_EQ(GoQuote("\x80\xff"), R"("\x80\xff")");                  // not UTF-8
  EXPECT_EQ(GoQuote("\xc3"), R"("\xc3")");                          // truncated
  EXPECT_EQ(GoQuote("\xc0\x80"), R"("\xc0\x80")");                  // overlong
  EXPECT_EQ(GoQuote("\xed\xa0\x80"), R"("\xed\xa0\x80")");          // a surrogate half
  EXPECT_EQ(GoQuote("\xf4\x90\x80\x80"), R"("\xf4\x90\x80\x80")");  // above U+10FFFF
  EXPECT_EQ(GoQuote("h\xc3\xa9 \xe2\x8c\x98 \xf0\x9f\x98\x80"),
            "\"h\xc3\xa9 \xe2\x8c\x98 \xf0\x9f\x98\x80\"");
  EXPECT_EQ(GoQuote("\xef\xbf\xbd"), "\"\xef\xbf\xbd\"");  // U+FFFD itself is printable
  EXPECT_EQ(GoQuote("\xc2\x80"), R"("\u0080")");
  EXPECT_EQ(GoQuote("\xc2\xa0"), R"("\u00a0")");  // no-break space: not printable in Go
  EXPECT_EQ(GoQuote("\xc2\xad"), R"("\u00ad")");  // soft hyphen
  EXPECT_EQ(GoQuote("\xe2\x80\xa8"), R"("\u2028")");
  EXPECT_EQ(GoQuote("\xef\xbb\xbf"), R"("\ufeff")");
  EXPECT_EQ(GoQuote("\xf3\xa0\x80\x81"), R"("\U000e0001")");
  EXPECT_EQ(GoQuote("\xf4\x8f\xbf\xbf"), R"("\U0010ffff")");
}

// Requirement: %q on a rune; invalid runes print as U+FFFD (which is why the corpus writer
// uses int32(...) for them).
TEST(GoQuoteTest, QuotesRunesAsQuoteRuneDoes) {
  EXPECT_EQ(GoQuoteRune('A'), "'A'");
  EXPECT_EQ(GoQuoteRune('\''), R"('\'')");
  EXPECT_EQ(GoQuoteRune('"'), "'\"'");
  EXPECT_EQ(GoQuoteRune('\\'), R"('\\')");
  EXPECT_EQ(GoQuoteRune(0), R"('\x00')");
  EXPECT_EQ(GoQuoteRune('\n'), R"('\n')");
  EXPECT_EQ(GoQuoteRune(0x7f), R"('\x7f')");
  EXPECT_EQ(GoQuoteRune(0x80), R"('\u0080')");
  EXPECT_EQ(GoQuoteRune(0xff), "'\xc3\xbf'");
  EXPECT_EQ(GoQuoteRune(0x153), "'\xc5\x93'");
  EXPECT_EQ(GoQuoteRune(0xFFFD), "'\xef\xbf\xbd'");
  EXPECT_EQ(GoQuoteRune(0x10FFFF), R"('\U0010ffff')");
  EXPECT_EQ(GoQuoteRune(-1), "'\xef\xbf\xbd'");
  EXPECT_EQ(GoQuoteRune(0xD800), "'\xef\xbf\xbd'");
  EXPECT_EQ(GoQuoteRune(0x110000), "'\xef\xbf\xbd'");
}

// Requirement: the generated table agrees with Go's IsPrint at range edges (Go 1.19).
TEST(GoQuoteTest, IsPrintFollowsGosTable) {
  EXPECT_TRUE(GoIsPrint(' '));
  EXPECT_TRUE(GoIsPrint('~'));
  EXPECT_FALSE(GoIsPrint(0x7f));
  EXPECT_FALSE(GoIsPrint(0xa0));
  EXPECT_TRUE(GoIsPrint(0xa1));
  EXPECT_FALSE(GoIsPrint(0xad));
  EXPECT_TRUE(GoIsPrint(0xff));
  EXPECT_TRUE(GoIsPrint(0x377));
  EXPECT_FALSE(GoIsPrint(0x378));
  EXPECT_FALSE(GoIsPrint(0x3000));  // ideographic space
  EXPECT_TRUE(GoIsPrint(0x3001));
  EXPECT_FALSE(GoIsPrint(0xD800));
  EXPECT_TRUE(GoIsPrint(0x1F600));
  EXPECT_TRUE(GoIsPrint(0x3134A));
  EXPECT_FALSE(GoIsPrint(0x3134B));
  EXPECT_FALSE(GoIsPrint(0x10FFFF));
  EXPECT_FALSE(GoIsPrint(-1));
  EXPECT_FALSE(GoIsPrint(0x110000));
}

// Requirement: Go's UTF-8 decoder: {U+FFFD, 1} for anything invalid.
TEST(GoQuoteTest, DecodesUtf8AsGoDoes) {
  auto decode = [](std::string_view s) {
    GoDecodedRune d = GoDecodeRune(s);
    return std::make_pair(d.rune, d.width);
  };
  EXPECT_EQ(decode(""), std::make_pair(kGoRuneError, size_t{0}));
  EXPECT_EQ(decode("a"), std::make_pair(int32_t{'a'}, size_t{1}));
  EXPECT_EQ(decode("\xc3\xa9x"), std::make_pair(int32_t{0xe9}, size_t{2}));
  EXPECT_EQ(decode("\xe0\xa0\x80"), std::make_pair(int32_t{0x800}, size_t{3}));
  EXPECT_EQ(decode("\xe0\x9f\xbf"), std::make_pair(kGoRuneError, size_t{1}));  // overlong
  EXPECT_EQ(decode("\xed\x9f\xbf"), std::make_pair(int32_t{0xd7ff}, size_t{3}));
  EXPECT_EQ(decode("\xed\xa0\x80"), std::make_pair(kGoRuneError, size_t{1}));  // surrogate
  EXPECT_EQ(decode("\xf0\x90\x80\x80"), std::make_pair(int32_t{0x10000}, size_t{4}));
  EXPECT_EQ(decode("\xf4\x90\x80\x80"), std::make_pair(kGoRuneError, size_t{1}));
  EXPECT_EQ(decode("\xf5\x80\x80\x80"), std::make_pair(kGoRuneError, size_t{1}));
  EXPECT_EQ(decode("\xc3"), std::make_pair(kGoRuneError, size_t{1}));
  EXPECT_EQ(decode("\xe2\x82"), std::make_pair(kGoRuneError, size_t{1}));
  EXPECT_EQ(decode("\x80"), std::make_pair(kGoRuneError, size_t{1}));
}

}  // namespace
}  // namespace hivefuzz
