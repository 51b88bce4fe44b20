#include "mutator/byte_mutator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace hivefuzz {
namespace {

using M = ByteMutation;

// Bytes written as numbers, for inputs and outcomes that are not printable.
std::string B(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::vector<M> AllMutations() {
  std::vector<M> all;
  all.reserve(kNumByteMutations);
  for (int i = 0; i < kNumByteMutations; i++) all.push_back(static_cast<M>(i));
  return all;
}

// Applies `m` once to a copy of `input` in a buffer of `max_size` bytes. Returns false if the
// mutation did not apply; the result is in *out either way.
bool TryApply(M m, const std::string& input, size_t max_size, Rng& rng, std::string* out) {
  std::vector<uint8_t> buf(max_size + 1);  // +1: data() is never null
  std::memcpy(buf.data(), input.data(), input.size());
  size_t size = input.size();
  bool applied = ApplyByteMutation(m, buf.data(), &size, max_size, rng);
  out->assign(buf.begin(), buf.begin() + static_cast<ptrdiff_t>(size));
  return applied;
}

// Every distinct outcome of `tries` independent applications of `m` to `input`.
std::set<std::string> Outcomes(M m, const std::string& input, size_t max_size, int tries,
                               uint64_t seed = 1) {
  Rng rng(seed);
  std::set<std::string> seen;
  std::string out;
  for (int i = 0; i < tries; i++) {
    EXPECT_TRUE(TryApply(m, input, max_size, rng, &out)) << ByteMutationName(m);
    seen.insert(out);
  }
  return seen;
}

std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string h;
  for (unsigned char c : s) {
    h.push_back(kDigits[c >> 4]);
    h.push_back(kDigits[c & 15]);
  }
  return h;
}

struct ReachCase {
  M mutation;
  std::string input;
  size_t max_size;
  std::vector<std::string> expected;
};

// Requirement: each of the 18 mutations reaches its concrete expected outcomes within a fixed
// number of tries with a fixed seed (libFuzzer's FoundMask tests).
TEST(ByteMutatorTest, EveryMutationReachesItsExpectedOutcomes) {
  const std::string zeros4(4, '\0'), zeros8(8, '\0');
  // clang-format off
  const std::vector<ReachCase> cases = {
      {M::kRemoveBytes, "ABCDEF", 6, {"ABDEF", "BCDEF", "ABCDE", "ABEF", "A", ""}},
      {M::kInsertRandomBytes, "AB", 3, {"ZAB", "AZB", "ABZ", B({0, 'A', 'B'}), B({'A', 'B', 255})}},
      // The last three duplicate a chunk that straddles the insertion point.
      {M::kDuplicateBytes, "ABCD", 8,
       {"AABCD", "DABCD", "CDABCD", "AABBCD", "ABBCDCD", "ABCABCDD"}},
      {M::kOverwriteBytes, "ABCD", 4, {"AACD", "ABAB", "CBCD", "DBCD", "AABC"}},
      {M::kBitFlip, B({0}), 1,
       {B({1}), B({2}), B({4}), B({8}), B({16}), B({32}), B({64}), B({128})}},
      {M::kXorByte, B({0}), 1, {B({1}), B({0x7f}), B({0x80}), B({0xff})}},
      {M::kSwapByte, "ABC", 3, {"BAC", "CBA", "ACB"}},
      {M::kArithmeticUint8, B({100}), 1, {B({65}), B({99}), B({101}), B({135})}},
      {M::kArithmeticUint16, B({0, 0}), 2,
       {B({0, 1}), B({1, 0}), B({0xff, 0xff}), B({0, 35}), B({35, 0}), B({0xff, 0xdd}),
        B({0xdd, 0xff})}},
      {M::kArithmeticUint32, zeros4, 4,
       {B({0, 0, 0, 1}), B({1, 0, 0, 0}), B({0xff, 0xff, 0xff, 0xdd}),
        B({0xdd, 0xff, 0xff, 0xff})}},
      {M::kArithmeticUint64, zeros8, 8,
       {B({0, 0, 0, 0, 0, 0, 0, 1}), B({1, 0, 0, 0, 0, 0, 0, 0}),
        B({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xdd})}},
      {M::kOverwriteInterestingUint8, B({0x55}), 1,
       {B({0x80}), B({0xff}), B({0}), B({1}), B({16}), B({32}), B({64}), B({100}), B({127})}},
      {M::kOverwriteInterestingUint16, B({0x55, 0x55}), 2,
       {B({0x7f, 0xff}), B({0xff, 0x7f}), B({0x80, 0x00}), B({0x00, 0x80}), B({0x03, 0xe8}),
        B({0xe8, 0x03}), B({0xff, 0xff}), B({0x00, 0x64})}},
      {M::kOverwriteInterestingUint32, zeros4, 4,
       {B({0x7f, 0xff, 0xff, 0xff}), B({0xff, 0xff, 0xff, 0x7f}), B({0x80, 0, 0, 0}),
        B({0, 0, 0, 0x80}), B({0x05, 0xff, 0xff, 0x05}), B({0xfa, 0, 0, 0xfa}),
        B({0xff, 0xff, 0x7f, 0xff})}},
      {M::kInsertConstantBytes, "AB", 4, {"ZAB", "AZB", "ZZAB", "AZZB"}},
      {M::kOverwriteConstantBytes, "ABCD", 4, {"ZBCD", "AZZD", "ZZZZ", "ABCZ"}},
      {M::kShuffleBytes, "ABC", 3, {"ACB", "BAC", "BCA", "CAB", "CBA"}},
      {M::kSwapBytes, "ABCDEF", 6, {"CBADEF", "DECABF", "FBCDEA", "ADCBEF", "DBCAEF"}},
  };
  // clang-format on
  std::set<M> covered;
  for (const ReachCase& c : cases) {
    SCOPED_TRACE(ByteMutationName(c.mutation));
    covered.insert(c.mutation);
    std::set<std::string> seen = Outcomes(c.mutation, c.input, c.max_size, 20000);
    for (const std::string& want : c.expected) {
      EXPECT_TRUE(seen.count(want)) << "never produced " << Hex(want);
    }
  }
  EXPECT_EQ(covered.size(), size_t{kNumByteMutations});
}

// Requirement: Go's InsertConstantBytes inserts before an existing byte, never at the end.
TEST(ByteMutatorTest, InsertConstantBytesNeverAppends) {
  for (const std::string& s : Outcomes(M::kInsertConstantBytes, "AB", 8, 5000)) {
    EXPECT_EQ(s.back(), 'B') << s;
  }
}

// Requirement: the interesting values are exactly Go's interesting8/16/32 (the 16- and 32-bit
// sets extended with the smaller ones, sign-extended), in both byte orders, and nothing else.
TEST(ByteMutatorTest, InterestingValuesAreExactlyGos) {
  const std::vector<int64_t> v8 = {-128, -1, 0, 1, 16, 32, 64, 100, 127};
  std::vector<int64_t> v16 = {-32768, -129, 128, 255, 256, 512, 1000, 1024, 4096, 32767};
  v16.insert(v16.end(), v8.begin(), v8.end());
  std::vector<int64_t> v32 = {-2147483648LL, -100663046, -32769,    32768,
                              65535,         65536,      100663045, 2147483647};
  v32.insert(v32.end(), v16.begin(), v16.end());
  auto encodings = [](const std::vector<int64_t>& values, int width) {
    std::set<std::string> all;
    for (int64_t v : values) {
      auto u = static_cast<uint64_t>(v);
      std::string be, le;
      for (int i = 0; i < width; i++) {
        be.push_back(static_cast<char>(u >> (8 * (width - 1 - i))));
        le.push_back(static_cast<char>(u >> (8 * i)));
      }
      all.insert(be);
      all.insert(le);
    }
    return all;
  };
  EXPECT_EQ(Outcomes(M::kOverwriteInterestingUint8, B({0x55}), 1, 5000), encodings(v8, 1));
  EXPECT_EQ(Outcomes(M::kOverwriteInterestingUint16, B({0x55, 0x55}), 2, 20000), encodings(v16, 2));
  EXPECT_EQ(Outcomes(M::kOverwriteInterestingUint32, std::string(4, '\x55'), 4, 40000),
            encodings(v32, 4));
}

// Requirement: arithmetic adds or subtracts 1..35, never 0 (Go's rand(35) + 1).
TEST(ByteMutatorTest, ArithmeticStepsAreOneTo35) {
  std::set<std::string> expected8;
  for (int d = 1; d <= 35; d++) {
    expected8.insert(B({100 + d}));
    expected8.insert(B({100 - d}));
  }
  EXPECT_EQ(Outcomes(M::kArithmeticUint8, B({100}), 1, 20000), expected8);
  std::set<std::string> expected16;
  for (int d = 1; d <= 35; d++) {
    expected16.insert(B({0, d}));           // +d big-endian
    expected16.insert(B({d, 0}));           // +d little-endian
    expected16.insert(B({0xff, 256 - d}));  // -d big-endian
    expected16.insert(B({256 - d, 0xff}));  // -d little-endian
  }
  EXPECT_EQ(Outcomes(M::kArithmeticUint16, B({0, 0}), 2, 40000), expected16);
}

std::string::iterator At(std::string& s, size_t i) { return s.begin() + static_cast<ptrdiff_t>(i); }

// All results Go's algorithm can produce from `s`, enumerated naively from its random choices.
std::set<std::string> GoOutcomes(M m, const std::string& s, size_t max_size) {
  std::set<std::string> all;
  const size_t len = s.size();
  switch (m) {
    case M::kRemoveBytes:
      for (size_t pos = 0; pos < len; pos++) {
        for (size_t n = 1; n <= len - pos; n++) all.insert(std::string(s).erase(pos, n));
      }
      break;
    case M::kDuplicateBytes:
      for (size_t src = 0; src < len; src++) {
        for (size_t dst = 0; dst < len; dst++) {
          if (dst == src) continue;
          for (size_t n = 1; n <= len - src && len + n <= max_size; n++) {
            all.insert(std::string(s).insert(dst, s.substr(src, n)));
          }
        }
      }
      break;
    case M::kOverwriteBytes:
      for (size_t src = 0; src < len; src++) {
        for (size_t dst = 0; dst < len; dst++) {
          if (dst == src) continue;
          for (size_t n = 1; n <= std::max<size_t>(1, len - src - 1); n++) {
            size_t count = std::min(n, len - dst);
            all.insert(std::string(s).replace(dst, count, s.substr(src, count)));
          }
        }
      }
      break;
    case M::kShuffleBytes:
      for (size_t dst = 0; dst < len; dst++) {
        for (size_t n = 3; n <= len - dst; n++) {
          std::string t = s;
          std::sort(At(t, dst), At(t, dst + n));
          do {
            all.insert(t);
          } while (std::next_permutation(At(t, dst), At(t, dst + n)));
        }
      }
      break;
    case M::kSwapBytes:
      for (size_t lo = 0; lo < len; lo++) {
        for (size_t hi = lo + 2; hi < len; hi++) {
          for (size_t n = 1; n <= std::max<size_t>(1, len - hi - 1) && lo + n < hi; n++) {
            std::string t = s;
            std::swap_ranges(At(t, lo), At(t, lo + n), At(t, hi));
            all.insert(t);
          }
        }
      }
      break;
    default:
      ADD_FAILURE() << "no model for " << ByteMutationName(m);
  }
  return all;
}

// Error guessing: the chunk mutations are the easiest to get wrong in place (overlapping
// chunks, a duplicated chunk straddling the insertion point, off-by-one lengths). Their
// outcomes must be exactly the set Go's algorithm can produce: nothing more, nothing missing.
TEST(ByteMutatorTest, ChunkMutationsProduceExactlyGosOutcomes) {
  const std::string input = "ABCDEF";
  for (M m : {M::kRemoveBytes, M::kDuplicateBytes, M::kOverwriteBytes, M::kSwapBytes}) {
    for (size_t max_size : {size_t{6}, size_t{8}, size_t{12}}) {
      if (m == M::kDuplicateBytes && max_size == 6) continue;  // does not apply
      SCOPED_TRACE(std::string(ByteMutationName(m)) + " max_size=" + std::to_string(max_size));
      EXPECT_EQ(Outcomes(m, input, max_size, 30000), GoOutcomes(m, input, max_size));
    }
  }
  SCOPED_TRACE("ShuffleBytes");
  EXPECT_EQ(Outcomes(M::kShuffleBytes, "ABCDE", 5, 60000),
            GoOutcomes(M::kShuffleBytes, "ABCDE", 5));
}

// Requirement: which mutations apply depends on the size and the room left, as in Go's table;
// a mutation that does not apply returns false and leaves the bytes and size untouched.
TEST(ByteMutatorTest, PreconditionsMatchGosTable) {
  const std::vector<M> size1 = {M::kBitFlip, M::kXorByte, M::kArithmeticUint8,
                                M::kOverwriteInterestingUint8};
  std::vector<M> size2 = size1;
  size2.insert(size2.end(),
               {M::kRemoveBytes, M::kOverwriteBytes, M::kSwapByte, M::kArithmeticUint16,
                M::kOverwriteInterestingUint16, M::kOverwriteConstantBytes});
  std::vector<M> size3 = size2;
  size3.insert(size3.end(), {M::kShuffleBytes, M::kSwapBytes});
  std::vector<M> size4 = size3;
  size4.insert(size4.end(), {M::kArithmeticUint32, M::kOverwriteInterestingUint32});
  std::vector<M> size8 = size4;
  size8.push_back(M::kArithmeticUint64);
  const std::vector<M> grow = {M::kInsertRandomBytes, M::kDuplicateBytes, M::kInsertConstantBytes};
  auto with = [](std::vector<M> v, const std::vector<M>& more) {
    v.insert(v.end(), more.begin(), more.end());
    return v;
  };
  struct Row {
    size_t size;
    size_t max_size;
    std::vector<M> applies;
  };
  const std::vector<Row> table = {
      {0, 0, {}},
      {0, 1, {M::kInsertRandomBytes}},
      {0, 100, {M::kInsertRandomBytes}},
      {1, 1, size1},
      {1, 100, with(size1, {M::kInsertRandomBytes})},
      {2, 2, size2},
      {2, 3, with(size2, grow)},
      {3, 3, size3},
      {3, 100, with(size3, grow)},
      {4, 4, size4},
      {7, 7, size4},
      {8, 8, size8},
      {8, 9, with(size8, grow)},
      {1000, 1000, size8},
      {1000, 5000, with(size8, grow)},
  };
  Rng rng(3);
  for (const Row& row : table) {
    SCOPED_TRACE("size=" + std::to_string(row.size) + " max_size=" + std::to_string(row.max_size));
    std::string input(row.size, 'x');
    for (M m : AllMutations()) {
      bool expected = std::count(row.applies.begin(), row.applies.end(), m) > 0;
      std::string out;
      bool applied = TryApply(m, input, row.max_size, rng, &out);
      EXPECT_EQ(applied, expected) << ByteMutationName(m);
      if (!applied) EXPECT_EQ(out, input) << ByteMutationName(m);
    }
  }
}

// Requirement: sizes never exceed max_size and no byte past max_size is ever written, over
// many random mutations at random sizes, including the edges 0, 1, 2, 3, 4, 8 and size ==
// max_size. MutateBytes returns nullopt exactly when nothing applies (size 0, max_size 0).
TEST(ByteMutatorTest, RandomRunsKeepInvariants) {
  constexpr size_t kGuard = 64;
  constexpr uint8_t kGuardByte = 0xa5;
  Rng rng(12345);
  std::vector<uint8_t> buf;
  for (int iter = 0; iter < 20000; iter++) {
    const size_t kEdges[] = {0, 1, 2, 3, 4, 8};
    size_t max_size;
    switch (rng.Below(4)) {
      case 0:
        max_size = kEdges[rng.Below(6)];
        break;
      case 1:
        max_size = rng.Below(64);
        break;
      case 2:
        max_size = rng.Below(10000);
        break;
      default:
        max_size = 4096 + rng.Below(4);
        break;
    }
    size_t size = rng.Bool() ? max_size : rng.BelowSize(max_size + 1);
    buf.assign(max_size + kGuard, kGuardByte);
    for (size_t i = 0; i < max_size; i++) buf[i] = static_cast<uint8_t>(rng.Next32());
    for (int step = 0; step < 5; step++) {
      size_t before = size;
      if (rng.Bool()) {
        std::optional<M> applied = MutateBytes(buf.data(), &size, max_size, rng);
        ASSERT_EQ(applied.has_value(), max_size > 0) << "size=" << before;
        if (!applied) ASSERT_EQ(size, before);
      } else {
        auto m = static_cast<M>(rng.Below(kNumByteMutations));
        if (ApplyByteMutation(m, buf.data(), &size, max_size, rng)) {
          if (m == M::kRemoveBytes) {
            ASSERT_LT(size, before);
          } else if (m == M::kInsertRandomBytes || m == M::kDuplicateBytes ||
                     m == M::kInsertConstantBytes) {
            ASSERT_GT(size, before);
            size_t bound = m == M::kInsertRandomBytes     ? 1024
                           : m == M::kInsertConstantBytes ? 4096
                                                          : before;  // a copy of a chunk
            ASSERT_LE(size - before, bound) << ByteMutationName(m);
          } else {
            ASSERT_EQ(size, before) << ByteMutationName(m);
          }
        } else {
          ASSERT_EQ(size, before);
        }
      }
      ASSERT_LE(size, max_size);
    }
    for (size_t i = max_size; i < buf.size(); i++) {
      ASSERT_EQ(buf[i], kGuardByte) << "byte " << i - max_size << " past max_size=" << max_size;
    }
  }
}

// Error guessing: the same, in buffers of exactly max_size bytes on the heap, so that ASan
// reports any access past the end (the guard test above cannot see reads).
TEST(ByteMutatorTest, ExactSizeBuffersStayInBounds) {
  Rng rng(777);
  for (int iter = 0; iter < 5000; iter++) {
    size_t max_size = 1 + rng.Below(iter % 2 ? 16 : 2000);
    auto buf = std::make_unique<uint8_t[]>(max_size);
    size_t size = rng.BelowSize(max_size + 1);
    for (int step = 0; step < 8; step++) {
      auto m = static_cast<M>(rng.Below(kNumByteMutations));
      ApplyByteMutation(m, buf.get(), &size, max_size, rng);
      ASSERT_TRUE(MutateBytes(buf.get(), &size, max_size, rng).has_value());
    }
  }
}

// Requirement: MutateBytes picks uniformly among the mutations that apply (Go's mutateBytes
// retries uniformly until one applies).
TEST(ByteMutatorTest, MutateBytesIsUniformAmongApplicable) {
  struct Setup {
    size_t size, max_size;
    int expected_kinds;
  };
  for (const Setup& setup :
       {Setup{1, 1, 4}, Setup{0, 10, 1}, Setup{64, 4096, 18}, Setup{3, 3, 12}}) {
    SCOPED_TRACE("size=" + std::to_string(setup.size));
    Rng rng(99);
    std::map<M, int> counts;
    const int kTries = 9000 * setup.expected_kinds;
    std::vector<uint8_t> buf(setup.max_size);
    for (int i = 0; i < kTries; i++) {
      size_t size = setup.size;
      std::optional<M> m = MutateBytes(buf.data(), &size, setup.max_size, rng);
      ASSERT_TRUE(m.has_value());
      counts[*m]++;
    }
    EXPECT_EQ(counts.size(), size_t(setup.expected_kinds));
    for (auto [m, count] : counts) {  // expected 9000 each; sd < 95
      EXPECT_GT(count, 8500) << ByteMutationName(m);
      EXPECT_LT(count, 9500) << ByteMutationName(m);
    }
  }
}

// Requirement: single-byte mutations choose their position uniformly over the input, and
// BitFlip its bit uniformly.
TEST(ByteMutatorTest, PositionsAreUniform) {
  constexpr size_t kLen = 32;
  constexpr int kPerPos = 2000;
  for (M m : {M::kBitFlip, M::kXorByte, M::kArithmeticUint8, M::kOverwriteInterestingUint8}) {
    SCOPED_TRACE(ByteMutationName(m));
    std::vector<int> hits(kLen);
    std::vector<int> bits(8);
    Rng rng(5);
    for (size_t i = 0; i < kLen * kPerPos; i++) {
      uint8_t buf[kLen] = {};
      if (m == M::kOverwriteInterestingUint8) std::memset(buf, 0x55, kLen);  // 0x55 isn't one
      size_t size = kLen;
      ASSERT_TRUE(ApplyByteMutation(m, buf, &size, kLen, rng));
      size_t first = kLen;
      for (size_t p = 0; p < kLen && first == kLen; p++) {
        if (buf[p] != (m == M::kOverwriteInterestingUint8 ? 0x55 : 0)) first = p;
      }
      ASSERT_LT(first, kLen);
      hits[first]++;
      if (m == M::kBitFlip) bits[std::countr_zero(unsigned{buf[first]})]++;
    }
    for (size_t p = 0; p < kLen; p++) {  // expected 2000; sd ~44
      EXPECT_GT(hits[p], kPerPos * 85 / 100) << "position " << p;
      EXPECT_LT(hits[p], kPerPos * 115 / 100) << "position " << p;
    }
    if (m == M::kBitFlip) {
      for (int b = 0; b < 8; b++) {  // expected 8000; sd ~84
        EXPECT_GT(bits[b], 7500) << "bit " << b;
        EXPECT_LT(bits[b], 8500) << "bit " << b;
      }
    }
  }
}

// Requirement: chooseLen prefers short chunks: 90% in [1,8], 9% in [1,32], 1% in [1,n].
TEST(ByteMutatorTest, ChooseLenDistribution) {
  Rng rng(11);
  EXPECT_EQ(ChooseLen(0, rng), 1u);  // Go's rand(0) == 0
  for (size_t n : {1, 2, 7, 8, 9, 33, 1000}) {
    for (int i = 0; i < 2000; i++) {
      size_t len = ChooseLen(n, rng);
      ASSERT_GE(len, 1u);
      ASSERT_LE(len, n);
    }
  }
  constexpr int kSamples = 400000;
  constexpr size_t kN = 1000;
  int up_to_8 = 0, up_to_32 = 0, beyond = 0;
  for (int i = 0; i < kSamples; i++) {
    size_t len = ChooseLen(kN, rng);
    (len <= 8 ? up_to_8 : len <= 32 ? up_to_32 : beyond)++;
  }
  // Exact: P(<=8) = .9 + .09*8/32 + .01*8/1000; P(9..32) = .09*24/32 + .01*24/1000.
  EXPECT_NEAR(up_to_8 / double(kSamples), 0.9 + 0.0225 + 0.00008, 0.003);
  EXPECT_NEAR(up_to_32 / double(kSamples), 0.0675 + 0.00024, 0.002);
  EXPECT_NEAR(beyond / double(kSamples), 0.01 * 968 / 1000, 0.001);
}

// Requirement: XorByte is never a no-op: exactly one byte changes, every time.
TEST(ByteMutatorTest, XorByteAlwaysChangesExactlyOneByte) {
  Rng rng(8);
  for (int i = 0; i < 20000; i++) {
    uint8_t before[16], after[16];
    size_t size = 1 + rng.Below(16);
    for (size_t p = 0; p < size; p++) before[p] = static_cast<uint8_t>(rng.Next32());
    std::memcpy(after, before, size);
    ASSERT_TRUE(ApplyByteMutation(M::kXorByte, after, &size, 16, rng));
    int changed = 0;
    for (size_t p = 0; p < size; p++) changed += before[p] != after[p];
    ASSERT_EQ(changed, 1);
  }
}

// Requirement: ShuffleBytes, SwapByte and SwapBytes only permute: same size, same multiset.
TEST(ByteMutatorTest, PermutingMutationsKeepTheMultiset) {
  Rng rng(21);
  for (M m : {M::kShuffleBytes, M::kSwapByte, M::kSwapBytes}) {
    SCOPED_TRACE(ByteMutationName(m));
    int changed = 0;
    for (int i = 0; i < 5000; i++) {
      size_t size = 3 + rng.Below(300);
      std::vector<uint8_t> before(size), after;
      for (auto& b : before) b = static_cast<uint8_t>(rng.Next32());
      after = before;
      ASSERT_TRUE(ApplyByteMutation(m, after.data(), &size, size, rng));
      ASSERT_EQ(size, before.size());
      changed += after != before;
      std::sort(before.begin(), before.end());
      std::sort(after.begin(), after.end());
      ASSERT_EQ(after, before);
    }
    EXPECT_GT(changed, 4000);  // and they do move bytes
  }
}

// Requirement: growing mutations use the room that is left and never more (max_size is
// libFuzzer's -max_len: an input may be exactly max_size long).
TEST(ByteMutatorTest, GrowingMutationsFillUpToMaxSizeExactly) {
  Rng rng(4);
  for (M m : {M::kInsertRandomBytes, M::kDuplicateBytes, M::kInsertConstantBytes}) {
    SCOPED_TRACE(ByteMutationName(m));
    std::set<size_t> sizes;
    for (int i = 0; i < 2000; i++) {
      std::string out;
      ASSERT_TRUE(TryApply(m, "ABCD", 7, rng, &out));
      sizes.insert(out.size());
    }
    EXPECT_EQ(sizes, (std::set<size_t>{5, 6, 7}));
  }
}

// Requirement: a mutation is a pure function of (bytes, rng state): the same seed gives the
// same results, so a run can be replayed from its seed.
TEST(ByteMutatorTest, SameSeedSameMutations) {
  auto run = [](uint64_t seed) {
    Rng rng(seed);
    std::vector<uint8_t> buf(256, 0);
    size_t size = 16;
    std::string trace;
    for (int i = 0; i < 2000; i++) {
      std::optional<M> m = MutateBytes(buf.data(), &size, buf.size(), rng);
      trace += ByteMutationName(*m);
      trace.append(reinterpret_cast<const char*>(buf.data()), size);
    }
    return trace;
  };
  EXPECT_EQ(run(1), run(1));
  EXPECT_NE(run(1), run(2));
}

// Requirement: names match Go's table order and are distinct.
TEST(ByteMutatorTest, NamesFollowGosTable) {
  EXPECT_STREQ(ByteMutationName(M::kRemoveBytes), "RemoveBytes");
  EXPECT_STREQ(ByteMutationName(M::kXorByte), "XorByte");
  EXPECT_STREQ(ByteMutationName(M::kSwapBytes), "SwapBytes");
  EXPECT_STREQ(ByteMutationName(static_cast<M>(kNumByteMutations)), "?");
  std::set<std::string> names;
  for (M m : AllMutations()) names.insert(ByteMutationName(m));
  EXPECT_EQ(names.size(), size_t{kNumByteMutations});
}

}  // namespace
}  // namespace hivefuzz
