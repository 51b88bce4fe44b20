// Tests of the comparison-guided mutations and crossover: exact outcomes for input-to-state
// replacement, reachability of every form of operand insertion and crossover, and bounds.
#include "mutator/guided_mutations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mutator/splicing.h"

namespace hivefuzz {
namespace {

// Bytes written as numbers, for inputs that are not printable.
std::string B(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::string Le32(uint32_t v) {
  return B({int(v & 255), int(v >> 8 & 255), int(v >> 16 & 255), int(v >> 24)});
}
std::string Be32(uint32_t v) {
  return B({int(v >> 24), int(v >> 16 & 255), int(v >> 8 & 255), int(v & 255)});
}

std::span<const uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string TokenString(const Token& t) {
  return std::string(reinterpret_cast<const char*>(t.bytes), t.size);
}

BytesComparison BytesCmp(const std::string& a, const std::string& b) {
  return {MakeToken(AsBytes(a)), MakeToken(AsBytes(b))};
}

// One mutation as a callable on (data, size, max_size, rng).
using Mutation = std::function<bool(uint8_t*, size_t*, size_t, Rng&)>;

// Applies `mutate` to a copy of `input` in a buffer of `max_size` bytes; the result (or the
// untouched input) goes to *out.
bool Apply(const Mutation& mutate, const std::string& input, size_t max_size, Rng& rng,
           std::string* out) {
  std::vector<uint8_t> buf(max_size + 1);  // +1: data() is never null
  std::memcpy(buf.data(), input.data(), input.size());
  size_t size = input.size();
  bool applied = mutate(buf.data(), &size, max_size, rng);
  out->assign(reinterpret_cast<const char*>(buf.data()), size);
  return applied;
}

// Every distinct outcome of `tries` applications; fails the test if one does not apply.
std::set<std::string> Outcomes(const Mutation& mutate, const std::string& input, size_t max_size,
                               int tries, uint64_t seed = 1) {
  Rng rng(seed);
  std::set<std::string> seen;
  std::string out;
  for (int i = 0; i < tries; i++) {
    EXPECT_TRUE(Apply(mutate, input, max_size, rng, &out)) << "try " << i;
    seen.insert(out);
  }
  return seen;
}

Mutation IntI2S(std::vector<IntComparison> cmps) {
  return
      [cmps](uint8_t* d, size_t* s, size_t m, Rng& r) { return InputToStateInt(d, s, m, cmps, r); };
}

Mutation BytesI2S(std::vector<BytesComparison> cmps) {
  return [cmps](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return InputToStateBytes(d, s, m, cmps, r);
  };
}

// Expects that `mutate` always turns `input` into `expected` and nothing else.
void ExpectOnlyOutcome(const Mutation& mutate, const std::string& input, size_t max_size,
                       const std::string& expected) {
  std::set<std::string> seen = Outcomes(mutate, input, max_size, 200);
  EXPECT_EQ(seen, std::set<std::string>{expected});
}

// Expects that `mutate` never applies to `input`, and leaves it untouched.
void ExpectNeverApplies(const Mutation& mutate, const std::string& input, size_t max_size) {
  Rng rng(5);
  std::string out;
  for (int i = 0; i < 200; i++) {
    ASSERT_FALSE(Apply(mutate, input, max_size, rng, &out));
    ASSERT_EQ(out, input);
  }
}

constexpr uint32_t kSeen = 0x11223344;
constexpr uint32_t kWanted = 0xdeadbeef;

// Requirement: the seen operand, little-endian in the input, is replaced by the wanted one.
TEST(InputToStateIntTest, ReplacesLittleEndianOperand) {
  ExpectOnlyOutcome(IntI2S({{kSeen, kWanted, 4}}), "head" + Le32(kSeen) + "tail", 64,
                    "head" + Le32(kWanted) + "tail");
}

TEST(InputToStateIntTest, ReplacesBigEndianOperand) {
  ExpectOnlyOutcome(IntI2S({{kSeen, kWanted, 4}}), "head" + Be32(kSeen) + "tail", 64,
                    "head" + Be32(kWanted) + "tail");
}

// Requirement: either operand may be the one in the input (the order of a and b in a
// comparison says nothing about which came from the input).
TEST(InputToStateIntTest, ReplacesEitherOperand) {
  ExpectOnlyOutcome(IntI2S({{kWanted, kSeen, 4}}), "head" + Le32(kSeen) + "tail", 64,
                    "head" + Le32(kWanted) + "tail");
}

// Requirement: seen+1 and seen-1 in the input (a target that compares x-1 or x+1) become
// wanted+1 and wanted-1, so that the comparison sees wanted.
TEST(InputToStateIntTest, ReplacesOffByOneForms) {
  ExpectOnlyOutcome(IntI2S({{kSeen, kWanted, 4}}), Le32(kSeen + 1), 4, Le32(kWanted + 1));
  ExpectOnlyOutcome(IntI2S({{kSeen, kWanted, 4}}), Be32(kSeen - 1), 4, Be32(kWanted - 1));
}

TEST(InputToStateIntTest, EightByteOperands) {
  const uint64_t seen = 0x0102030405060708, wanted = 0xa1a2a3a4a5a6a7a8;
  ExpectOnlyOutcome(IntI2S({{seen, wanted, 8}}), B({9, 8, 7, 6, 5, 4, 3, 2, 1, 9}), 10,
                    B({9, 0xa8, 0xa7, 0xa6, 0xa5, 0xa4, 0xa3, 0xa2, 0xa1, 9}));
}

// Requirement: a comparison of a char widened to an int matches the single input byte,
// zero- or sign-extended.
TEST(InputToStateIntTest, NarrowsOperandsThatFitFewerBytes) {
  ExpectOnlyOutcome(IntI2S({{'A', 'Z', 4}}), "xxAxx", 5, "xxZxx");
  ExpectOnlyOutcome(IntI2S({{0xffffff80, 5, 4}}), B({1, 0x80, 1}), 3, B({1, 5, 1}));
  ExpectOnlyOutcome(IntI2S({{0x1234, 0x10, 8}}), B({0x34, 0x12}), 2, B({0x10, 0}));
}

// Requirement: a match in the full width wins over a narrower one anywhere in the input.
TEST(InputToStateIntTest, PrefersTheWidestMatch) {
  ExpectOnlyOutcome(IntI2S({{'A', 'Z', 4}}), "A..AA." + Le32('A') + ".A.", 64,
                    "A..AA." + Le32('Z') + ".A.");
}

// Requirement: the search starts at a random offset and wraps, so every occurrence is
// replaced in some draw.
TEST(InputToStateIntTest, ReplacesEachOccurrenceSometimes) {
  const std::string x = Le32(kSeen);
  std::set<std::string> seen =
      Outcomes(IntI2S({{kSeen, kWanted, 4}}), x + "." + x + "." + x, 64, 300);
  const std::string y = Le32(kWanted);
  EXPECT_EQ(seen, (std::set<std::string>{y + "." + x + "." + x, x + "." + y + "." + x,
                                         x + "." + x + "." + y}));
}

TEST(InputToStateIntTest, ReturnsFalseWhenNoOperandIsInTheInput) {
  ExpectNeverApplies(IntI2S({{kSeen, kWanted, 4}}), "head" + Le32(kSeen + 2) + "tail", 64);
  ExpectNeverApplies(IntI2S({{kSeen, kWanted, 4}}), "", 64);
  ExpectNeverApplies(IntI2S({}), "head" + Le32(kSeen) + "tail", 64);
  // The operand cut by the end of the input.
  ExpectNeverApplies(IntI2S({{kSeen, kWanted, 4}}), Le32(kSeen).substr(0, 3), 64);
}

TEST(InputToStateIntTest, SkipsEqualOperandsAndBadSizes) {
  ExpectNeverApplies(IntI2S({{kSeen, kSeen, 4}}), Le32(kSeen), 4);
  // Equal in the low `size` bytes, which are all that count.
  ExpectNeverApplies(IntI2S({{0xff00000041, 0x41, 4}}), "A", 4);
  ExpectNeverApplies(IntI2S({{'A', 'Z', 3}, {'A', 'Z', 0}, {'A', 'Z', 16}}), "AAAA", 4);
}

// Requirement: a comparison that applies is found among others that do not.
TEST(InputToStateIntTest, TriesSeveralComparisons) {
  std::vector<IntComparison> cmps = {{1000, 2000, 4}, {kSeen, kWanted, 4}};
  Rng rng(3);
  std::string out;
  int applied = 0;
  for (int i = 0; i < 1000; i++) applied += Apply(IntI2S(cmps), Le32(kSeen), 4, rng, &out);
  // One draw succeeds with probability 1/2, so four fail together 1/16 of the time.
  EXPECT_GT(applied, 900);
  EXPECT_LT(applied, 990);
}

TEST(InputToStateIntTest, ReportsTheWrittenBytes) {
  const std::vector<IntComparison> cmps = {{kSeen, kWanted, 4}};
  std::string input = "ab" + Be32(kSeen);
  size_t size = input.size();
  Rng rng(1);
  Token written;
  ASSERT_TRUE(
      InputToStateInt(reinterpret_cast<uint8_t*>(input.data()), &size, size, cmps, rng, &written));
  EXPECT_EQ(TokenString(written), Be32(kWanted));
}

TEST(InputToStateBytesTest, ReplacesAndGrows) {
  ExpectOnlyOutcome(BytesI2S({BytesCmp("HELLO", "WORLD!")}), "say HELLO there", 64,
                    "say WORLD! there");
}

TEST(InputToStateBytesTest, ReplacesAndShrinks) {
  ExpectOnlyOutcome(BytesI2S({BytesCmp("HI", "WORLD!")}), "say WORLD! there", 64, "say HI there");
}

// Requirement: when the whole operand is absent, a prefix of at least kMinPrefixMatch bytes
// of it is replaced by the whole other operand (a text keyword, half the time, over the rest
// of the word too).
TEST(InputToStateBytesTest, ReplacesAPrefix) {
  const BytesComparison cmp = BytesCmp("HELLO WORLD", "GOODBYE");
  EXPECT_EQ(Outcomes(BytesI2S({cmp}), "xxHELLx y", 64, 200),
            (std::set<std::string>{"xxGOODBYEx y", "xxGOODBYE y"}));
  ExpectOnlyOutcome(BytesI2S({cmp}), "xxHELLO", 64, "xxGOODBYE");
  ExpectNeverApplies(BytesI2S({cmp}), "xxHELx", 64);
}

// Requirement: a printable keyword written over the first bytes of a longer word (a
// std::string_view lookup compares min(len) bytes) replaces, half the time, the whole word up to
// the next separator; a binary operand replaces only the bytes compared.
TEST(InputToStateBytesTest, ATextKeywordMayReplaceTheWholeWord) {
  EXPECT_EQ(
      Outcomes(BytesI2S({BytesCmp("sys.banner", "sys.Bq#xyz")}), "SET sys.Bq#xyzw 1\n", 64, 200),
      (std::set<std::string>{"SET sys.banner 1\n", "SET sys.bannerw 1\n"}));
  ExpectOnlyOutcome(BytesI2S({BytesCmp("\x01\x02\x03\x04", "\xff\xfe\xfd\xfc")}),
                    "\xff\xfe\xfd\xfc\x80\x81 ", 64, "\x01\x02\x03\x04\x80\x81 ");
}

// Requirement: the whole operand wins over a prefix elsewhere.
TEST(InputToStateBytesTest, PrefersTheWholeOperand) {
  ExpectOnlyOutcome(BytesI2S({BytesCmp("HELLO", "WORLD!")}), "HELL HELLO HELL", 64,
                    "HELL WORLD! HELL");
}

TEST(InputToStateBytesTest, ReturnsFalseWhenItDoesNotApply) {
  ExpectNeverApplies(BytesI2S({BytesCmp("HELLO", "WORLD!")}), "say hello there", 64);
  ExpectNeverApplies(BytesI2S({BytesCmp("HELLO", "HELLO")}), "HELLO", 64);
  ExpectNeverApplies(BytesI2S({BytesCmp("", "HELLO")}), "HELLO", 64);
  ExpectNeverApplies(BytesI2S({}), "HELLO", 64);
  // Growing past max_size does not apply.
  ExpectNeverApplies(BytesI2S({BytesCmp("HELLO", "WORLD!")}), "say HELLO", 9);
}

TEST(InputToStateBytesTest, ReportsTheWrittenBytes) {
  const std::vector<BytesComparison> cmps = {BytesCmp("HELLO", "WORLD!")};
  std::vector<uint8_t> buf(16);
  std::memcpy(buf.data(), "HELLO", 5);
  size_t size = 5;
  Rng rng(1);
  Token written;
  ASSERT_TRUE(InputToStateBytes(buf.data(), &size, buf.size(), cmps, rng, &written));
  EXPECT_EQ(TokenString(written), "WORLD!");
}

TEST(TokenTest, MakeTokenKeepsAtMostKMaxTokenSizeBytes) {
  std::string long_string(100, 'x');
  long_string[63] = 'y';
  const Token t = MakeToken(AsBytes(long_string));
  EXPECT_EQ(TokenString(t), long_string.substr(0, kMaxTokenSize));
  EXPECT_EQ(MakeToken({}).size, 0);
}

// Requirement: an inserted integer operand is reached in both byte orders, exactly and +-1,
// at the start and at the end.
TEST(InsertOperandTest, IntOperandReachesEveryForm) {
  const std::vector<IntComparison> cmps = {{0x01020304, 0x01020304, 4}};
  Mutation insert = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return InsertIntOperand(d, s, m, cmps, r);
  };
  std::set<std::string> seen = Outcomes(insert, "ab", 6, 2000);
  const std::set<std::string> words = {Le32(0x01020304), Be32(0x01020304), Le32(0x01020305),
                                       Be32(0x01020305), Le32(0x01020303), Be32(0x01020303)};
  std::set<std::string> expected;
  for (const std::string& w : words) {
    expected.insert(w + "ab");
    expected.insert("a" + w + "b");
    expected.insert("ab" + w);
  }
  EXPECT_EQ(seen, expected);
}

// Requirement: a small value of a wide comparison is written in each width it fits.
TEST(InsertOperandTest, IntOperandIsWrittenInEachWidthItFits) {
  const std::vector<IntComparison> cmps = {{'A', 'A', 8}};
  Mutation overwrite = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return OverwriteWithIntOperand(d, s, m, cmps, r);
  };
  std::set<size_t> widths;
  for (const std::string& out : Outcomes(overwrite, std::string(8, '.'), 8, 2000)) {
    ASSERT_EQ(out.size(), 8u);
    size_t first = out.find_first_not_of('.'), last = out.find_last_not_of('.');
    widths.insert(last - first + 1);
  }
  EXPECT_EQ(widths, (std::set<size_t>{1, 2, 4, 8}));
}

TEST(InsertOperandTest, IntOperandThatDoesNotFitIsNotWritten) {
  const std::vector<IntComparison> cmps = {{kSeen, kWanted, 4}};
  ExpectNeverApplies(
      [&](uint8_t* d, size_t* s, size_t m, Rng& r) { return InsertIntOperand(d, s, m, cmps, r); },
      "abc", 6);
  ExpectNeverApplies([&](uint8_t* d, size_t* s, size_t m,
                         Rng& r) { return OverwriteWithIntOperand(d, s, m, cmps, r); },
                     "abc", 64);
}

TEST(InsertOperandTest, BytesOperandIsWrittenWhole) {
  const std::vector<BytesComparison> cmps = {BytesCmp("HELLO", "WORLD!")};
  Mutation insert = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return InsertBytesOperand(d, s, m, cmps, r);
  };
  EXPECT_EQ(
      Outcomes(insert, "ab", 64, 500),
      (std::set<std::string>{"HELLOab", "aHELLOb", "abHELLO", "WORLD!ab", "aWORLD!b", "abWORLD!"}));
  Mutation overwrite = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return OverwriteWithBytesOperand(d, s, m, cmps, r);
  };
  EXPECT_EQ(Outcomes(overwrite, "abcdef", 64, 500),
            (std::set<std::string>{"HELLOf", "aHELLO", "WORLD!"}));
}

