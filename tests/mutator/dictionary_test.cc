// Tests of dictionaries: every valid form of the file format and a located message for each
// invalid one, the round trip of FormatDictionaryEntry, dictionary mutations, AutoDictionary.
#include "mutator/dictionary.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "test_util.h"

namespace hivefuzz {
namespace {

std::span<const uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::vector<DictionaryEntry> ParseOk(std::string_view text) {
  Result<std::vector<DictionaryEntry>> r = ParseDictionary(text, "test.dict");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.status().message());
  return r.ok() ? r.value() : std::vector<DictionaryEntry>{};
}

std::string ParseError(std::string_view text) {
  Result<std::vector<DictionaryEntry>> r = ParseDictionary(text, "test.dict");
  EXPECT_FALSE(r.ok()) << "parsed: " << text;
  return r.ok() ? "" : r.status().message();
}

// Requirement: every valid form is accepted: bare and named values, levels, blanks around
// the line and around '=', comments, blank lines, CRLF line ends, every escape.
TEST(ParseDictionaryTest, AcceptsEveryValidForm) {
  const std::string text =
      "# a comment\n"
      "\n"
      "   \t\n"
      "\"GET \"\n"
      "kw1=\"POST\"\n"
      "  header_png = \"\\x89PNG\"  \n"
      "tag-name.v2@3=\"<a>\"\n"
      "@1=\"x\"\n"
      "spaced \"no equals\"\n"
      "   # an indented comment with \"quotes\"\n"
      "esc=\"a\\\\b\\\"c\\xffd\\x0a\\xAb\"\r\n"
      "raw=\"tab\there\"\n"
      "quote_only=\"\\\"\"\n"
      "last=\"no newline at the end\"";
  const std::vector<DictionaryEntry> expected = {
      {"GET ", "", 0},
      {"POST", "kw1", 0},
      {"\x89PNG", "header_png", 0},
      {"<a>", "tag-name.v2", 3},
      {"x", "", 1},
      {"no equals", "spaced", 0},
      {std::string("a\\b\"c\xff"
                   "d\n\xab"),
       "esc", 0},
      {"tab\there", "raw", 0},
      {"\"", "quote_only", 0},
      {"no newline at the end", "last", 0},
  };
  EXPECT_EQ(ParseOk(text), expected);
}

TEST(ParseDictionaryTest, EmptyAndCommentOnlyTextHasNoEntries) {
  EXPECT_TRUE(ParseOk("").empty());
  EXPECT_TRUE(ParseOk("# only\n\n  # comments\n").empty());
}

// Requirement: the message of the brief, word for word.
TEST(ParseDictionaryTest, MissingQuotesMessage) {
  Result<std::vector<DictionaryEntry>> r =
      ParseDictionary("\"a\"\n\"b\"\n#\n\n\"c\"\n\"d\"\nGET\n\"e\"\n", "corpus.dict");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "corpus.dict:7: expected a quoted value like \"GET \" or name=\"GET \"; found 'GET'");
}

struct BadCase {
  std::string line;
  std::string message_part;  // what the message must say
};

