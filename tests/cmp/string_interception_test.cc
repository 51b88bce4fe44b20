// Tests that calls of memcmp, strcmp and the rest reach the comparison table: through
// hf_cmp_interceptors in plain builds, through the sanitizer's interceptors and the weak hooks
// in ASan and TSan builds. Compiled with -fno-builtin, and every call goes through a volatile
// function pointer, so that the compiler can neither fold a call nor inline it.
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <string>
#include <utility>

#include "cmp/cmp_table.h"
#include "cmp_test_util.h"

// In C++, <cstring> declares strstr and strcasestr as const-overloaded pairs, neither of which
// has the C signature of the symbol; UBSan's -fsanitize=function rejects a call through such a
// pointer. These name the same symbols with their C types.
extern "C" char* StrstrSymbol(const char*, const char*) __asm__("strstr");
extern "C" char* StrcasestrSymbol(const char*, const char*) __asm__("strcasestr");

namespace hivefuzz::cmp {
namespace {

int (*volatile memcmp_fn)(const void*, const void*, size_t) = memcmp;
int (*volatile bcmp_fn)(const void*, const void*, size_t) = bcmp;
int (*volatile strcmp_fn)(const char*, const char*) = strcmp;
int (*volatile strncmp_fn)(const char*, const char*, size_t) = strncmp;
int (*volatile strcasecmp_fn)(const char*, const char*) = strcasecmp;
int (*volatile strncasecmp_fn)(const char*, const char*, size_t) = strncasecmp;
char* (*volatile strstr_fn)(const char*, const char*) = StrstrSymbol;
char* (*volatile strcasestr_fn)(const char*, const char*) = StrcasestrSymbol;
void* (*volatile memmem_fn)(const void*, size_t, const void*, size_t) = memmem;

using StringInterceptionTest = CmpTableFixture;

// The one byte comparison an execution recorded (a failure if there is not exactly one).
BytesComparison Only(const CmpTable& table) {
  auto entries = BytesEntries(table);
  EXPECT_EQ(entries.size(), 1u);
  return entries.empty() ? BytesComparison{} : entries[0];
}

// Requirement: memcmp and bcmp report both buffers (n bytes each) and still return the
// C library's answer.
TEST_F(StringInterceptionTest, MemcmpAndBcmp) {
  int result = 0;
  Execute([&] { result = memcmp_fn("hello, world", "help me now!", 12); });
  EXPECT_LT(result, 0);
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "hello, world");
  EXPECT_EQ(OperandB(c), "help me now!");
  EXPECT_EQ(c.flags, 0);

  Execute([&] { result = bcmp_fn("\x01\x02\x03\x04", "\x01\x02\x03\x05", 4); });
  EXPECT_NE(result, 0);
  c = Only(*table_);
  EXPECT_EQ(OperandA(c), "\x01\x02\x03\x04");
  EXPECT_EQ(OperandB(c), "\x01\x02\x03\x05");
}

// Requirement: equal comparisons and found substrings teach nothing and are not recorded.
TEST_F(StringInterceptionTest, EqualAndFoundAreNotRecorded) {
  Execute([] {
    EXPECT_EQ(memcmp_fn("same", "same", 4), 0);
    EXPECT_EQ(strcmp_fn("same", "same"), 0);
    EXPECT_EQ(strncmp_fn("same-a", "same-b", 5), 0);
    EXPECT_EQ(strcasecmp_fn("SAME", "same"), 0);
    EXPECT_NE(strstr_fn("haystack", "st"), nullptr);
    EXPECT_NE(memmem_fn("haystack", 8, "ys", 2), nullptr);
  });
  EXPECT_TRUE(BytesEntries(*table_).empty());
}

// Requirement: strcmp and strncmp report the strings up to the terminator, or n bytes.
TEST_F(StringInterceptionTest, StrcmpAndStrncmp) {
  int result = 0;
  Execute([&] { result = strcmp_fn("Content-Length", "Content-Type"); });
  EXPECT_LT(result, 0);
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "Content-Length");
  EXPECT_EQ(OperandB(c), "Content-Type");

  Execute([&] { result = strncmp_fn("GET /a HTTP", "PUT /b", 4); });
  EXPECT_LT(result, 0);
  c = Only(*table_);
  EXPECT_EQ(OperandA(c), "GET ");
  EXPECT_EQ(OperandB(c), "PUT ");
}

// Requirement: the case-insensitive variants are recorded as such.
TEST_F(StringInterceptionTest, CaseInsensitiveComparisons) {
  int result = 0;
  Execute([&] { result = strcasecmp_fn("KeepAlive", "keep-alive"); });
  EXPECT_NE(result, 0);
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "KeepAlive");
  EXPECT_EQ(OperandB(c), "keep-alive");
  EXPECT_EQ(c.flags, kCaseInsensitive);

  Execute([&] { result = strncasecmp_fn("XML-v1", "xmlv2", 3 + 1); });
  EXPECT_NE(result, 0);
  c = Only(*table_);
  EXPECT_EQ(OperandA(c), "XML-");
  EXPECT_EQ(OperandB(c), "xmlv");
  EXPECT_EQ(c.flags, kCaseInsensitive);
}