TEST(InsertOperandTest, EmptyBytesOperandIsNeverChosen) {
  const std::vector<BytesComparison> cmps = {BytesCmp("", "XY")};
  Mutation insert = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return InsertBytesOperand(d, s, m, cmps, r);
  };
  EXPECT_EQ(Outcomes(insert, "", 8, 100), std::set<std::string>{"XY"});
}

TEST(InsertOperandTest, ReportsTheWrittenBytes) {
  const std::vector<BytesComparison> cmps = {BytesCmp("", "XY")};
  std::vector<uint8_t> buf(8);
  size_t size = 0;
  Rng rng(1);
  Token written;
  ASSERT_TRUE(InsertBytesOperand(buf.data(), &size, buf.size(), cmps, rng, &written));
  EXPECT_EQ(TokenString(written), "XY");
}

// All outcomes of CrossOver(data, other) allowed by its three definitions.
std::set<std::string> AllCrossOvers(const std::string& data, const std::string& other,
                                    size_t max_size) {
  std::set<std::string> all;
  const size_t len = data.size();
  for (size_t from = 0; from < other.size(); from++) {
    for (size_t n = 1; from + n <= other.size(); n++) {
      const std::string chunk = other.substr(from, n);
      for (size_t to = 0; to <= len && len + n <= max_size; to++) {  // insert
        all.insert(data.substr(0, to) + chunk + data.substr(to));
      }
      for (size_t to = 0; to + n <= len; to++) {  // overwrite
        all.insert(data.substr(0, to) + chunk + data.substr(to + n));
      }
    }
    for (size_t keep = 0; keep <= len; keep++) {  // splice
      if (keep + other.size() - from <= max_size)
        all.insert(data.substr(0, keep) + other.substr(from));
    }
  }
  return all;
}