// Requirement: each kind of bad line is rejected with the file name, its line number and what
// is wrong, wherever it stands in the file.
TEST(ParseDictionaryTest, RejectsEachBadFormWithItsLineNumber) {
  const std::vector<BadCase> cases = {
      {"\"GET", "missing the closing quote"},
      {"kw=\"GET", "missing the closing quote"},
      {"\"GET\\\"", "missing the closing quote"},
      {"\"GET\\", "missing the closing quote"},
      {"\"a\\nb\"", "unknown escape '\\n': the only escapes are \\\\, \\\" and \\xNN"},
      {"\"a\\tb\"", "unknown escape '\\t'"},
      {"\"a\\0\"", "unknown escape '\\0'"},
      {"\"a\\xZZ\"", "bad escape '\\xZZ': \\x must be followed by two hex digits"},
      {"\"a\\x4\"", "bad escape '\\x4\"': \\x must be followed by two hex digits"},
      {"\"a\\x\"", "bad escape"},
      {"GET", "expected a quoted value like \"GET \" or name=\"GET \"; found 'GET'"},
      {"kw=GET", "expected a quoted value like \"GET \" or name=\"GET \"; found 'kw=GET'"},
      {"kw=", "expected a quoted value"},
      {"'GET'", "expected a quoted value"},
      {"kw==\"GET\"", "expected a quoted value"},
      {"k w=\"GET\"", "expected a quoted value"},
      {"\"\"", "empty value \"\""},
      {"kw=\"\"", "empty value"},
      {"\"GET\" # trailing comment",
       "unexpected text after the closing quote: '# trailing comment'"},
      {"\"GET\"x", "unexpected text after the closing quote: 'x'"},
      {"\"a\"b\"", "unexpected text after the closing quote: 'b\"'"},
      {"kw@=\"GET\"", "expected a level number after '@'"},
      {"kw@x=\"GET\"", "expected a level number after '@'"},
      {"kw@99999999999=\"GET\"", "level after '@' is too large"},
      {"\"caf\xc3\xa9\"", "byte \\xC3 inside the quotes must be written as the escape \\xC3"},
      {std::string("\"a\0b\"", 5), "byte \\x00"},
  };
  for (const BadCase& c : cases) {
    SCOPED_TRACE(c.line);
    for (int line : {1, 4}) {
      std::string text = line == 1 ? c.line + "\n\"ok\"\n" : "\"ok\"\n# x\n\n" + c.line + "\n";
      std::string message = ParseError(text);
      std::string where = "test.dict:" + std::to_string(line) + ": ";
      EXPECT_EQ(message.substr(0, where.size()), where) << message;
      EXPECT_NE(message.find(c.message_part), std::string::npos) << message;
    }
  }
}

// Requirement: a long or unprintable line is quoted shortened and escaped in the message.
TEST(ParseDictionaryTest, ErrorExcerptsAreShortAndPrintable) {
  std::string line = std::string("\x01") + std::string(200, 'a');
  std::string message = ParseError(line);
  EXPECT_NE(message.find("found '\\x01aaaa"), std::string::npos) << message;
  EXPECT_NE(message.find("...'"), std::string::npos) << message;
  EXPECT_LT(message.size(), 200u) << message;
}

TEST(FormatDictionaryEntryTest, EscapesExactlyWhatMustBeEscaped) {
  EXPECT_EQ(FormatDictionaryEntry("GET "), "\"GET \"");
  EXPECT_EQ(FormatDictionaryEntry(std::string("a\\b\"c\0\n\x7f\x80\xff~ ", 12)),
            "\"a\\\\b\\\"c\\x00\\x0A\\x7F\\x80\\xFF~ \"");
}

// Requirement: every byte value, alone and in a string, reads back identically.
TEST(FormatDictionaryEntryTest, RoundTripsAllByteValues) {
  std::string text;
  std::vector<std::string> expected;
  std::string all;
  for (int b = 0; b < 256; b++) {
    std::string one(1, static_cast<char>(b));
    text += FormatDictionaryEntry(one) + "\n";
    expected.push_back(one);
    all.push_back(static_cast<char>(b));
  }
  text += "name=" + FormatDictionaryEntry(all) + "\n";
  expected.push_back(all);
  std::vector<std::string> parsed;
  for (const DictionaryEntry& e : ParseOk(text)) parsed.push_back(e.bytes);
  EXPECT_EQ(parsed, expected);

  Rng rng(9);
  for (int i = 0; i < 1000; i++) {
    std::string s(1 + rng.Below(20), '\0');
    for (char& c : s) c = static_cast<char>(rng.Below(256));
    std::vector<DictionaryEntry> back = ParseOk(FormatDictionaryEntry(s));
    ASSERT_EQ(back.size(), 1u);
    ASSERT_EQ(back[0].bytes, s);
  }
}

TEST(LoadDictionaryFileTest, LoadsAFile) {
  TempDir dir;
  const std::string text = "# http\nverb=\"GET \"\n\"\\x00\\x01\"\n";
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "http.dict", AsBytes(text).data(), text.size()).ok());
  Result<std::vector<DictionaryEntry>> r = LoadDictionaryFile(JoinPath(dir.path(), "http.dict"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r.value(),
            (std::vector<DictionaryEntry>{{"GET ", "verb", 0}, {std::string("\0\1", 2), "", 0}}));
}

