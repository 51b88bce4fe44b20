#include "encoding/typed_input.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace hivefuzz {
namespace {

std::vector<GoType> ShapeOf(const std::vector<GoValue>& values) {
  std::vector<GoType> shape;
  for (const GoValue& v : values) shape.push_back(v.type);
  return shape;
}

TEST(TypedInputTest, EveryTypeRoundTrips) {
  std::vector<GoValue> values = {
      GoValue::Bytes(std::string("\0\xff", 2)),
      GoValue::String("héllo"),
      GoValue::Bool(true),
      GoValue::Uint8(200),
      GoValue::Int32(-5),
      GoValue::Int8(-128),
      GoValue::Int16(-300),
      GoValue::Int64(std::numeric_limits<int64_t>::min()),
      GoValue::Int(42),
      GoValue::Uint16(65535),
      GoValue::Uint32(4000000000u),
      GoValue::Uint64(~uint64_t{0}),
      GoValue::Uint(7),
      GoValue::Float32(-1.5f),
      GoValue::Float64(std::nan("7")),
  };
  Bytes flat = EncodeTypedInput(values);
  std::vector<GoValue> back;
  DecodeTypedInput(ShapeOf(values), flat, &back);
  EXPECT_EQ(back, values);
}

TEST(TypedInputTest, LayoutIsLengthPrefixedAndLittleEndian) {
  Bytes flat = EncodeTypedInput(std::vector<GoValue>{GoValue::String("ab"), GoValue::Int16(-2)});
  EXPECT_EQ(flat, (Bytes{2, 0, 0, 0, 'a', 'b', 0xfe, 0xff}));
}

TEST(TypedInputTest, AnyBytesDecode) {
  const std::vector<GoType> shape = {GoType::kString, GoType::kUint32, GoType::kBytes};
  std::vector<GoValue> values;
  // A length past the end takes what is there; the fields after it are zero or empty.
  DecodeTypedInput(shape, Bytes{9, 0, 0, 0, 'x', 'y'}, &values);
  EXPECT_EQ(values[0], GoValue::String("xy"));
  EXPECT_EQ(values[1], GoValue::Uint32(0));
  EXPECT_EQ(values[2], GoValue::Bytes(""));
  // Nothing at all.
  DecodeTypedInput(shape, Bytes{}, &values);
  EXPECT_EQ(values[0], GoValue::String(""));
  // A cut number keeps its low bytes; bytes after the last field are ignored.
  DecodeTypedInput(shape, Bytes{0, 0, 0, 0, 0x34, 0x12}, &values);
  EXPECT_EQ(values[1], GoValue::Uint32(0x1234));
  DecodeTypedInput(std::vector<GoType>{GoType::kBool}, Bytes{3, 9, 9}, &values);
  EXPECT_EQ(values[0], GoValue::Bool(true));
}

TEST(TypedInputTest, SplitThenJoinIsCanonical) {
  const std::vector<GoType> shape = {GoType::kBytes, GoType::kInt8, GoType::kString};
  std::vector<Bytes> fields;
  SplitTypedInput(shape, Bytes{1, 0, 0, 0, 'a', 0x80, 5, 0, 0, 0, 'b'}, &fields);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0], Bytes{'a'});
  EXPECT_EQ(fields[1], Bytes{0x80});
  EXPECT_EQ(fields[2], Bytes{'b'});
  EXPECT_EQ(JoinedSize(shape, fields), 4u + 1 + 1 + 4 + 1);
  Bytes joined;
  JoinTypedInput(shape, fields, &joined);
  EXPECT_EQ(joined, (Bytes{1, 0, 0, 0, 'a', 0x80, 1, 0, 0, 0, 'b'}));
}

}  // namespace
}  // namespace hivefuzz