// Requirement: CrossOver produces exactly the outcomes of insert, overwrite and splice (a
// concatenation is an insert of the whole other input), and reaches each of them.
TEST(CrossOverTest, ReachesExactlyTheDefinedOutcomes) {
  struct Case {
    std::string data, other;
    size_t max_size;
  };
  for (const Case& c : {Case{"abcd", "WXYZ", 8}, Case{"abcd", "WXYZ", 4}, Case{"", "WXY", 2},
                        Case{"abcdef", "W", 6}, Case{"ab", "VWXYZ", 5}}) {
    SCOPED_TRACE(c.data + " x " + c.other + " max " + std::to_string(c.max_size));
    Mutation cross = [&](uint8_t* d, size_t* s, size_t m, Rng& r) {
      return CrossOver(d, s, m, AsBytes(c.other), r);
    };
    EXPECT_EQ(Outcomes(cross, c.data, c.max_size, 20000),
              AllCrossOvers(c.data, c.other, c.max_size));
  }
}

// Requirement: two whole inputs are joined often, in either order (a sequence of records
// found separately). Insert and splice alone give each join about 3% of the time.
TEST(CrossOverTest, ConcatenatesWholeInputsOften) {
  Mutation cross = [](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return CrossOver(d, s, m, AsBytes(std::string("XYZ")), r);
  };
  Rng rng(3);
  std::string out;
  int appended = 0, prepended = 0;
  for (int i = 0; i < 2000; i++) {
    ASSERT_TRUE(Apply(cross, "abc", 64, rng, &out));
    appended += out == "abcXYZ";
    prepended += out == "XYZabc";
  }
  EXPECT_GT(appended, 200);
  EXPECT_GT(prepended, 160);
}