TEST(LoadDictionaryFileTest, ErrorsNameThePath) {
  TempDir dir;
  const std::string missing = JoinPath(dir.path(), "missing.dict");
  Result<std::vector<DictionaryEntry>> r = LoadDictionaryFile(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot load the dictionary"), std::string::npos);
  EXPECT_NE(r.status().message().find(missing), std::string::npos) << r.status().message();

  const std::string bad = "\"ok\"\nGET\n";
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "bad.dict", AsBytes(bad).data(), bad.size()).ok());
  r = LoadDictionaryFile(JoinPath(dir.path(), "bad.dict"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find(JoinPath(dir.path(), "bad.dict") + ":2: expected"), 0u)
      << r.status().message();

  const std::string empty = "# nothing here\n";
  ASSERT_TRUE(WriteFileAtomic(dir.path(), "empty.dict", AsBytes(empty).data(), empty.size()).ok());
  r = LoadDictionaryFile(JoinPath(dir.path(), "empty.dict"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no dictionary entries"), std::string::npos)
      << r.status().message();
}

// Regression: -dict=FIFO used to block forever waiting for a writer; it is refused at once,
// saying what the path is and what to give instead.
TEST(LoadDictionaryFileTest, AFifoIsRefusedWithoutBlocking) {
  TempDir dir;
  const std::string fifo = JoinPath(dir.path(), "words.dict");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  Result<std::vector<DictionaryEntry>> r = LoadDictionaryFile(fifo);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "cannot load the dictionary (-dict): " + fifo +
                                      " is a FIFO (named pipe), not a regular file; give a file");
  r = LoadDictionaryFile(dir.path());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(dir.path() + " is a directory"), std::string::npos)
      << r.status().message();
}

std::set<std::string> DictionaryOutcomes(bool insert, const std::string& input, size_t max_size,
                                         const std::vector<DictionaryEntry>& dict, int tries,
                                         int* applied_count = nullptr) {
  Rng rng(4);
  std::set<std::string> seen;
  int applied = 0;
  for (int i = 0; i < tries; i++) {
    std::vector<uint8_t> buf(max_size + 1);
    std::memcpy(buf.data(), input.data(), input.size());
    size_t size = input.size();
    const bool ok = insert ? InsertDictionaryEntry(buf.data(), &size, max_size, dict, rng)
                           : OverwriteWithDictionaryEntry(buf.data(), &size, max_size, dict, rng);
    applied += ok;
    std::string out(reinterpret_cast<const char*>(buf.data()), size);
    if (!ok) EXPECT_EQ(out, input);
    if (ok) seen.insert(out);
  }
  if (applied_count != nullptr) *applied_count = applied;
  return seen;
}

TEST(DictionaryMutationTest, InsertsAnEntryAtEveryPosition) {
  const std::vector<DictionaryEntry> dict = {{"XY", "", 0}, {"Z", "", 0}};
  EXPECT_EQ(DictionaryOutcomes(true, "ab", 4, dict, 500),
            (std::set<std::string>{"XYab", "aXYb", "abXY", "Zab", "aZb", "abZ"}));
}

TEST(DictionaryMutationTest, OverwritesWithAnEntryAtEveryPosition) {
  const std::vector<DictionaryEntry> dict = {{"XY", "", 0}};
  EXPECT_EQ(DictionaryOutcomes(false, "abc", 3, dict, 500), (std::set<std::string>{"XYc", "aXY"}));
}

TEST(DictionaryMutationTest, EntriesThatDoNotFitAreSkipped) {
  const std::vector<DictionaryEntry> too_big = {{"TOOLONG", "", 0}};
  int applied = 0;
  EXPECT_TRUE(DictionaryOutcomes(true, "ab", 8, too_big, 100, &applied).empty());
  EXPECT_EQ(applied, 0);
  EXPECT_TRUE(DictionaryOutcomes(false, "ab", 64, too_big, 100, &applied).empty());
  EXPECT_EQ(applied, 0);
  EXPECT_TRUE(DictionaryOutcomes(true, "ab", 64, {}, 100, &applied).empty());
  EXPECT_EQ(applied, 0);
  // With one entry that fits among ones that do not, up to 4 draws find it (p = 1 - 1/16).
  const std::vector<DictionaryEntry> mixed = {{"TOOLONG", "", 0}, {"X", "", 0}};
  EXPECT_EQ(DictionaryOutcomes(true, "ab", 3, mixed, 1000, &applied),
            (std::set<std::string>{"Xab", "aXb", "abX"}));
  EXPECT_GT(applied, 900);
  EXPECT_LT(applied, 990);
}