// Requirement: a failed search records the haystack and the needle it did not contain.
TEST_F(StringInterceptionTest, FailedSearches) {
  char sentinel = 0;
  char* found = &sentinel;
  Execute([&] { found = strstr_fn("the quick brown fox", "lazy dog"); });
  EXPECT_EQ(found, nullptr);
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "the quick brown fox");
  EXPECT_EQ(OperandB(c), "lazy dog");
  EXPECT_EQ(c.flags, kSubstringSearch);

  Execute([&] { found = strcasestr_fn("Accept-Encoding", "GZIP"); });
  EXPECT_EQ(found, nullptr);
  c = Only(*table_);
  EXPECT_EQ(OperandB(c), "GZIP");
  EXPECT_EQ(c.flags, kSubstringSearch | kCaseInsensitive);

  void* at = &sentinel;
  Execute([&] { at = memmem_fn("\x00\x01\x02\x03", 4, "\x02\x04", 2); });
  EXPECT_EQ(at, nullptr);
  c = Only(*table_);
  EXPECT_EQ(OperandA(c), std::string("\x00\x01\x02\x03", 4));
  EXPECT_EQ(OperandB(c), "\x02\x04");
  EXPECT_EQ(c.flags, kSubstringSearch);
}

// Requirement: long operands are cut to kMaxBytesOperand bytes and flagged.
TEST_F(StringInterceptionTest, LongOperandsAreCut) {
  std::string a(300, 'a'), b(300, 'a');
  b[299] = 'b';
  Execute([&] { EXPECT_LT(strcmp_fn(a.c_str(), b.c_str()), 0); });
  BytesComparison c = Only(*table_);
  EXPECT_EQ(c.size_a, kMaxBytesOperand);
  EXPECT_EQ(c.size_b, kMaxBytesOperand);
  EXPECT_EQ(c.flags, kTruncated);
}

// Requirement: a memcmp of fewer bytes than a NUL-terminated operand holds (a std::string_view
// ordering compares min(len) bytes) also records the whole string against the other operand's
// compared bytes, whether or not the compared bytes differed.
TEST_F(StringInterceptionTest, MemcmpShowsTheWholeKeywordBeyondACutPrefix) {
  // No NUL within kMaxBytesOperand bytes of the input word: it is not taken for a keyword.
  std::string input = "sys.x" + std::string(100, ' ');
  Execute([&] { EXPECT_GT(memcmp_fn(input.data(), "sys.banner", 5), 0); });
  auto entries = BytesEntries(*table_);
  std::set<std::pair<std::string, std::string>> pairs;
  for (const BytesComparison& c : entries) pairs.emplace(OperandA(c), OperandB(c));
  // Both land in the table unless their slots collide: the slot hashes the call's pc, which
  // moves with ASLR (1 run in about 40 here), and the later record wins.
  EXPECT_TRUE(pairs.count({"sys.x", "sys.banner"}));
  for (const auto& [a, b] : pairs) {
    EXPECT_TRUE(a == "sys.x" && (b == "sys.b" || b == "sys.banner")) << a << " vs " << b;
  }

  input = "sys.log" + std::string(100, ' ');
  Execute([&] { EXPECT_EQ(memcmp_fn("sys.log_level", input.data(), 7), 0); });
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "sys.log_level");
  EXPECT_EQ(OperandB(c), "sys.log");
}

// Requirement: looking past the compared bytes never reads another page: a buffer that ends at
// an unreadable page is compared without a fault, and nothing past it is recorded.
TEST_F(StringInterceptionTest, MemcmpLooksNoFurtherThanThePageOfItsLastByte) {
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  void* mapping =
      mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapping, MAP_FAILED);
  auto* bytes = static_cast<char*>(mapping);
  ASSERT_EQ(mprotect(bytes + page, page, PROT_NONE), 0);
  char* word = bytes + page - 4;
  std::memcpy(word, "abcd", 4);
  Execute([&] { EXPECT_LT(memcmp_fn(word, "abcz", 4), 0); });
  BytesComparison c = Only(*table_);
  EXPECT_EQ(OperandA(c), "abcd");
  EXPECT_EQ(OperandB(c), "abcz");
  munmap(mapping, 2 * page);
}

// Requirement: value profile sees the common prefix of an intercepted comparison.
TEST_F(StringInterceptionTest, ValueProfileSeesTheCommonPrefix) {
  table_->set_value_profile_enabled(true);
  Execute([] { EXPECT_NE(memcmp_fn("MAGIC-1", "MAGIC-2", 7), 0); });
  auto words = DrainedWords(*table_);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].second, uint64_t{1} << 6);  // "MAGIC-"
}

// Requirement: the results are the C library's, with no table set too.
TEST(StringInterceptionResultsTest, ResultsMatchTheDefinitions) {
  EXPECT_GT(memcmp_fn("\xff", "\x01", 1), 0);  // bytes compare as unsigned char
  EXPECT_EQ(strncmp_fn("abc", "abd", 0), 0);
  EXPECT_EQ(strncmp_fn("ab", "ab\0c", 4), 0);
  EXPECT_GT(strcasecmp_fn("b", "A"), 0);
  const char* hay = "one two three";
  EXPECT_EQ(strstr_fn(hay, "two"), hay + 4);
  EXPECT_EQ(strstr_fn(hay, ""), hay);
  EXPECT_EQ(strcasestr_fn(hay, "THREE"), hay + 8);
  EXPECT_EQ(memmem_fn(hay, 13, "e t", 3), hay + 2);
  EXPECT_EQ(memmem_fn(hay, 3, "one two", 7), nullptr);
}

}  // namespace
}  // namespace hivefuzz::cmp