TEST(CrossOverTest, NeedsAnotherInputAndRoom) {
  Rng rng(1);
  std::vector<uint8_t> buf(4, 'a');
  size_t size = 4;
  const std::string other = "xyz";
  EXPECT_FALSE(CrossOver(buf.data(), &size, 4, {}, rng));
  size = 0;
  EXPECT_FALSE(CrossOver(buf.data(), &size, 0, AsBytes(other), rng));
}

// Requirement: over random inputs, operands and sizes, every mutation keeps size <= max_size,
// writes nothing past max_size, leaves the input untouched when it returns false, changes it
// (or at least its size) only through bytes that it reports, and CrossOver always takes bytes
// from the other input.
TEST(GuidedMutationsTest, RandomRunsKeepInvariants) {
  constexpr size_t kGuard = 64;
  constexpr uint8_t kGuardByte = 0xa5;
  Rng rng(2024);
  std::vector<uint8_t> buf, before;
  for (int iter = 0; iter < 30000; iter++) {
    const size_t max_size = rng.Bool() ? rng.Below(16) : rng.Below(300);
    size_t size = rng.Bool() ? max_size : rng.BelowSize(max_size + 1);
    buf.assign(max_size + kGuard, kGuardByte);
    // Few distinct byte values, so that operands are often found.
    for (size_t i = 0; i < max_size; i++) buf[i] = static_cast<uint8_t>(rng.Below(4));
    auto random_bytes = [&](size_t n) {
      std::string s;
      for (size_t i = 0; i < n; i++) s.push_back(static_cast<char>(rng.Below(4)));
      return s;
    };
    std::vector<IntComparison> ints;
    std::vector<BytesComparison> strings;
    for (int i = 0; i < 3; i++) {
      const uint8_t widths[] = {1, 2, 4, 8, 3};
      ints.push_back({rng.Next64() & (rng.Bool() ? 0x0303030303030303 : 3),
                      rng.Below(2) ? rng.Next64() : rng.Below(4), widths[rng.Below(5)]});
      strings.push_back(BytesCmp(random_bytes(rng.Below(10)), random_bytes(rng.Below(70))));
    }
    const std::string other = random_bytes(rng.Below(40));
    for (int step = 0; step < 4; step++) {
      before.assign(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(size));
      const size_t size_before = size;
      Token written;
      bool applied = false;
      const uint32_t which = rng.Below(7);
      switch (which) {
        case 0:
          applied = InputToStateInt(buf.data(), &size, max_size, ints, rng, &written);
          if (applied) ASSERT_EQ(size, size_before);
          break;
        case 1:
          applied = InputToStateBytes(buf.data(), &size, max_size, strings, rng, &written);
          break;
        case 2:
          applied = InsertIntOperand(buf.data(), &size, max_size, ints, rng, &written);
          if (applied) ASSERT_EQ(size, size_before + written.size);
          break;
        case 3:
          applied = OverwriteWithIntOperand(buf.data(), &size, max_size, ints, rng, &written);
          if (applied) ASSERT_EQ(size, size_before);
          break;
        case 4:
          applied = InsertBytesOperand(buf.data(), &size, max_size, strings, rng, &written);
          if (applied) ASSERT_EQ(size, size_before + written.size);
          break;
        case 5:
          applied = OverwriteWithBytesOperand(buf.data(), &size, max_size, strings, rng, &written);
          if (applied) ASSERT_EQ(size, size_before);
          break;
        default: {
          // Other bytes are 0..3; mark those of `other` to see that some arrive.
          std::string marked = other;
          for (char& c : marked) c = static_cast<char>(c | 0x10);
          applied = CrossOver(buf.data(), &size, max_size, AsBytes(marked), rng);
          ASSERT_EQ(applied, !other.empty() && max_size > 0);
          if (applied) {
            bool has_other_byte = false;
            for (size_t i = 0; i < size; i++) has_other_byte |= (buf[i] & 0x10) != 0;
            ASSERT_TRUE(has_other_byte);
            for (size_t i = 0; i < size; i++) buf[i] &= 3;  // back to the 0..3 alphabet
          }
          break;
        }
      }
      ASSERT_LE(size, max_size) << "mutation " << which;
      if (!applied) {
        ASSERT_EQ(size, size_before) << "mutation " << which;
        ASSERT_EQ(0, std::memcmp(buf.data(), before.data(), size)) << "mutation " << which;
      } else if (which <= 5) {
        // The reported bytes are in the result.
        const std::string result(reinterpret_cast<const char*>(buf.data()), size);
        ASSERT_NE(result.find(TokenString(written)), std::string::npos) << "mutation " << which;
        ASSERT_GT(written.size, 0) << "mutation " << which;
      }
    }
    for (size_t i = max_size; i < buf.size(); i++) {
      ASSERT_EQ(buf[i], kGuardByte) << "byte " << i - max_size << " past max_size=" << max_size;
    }
  }
}