// Requirement: over random sizes and dictionaries, the size stays within max_size, nothing
// past max_size is written, and a mutation that does not apply changes nothing.
TEST(DictionaryMutationTest, RandomRunsKeepInvariants) {
  constexpr size_t kGuard = 64;
  constexpr uint8_t kGuardByte = 0xa5;
  Rng rng(31);
  std::vector<uint8_t> buf, before;
  for (int iter = 0; iter < 20000; iter++) {
    const size_t max_size = rng.Bool() ? rng.Below(12) : rng.Below(200);
    size_t size = rng.Bool() ? max_size : rng.BelowSize(max_size + 1);
    buf.assign(max_size + kGuard, kGuardByte);
    // Input bytes stay below 'D', so a 'D' in the result comes from an entry.
    for (size_t i = 0; i < max_size; i++) buf[i] = static_cast<uint8_t>(rng.Below(0x40));
    std::vector<DictionaryEntry> dict(rng.Below(4));
    for (DictionaryEntry& e : dict) e.bytes.assign(rng.Below(20), 'D');
    before.assign(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(size));
    const size_t size_before = size;
    const bool insert = rng.Bool();
    const bool applied = insert
                             ? InsertDictionaryEntry(buf.data(), &size, max_size, dict, rng)
                             : OverwriteWithDictionaryEntry(buf.data(), &size, max_size, dict, rng);
    ASSERT_LE(size, max_size);
    if (applied) {
      ASSERT_EQ(size > size_before, insert);
      ASSERT_NE(std::find(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(size), 'D'),
                buf.begin() + static_cast<ptrdiff_t>(size));
    } else {
      ASSERT_EQ(size, size_before);
      ASSERT_EQ(0, std::memcmp(buf.data(), before.data(), size));
    }
    for (size_t i = max_size; i < buf.size(); i++) ASSERT_EQ(buf[i], kGuardByte);
  }
}

TEST(AutoDictionaryTest, CountsUsesAndRanksByThem) {
  AutoDictionary dict;
  EXPECT_TRUE(dict.Add(AsBytes("GET ")));
  EXPECT_TRUE(dict.Add(AsBytes("POST")));
  EXPECT_FALSE(dict.Add(AsBytes("POST")));
  EXPECT_TRUE(dict.Add(AsBytes("ABC")));
  EXPECT_FALSE(dict.Add({}));
  EXPECT_EQ(dict.size(), 3u);
  EXPECT_EQ(dict.Uses("POST"), 2u);
  EXPECT_EQ(dict.Uses("GET "), 1u);
  EXPECT_EQ(dict.Uses("PUT"), 0u);
  EXPECT_EQ(dict.Entries(),
            (std::vector<DictionaryEntry>{{"POST", "", 0}, {"ABC", "", 0}, {"GET ", "", 0}}));
  const std::vector<DictionaryEntry> user = {{"POST", "verb", 0}};
  EXPECT_EQ(dict.Entries(user), (std::vector<DictionaryEntry>{{"ABC", "", 0}, {"GET ", "", 0}}));
}

TEST(AutoDictionaryTest, HoldsAtMostMaxEntries) {
  AutoDictionary dict(2);
  EXPECT_TRUE(dict.Add(AsBytes("a")));
  EXPECT_TRUE(dict.Add(AsBytes("b")));
  EXPECT_FALSE(dict.Add(AsBytes("c")));
  EXPECT_FALSE(dict.Add(AsBytes("a")));
  EXPECT_EQ(dict.size(), 2u);
  EXPECT_EQ(dict.Uses("a"), 2u);
  EXPECT_EQ(dict.Uses("c"), 0u);
}

// Requirement: the recommended dictionary is a file that ParseDictionary reads back.
TEST(AutoDictionaryTest, RecommendedDictionaryParsesBack) {
  AutoDictionary dict;
  EXPECT_EQ(dict.FormatRecommended(), "");
  const std::string binary("\0\xff\"\\\n", 5);
  dict.Add(AsBytes(binary));
  dict.Add(AsBytes(binary));
  dict.Add(AsBytes("GET "));
  const std::string text = dict.FormatRecommended();
  EXPECT_EQ(text.substr(0, 2), "# ");
  std::vector<DictionaryEntry> back = ParseOk(text);
  EXPECT_EQ(back, (std::vector<DictionaryEntry>{{binary, "", 0}, {"GET ", "", 0}}));
}

}  // namespace
}  // namespace hivefuzz
