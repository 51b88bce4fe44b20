#include "minimizer/typed_minimizer.h"

#include <gtest/gtest.h>

#include "encoding/typed_input.h"

namespace hivefuzz {
namespace {

const ShouldStop kNeverStop = [] { return false; };

TEST(TypedMinimizerTest, ShrinksEachByteStringAndKeepsTheNumbers) {
  const std::vector<GoType> shape = {GoType::kString, GoType::kInt64, GoType::kBytes};
  Bytes input = EncodeTypedInput(std::vector<GoValue>{
      GoValue::String("xxxxBUGxxxx"), GoValue::Int64(77), GoValue::Bytes("yyyyKEYyyyy")});
  // Fails while the string holds "BUG", the bytes hold "KEY" and the number is 77.
  auto fails = [&](const Bytes& candidate) {
    std::vector<GoValue> v;
    DecodeTypedInput(shape, candidate, &v);
    // Every candidate is canonical: it encodes exactly its own values.
    EXPECT_EQ(EncodeTypedInput(v), candidate);
    return v[0].bytes().find("BUG") != std::string::npos && v[1].int_value() == 77 &&
           v[2].bytes().find("KEY") != std::string::npos;
  };
  Bytes smallest = MinimizeTypedInput(shape, input, fails, kNeverStop);
  std::vector<GoValue> values;
  DecodeTypedInput(shape, smallest, &values);
  EXPECT_EQ(values[0], GoValue::String("BUG"));
  EXPECT_EQ(values[1], GoValue::Int64(77));
  EXPECT_EQ(values[2], GoValue::Bytes("KEY"));
}

TEST(TypedMinimizerTest, WithoutAShapeItIsMinimizeBytes) {
  Bytes input = {'a', 'b', 'X', 'c'};
  auto has_x = [](const Bytes& c) { return std::find(c.begin(), c.end(), 'X') != c.end(); };
  EXPECT_EQ(MinimizeTypedInput({}, input, has_x, kNeverStop),
            MinimizeBytes(input, has_x, kNeverStop));
}

TEST(TypedMinimizerTest, StopsWhenTold) {
  const std::vector<GoType> shape = {GoType::kString};
  Bytes input = EncodeTypedInput(std::vector<GoValue>{GoValue::String("abcdef")});
  int tries = 0;
  MinimizeTypedInput(
      shape, input, [&](const Bytes&) { return ++tries, false; }, [&] { return tries >= 3; });
  EXPECT_EQ(tries, 3);
}

}  // namespace
}  // namespace hivefuzz