// Error guessing: the same mutations in heap buffers of exactly max_size bytes, so that ASan
// reports any read or write past the end (the guard test above cannot see reads).
TEST(GuidedMutationsTest, ExactSizeBuffersStayInBounds) {
  Rng rng(77);
  const std::vector<IntComparison> ints = {{0, 1, 1}, {0, 0x0100, 2}, {1, 0, 4}, {0, 1, 8}};
  const std::vector<BytesComparison> strings = {BytesCmp(B({0, 0, 0, 0, 0, 1}), B({1})),
                                                BytesCmp(B({0}), B({1, 1, 1}))};
  const std::string other(50, '\1');
  for (int iter = 0; iter < 5000; iter++) {
    const size_t max_size = 1 + rng.Below(iter % 2 ? 12 : 200);
    auto buf = std::make_unique<uint8_t[]>(max_size);
    for (size_t i = 0; i < max_size; i++) buf[i] = static_cast<uint8_t>(rng.Below(2));
    size_t size = rng.BelowSize(max_size + 1);
    for (int step = 0; step < 8; step++) {
      InputToStateInt(buf.get(), &size, max_size, ints, rng);
      InputToStateBytes(buf.get(), &size, max_size, strings, rng);
      InsertIntOperand(buf.get(), &size, max_size, ints, rng);
      OverwriteWithBytesOperand(buf.get(), &size, max_size, strings, rng);
      ASSERT_TRUE(CrossOver(buf.get(), &size, max_size, AsBytes(other), rng));
      ASSERT_LE(size, max_size);
      for (size_t i = 0; i < size; i++) buf[i] &= 1;
    }
  }
}

