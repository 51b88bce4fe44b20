#include "mutator/typed_value_mutation.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace hivefuzz {
namespace {

template <class V>
V Mutated(NumberKind kind, V v, Rng& rng) {
  uint8_t bytes[sizeof(V)];
  std::memcpy(bytes, &v, sizeof v);  // little-endian host, as the flat form
  MutateNumber(kind, bytes, sizeof v, rng);
  std::memcpy(&v, bytes, sizeof v);
  return v;
}

TEST(TypedValueMutationTest, IntegersMoveByAtMostOneHundredWithinGoRange) {
  Rng rng(1);
  bool saw_up = false, saw_down = false;
  for (int i = 0; i < 2000; i++) {
    int8_t v = int8_t(int(rng.Below(255)) - 127);
    int8_t m = Mutated(NumberKind::kSigned, v, rng);
    EXPECT_NE(m, v);
    EXPECT_LE(std::abs(int(m) - int(v)), 100);
    EXPECT_GE(m, -127);  // Go's range is [-max, max]: mutation never makes -128
    saw_up |= m > v;
    saw_down |= m < v;
  }
  EXPECT_TRUE(saw_up && saw_down);
  for (int i = 0; i < 200; i++) {
    EXPECT_GT(Mutated(NumberKind::kUnsigned, uint16_t{0}, rng), 0);
    EXPECT_LT(Mutated(NumberKind::kUnsigned, uint16_t{65535}, rng), 65535);
    int64_t big = Mutated(NumberKind::kSigned, std::numeric_limits<int64_t>::max(), rng);
    EXPECT_LT(big, std::numeric_limits<int64_t>::max());
  }
}

TEST(TypedValueMutationTest, BoolsFlipHalfTheTime) {
  Rng rng(2);
  int flips = 0;
  for (int i = 0; i < 1000; i++) flips += Mutated(NumberKind::kBool, uint8_t{1}, rng) == 0;
  EXPECT_GT(flips, 400);
  EXPECT_LT(flips, 600);
}

TEST(TypedValueMutationTest, FloatsStayFinite) {
  Rng rng(3);
  double v = 0;
  float f = std::numeric_limits<float>::max();
  for (int i = 0; i < 5000; i++) {
    v = Mutated(NumberKind::kFloat, v, rng);
    f = Mutated(NumberKind::kFloat, f, rng);
    ASSERT_TRUE(std::isfinite(v));
    ASSERT_TRUE(std::isfinite(f));
  }
  // NaN comes only from seeds, and stays.
  EXPECT_TRUE(std::isnan(Mutated(NumberKind::kFloat, std::nan(""), rng)));
}

TEST(TypedValueMutationTest, ComparedValueBecomesTheOtherOperand) {
  Rng rng(4);
  std::vector<IntComparison> cmps = {{1234, 99, 4, IntComparison::Constant::kA}};
  int counts[3] = {0, 0, 0};  // the operand, one more, one less
  for (int i = 0; i < 400; i++) {
    uint32_t v = 99;
    ASSERT_TRUE(
        SetToComparedOperand(NumberKind::kUnsigned, reinterpret_cast<uint8_t*>(&v), 4, cmps, rng));
    ASSERT_TRUE(v == 1234 || v == 1235 || v == 1233) << v;
    counts[v == 1234 ? 0 : v == 1235 ? 1 : 2]++;
  }
  EXPECT_GT(counts[0], counts[1]);
  // A value the target did not compare gets a constant it compared with, if one fits.
  int16_t other = 5;
  ASSERT_TRUE(SetToComparedOperand(
      NumberKind::kSigned, reinterpret_cast<uint8_t*>(&other), 2,
      std::vector<IntComparison>{{7, 300, 2, IntComparison::Constant::kA}}, rng));
  EXPECT_EQ(other, 7);
  // Floats are not compared as integers are.
  float compared = 99;
  EXPECT_FALSE(SetToComparedOperand(NumberKind::kFloat, reinterpret_cast<uint8_t*>(&compared), 4,
                                    cmps, rng));
}

}  // namespace
}  // namespace hivefuzz