Mutation Resize(std::vector<IntComparison> cmps) {
  return [cmps](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return ResizeToComparedLength(d, s, m, cmps, r);
  };
}

// Requirement: a length the target compared the input's length with (`size < 18`) becomes the
// input's length, or one either side of it; the prefix is kept.
TEST(ResizeToComparedLengthTest, GrowsToTheComparedLength) {
  const std::string input = "0123456789";
  std::set<std::string> seen = Outcomes(Resize({{10, 18, 8}}), input, 64, 200);
  std::set<size_t> sizes;
  for (const std::string& out : seen) {
    sizes.insert(out.size());
    EXPECT_EQ(out.substr(0, input.size()), input);
  }
  EXPECT_EQ(sizes, (std::set<size_t>{17, 18, 19}));
}

TEST(ResizeToComparedLengthTest, ShrinksWithTheSizeAsEitherOperand) {
  std::set<std::string> seen = Outcomes(Resize({{4, 10, 8}}), "0123456789", 64, 200);
  EXPECT_EQ(seen, (std::set<std::string>{"012", "0123", "01234"}));
}

TEST(ResizeToComparedLengthTest, NeedsTheSizeAsAnOperandAndRoomForTheResult) {
  ExpectNeverApplies(Resize({{11, 18, 8}, {3, 3, 4}}), "0123456789", 64);
  ExpectNeverApplies(Resize({{10, 500, 8}}), "0123456789", 64);
}

Mutation Solve(std::vector<IntComparison> cmps) {
  return [cmps](uint8_t* d, size_t* s, size_t m, Rng& r) {
    return SolveIntComparisons(d, s, m, cmps, r);
  };
}

constexpr auto kA = IntComparison::Constant::kA;
constexpr auto kB = IntComparison::Constant::kB;

// Requirement: two comparisons of one merged branch (`len != 16 || size < 18`, the constant
// first as const_cmp passes it) are solved in one mutant: the length byte becomes 16 and the
// input grows to 18 bytes, its other bytes kept.
TEST(SolveIntComparisonsTest, SolvesAByteAndTheSizeAtOnce) {
  const std::string input = B({0x01, 0x05});
  std::set<std::string> seen = Outcomes(Solve({{16, 5, 1, kA}, {18, 2, 8, kA}}), input, 64, 400);
  std::set<size_t> sizes;
  for (const std::string& out : seen) {
    ASSERT_EQ(out.substr(0, 2), B({0x01, 16}));
    sizes.insert(out.size());
  }
  EXPECT_EQ(sizes, (std::set<size_t>{17, 18, 19}));
}

// Requirement: the constant is what is written, whichever side it is on; the input's operand
// is found in its width and byte order (here a big-endian 32-bit field) and replaced there.
TEST(SolveIntComparisonsTest, WritesTheConstantOverTheInputsOperand) {
  const std::string input = "ab" + Be32(kSeen) + "cd" + B({7});
  const std::string expected = "ab" + Be32(kWanted) + "cd" + B({9});
  ExpectOnlyOutcome(Solve({{kSeen, kWanted, 4, kB}, {9, 7, 1, kA}}), input, 64, expected);
}

// Requirement: of several bounds on the size, the largest wins (the deepest check).
TEST(SolveIntComparisonsTest, GrowsToTheLargestComparedSize) {
  std::set<std::string> seen =
      Outcomes(Solve({{2, 4, 8, kA}, {40, 4, 8, kA}, {'z', 'a', 1, kA}}), "abcd", 64, 400);
  std::set<size_t> sizes;
  for (const std::string& out : seen) sizes.insert(out.size());
  EXPECT_EQ(sizes, (std::set<size_t>{39, 40, 41}));
}

// Requirement: comparisons without a known constant, with equal operands, or whose operand is
// not in the input are not solved; when none is, nothing changes.
TEST(SolveIntComparisonsTest, NeedsAConstantAndTheOtherOperandInTheInput) {
  ExpectNeverApplies(Solve({{'a', 'z', 1, IntComparison::Constant::kNeither},
                            {'q', 'z', 1, kA},
                            {'a', 'a', 1, kA},
                            {500, 4, 8, kA}}),
                     "abcd", 64);
}

// ---- The comparison sweep ----

// The inputs the sweep's edits make of `input`, in the order they are listed.
std::vector<std::string> SweepOutcomes(const std::string& input, std::vector<IntComparison> ints,
                                       std::vector<BytesComparison> bytes, size_t max_edits,
                                       uint64_t seed = 1) {
  Rng rng(seed);
  std::vector<ComparisonEdit> edits;
  ListComparisonEdits(AsBytes(input), ints, bytes, max_edits, rng, &edits);
  EXPECT_LE(edits.size(), max_edits);
  std::vector<std::string> outcomes;
  for (const ComparisonEdit& edit : edits) {
    std::vector<uint8_t> buf(64);
    std::memcpy(buf.data(), input.data(), input.size());
    size_t size = input.size();
    EXPECT_TRUE(ApplyComparisonEdit(buf.data(), &size, buf.size(), edit));
    outcomes.emplace_back(reinterpret_cast<const char*>(buf.data()), size);
  }
  return outcomes;
}

// Requirement: each comparison against a constant whose other operand is in the input gives
// the edit that writes the constant there (re2's `t[1] == '<'` after `(?P`); one whose operand
// is absent gives none.
TEST(ListComparisonEditsTest, WritesEachConstantWhereTheInputHadTheOtherOperand) {
  std::vector<std::string> outcomes =
      SweepOutcomes("(?P\\W)", {{'<', '\\', 1, kA}, {'(', 'q', 1, kA}}, {}, 64);
  EXPECT_EQ(outcomes, std::vector<std::string>{"(?P<W)"});
}

// Requirement: a byte compared with a constant that is in the input several times is tried in
// up to four of its places, each once.
TEST(ListComparisonEditsTest, TriesUpToFourPlacesOfOneOperand) {
  std::vector<std::string> outcomes = SweepOutcomes("a.a.a.a.a.a", {{'b', 'a', 1, kA}}, {}, 64);
  EXPECT_EQ(outcomes.size(), 4u);
  std::set<std::string> distinct(outcomes.begin(), outcomes.end());
  EXPECT_EQ(distinct.size(), 4u);
  for (const std::string& out : outcomes) {
    EXPECT_EQ(std::count(out.begin(), out.end(), 'b'), 1) << out;
    EXPECT_EQ(out.size(), 11u);
  }
  // Two places: both, and no more.
  EXPECT_EQ(SweepOutcomes("xaxa", {{'b', 'a', 1, kA}}, {}, 64).size(), 2u);
}

// Requirement: byte strings are replaced whole, the input growing or shrinking; an integer
// comparison of two runtime values is tried either way round.
TEST(ListComparisonEditsTest, ReplacesByteStringsAndRuntimeValuesEitherWay) {
  EXPECT_EQ(SweepOutcomes("GET /x", {}, {BytesCmp("GET", "POST")}, 64),
            std::vector<std::string>{"POST /x"});
  EXPECT_EQ(SweepOutcomes("x=POST", {}, {BytesCmp("GET", "POST")}, 64),
            std::vector<std::string>{"x=GET"});
  EXPECT_EQ(SweepOutcomes("q", {{'x', 'q', 1, IntComparison::Constant::kNeither}}, {}, 64),
            std::vector<std::string>{"x"});
}

// Requirement: constants come first, then byte strings, then runtime values, so a cap keeps
// the comparisons most likely to be a format's keywords; the same edit from two comparisons is
// listed once.
TEST(ListComparisonEditsTest, ConstantsFirstAndNoDuplicates) {
  const std::vector<IntComparison> ints = {{'q', 'm', 1, IntComparison::Constant::kNeither},
                                           {'Z', 'A', 1, kA}};
  const std::vector<BytesComparison> bytes = {BytesCmp("bc", "BC")};
  for (uint64_t seed = 1; seed <= 20; seed++) {
    EXPECT_EQ(SweepOutcomes("A bc m", ints, bytes, 1, seed), std::vector<std::string>{"Z bc m"});
    EXPECT_EQ(SweepOutcomes("A bc m", ints, bytes, 2, seed),
              (std::vector<std::string>{"Z bc m", "A BC m"}));
    EXPECT_EQ(SweepOutcomes("A bc m", ints, bytes, 64, seed),
              (std::vector<std::string>{"Z bc m", "A BC m", "A bc q"}));
  }
  // A char compared as a byte and as an int: one edit.
  EXPECT_EQ(SweepOutcomes("A_", {{'Z', 'A', 1, kA}, {'Z', 'A', 4, kA}}, {}, 64),
            std::vector<std::string>{"Z_"});
}

// Requirement: an edit that would pass max_size, or that lies outside the input, does not
// apply and leaves the input alone.
TEST(ListComparisonEditsTest, ApplyChecksBounds) {
  std::vector<uint8_t> buf = {'G', 'E', 'T', 0, 0};
  size_t size = 3;
  ComparisonEdit grow{0, 3, MakeToken(AsBytes(std::string("POSTS")))};
  EXPECT_FALSE(ApplyComparisonEdit(buf.data(), &size, 4, grow));
  ComparisonEdit outside{2, 2, MakeToken(AsBytes(std::string("x")))};
  EXPECT_FALSE(ApplyComparisonEdit(buf.data(), &size, 5, outside));
  EXPECT_EQ(size, 3u);
  EXPECT_EQ(std::string(buf.begin(), buf.begin() + 3), "GET");
  EXPECT_TRUE(ApplyComparisonEdit(buf.data(), &size, 5, grow));
  EXPECT_EQ(std::string(buf.begin(), buf.begin() + long(size)), "POSTS");
}

}  // namespace
}  // namespace hivefuzz
