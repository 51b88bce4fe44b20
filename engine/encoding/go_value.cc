// GoValue: the type names, the range invariant and bitwise equality (see go_value.h).
// Floats are compared through their bits so that NaN payloads and -0 count as data.
#include "encoding/go_value.h"

#include <bit>
#include <limits>

#include "base/check.h"

namespace hivefuzz {
namespace {

struct SignedRange {
  int64_t min;
  int64_t max;
};

template <typename T>
constexpr SignedRange RangeOf() {
  return {std::numeric_limits<T>::min(), std::numeric_limits<T>::max()};
}

}  // namespace

std::string_view GoTypeName(GoType type) {
  switch (type) {
    case GoType::kBytes:
      return "[]uint8";
    case GoType::kString:
      return "string";
    case GoType::kBool:
      return "bool";
    case GoType::kUint8:
      return "uint8";
    case GoType::kInt32:
      return "int32";
    case GoType::kInt8:
      return "int8";
    case GoType::kInt16:
      return "int16";
    case GoType::kInt64:
      return "int64";
    case GoType::kInt:
      return "int";
    case GoType::kUint16:
      return "uint16";
    case GoType::kUint32:
      return "uint32";
    case GoType::kUint64:
      return "uint64";
    case GoType::kUint:
      return "uint";
    case GoType::kFloat32:
      return "float32";
    case GoType::kFloat64:
      return "float64";
  }
  HF_CHECK(false);
  return "";
}

bool GoValue::Valid() const {
  switch (type) {
    case GoType::kBytes:
    case GoType::kString:
      return std::holds_alternative<std::string>(value);
    case GoType::kBool:
      return std::holds_alternative<bool>(value);
    case GoType::kInt8:
    case GoType::kInt16:
    case GoType::kInt32:
    case GoType::kInt64:
    case GoType::kInt: {
      if (!std::holds_alternative<int64_t>(value)) return false;
      SignedRange range = type == GoType::kInt8    ? RangeOf<int8_t>()
                          : type == GoType::kInt16 ? RangeOf<int16_t>()
                          : type == GoType::kInt32 ? RangeOf<int32_t>()
                                                   : RangeOf<int64_t>();
      int64_t v = std::get<int64_t>(value);
      return v >= range.min && v <= range.max;
    }
    case GoType::kUint8:
    case GoType::kUint16:
    case GoType::kUint32:
    case GoType::kUint64:
    case GoType::kUint: {
      if (!std::holds_alternative<uint64_t>(value)) return false;
      uint64_t max = type == GoType::kUint8    ? 0xff
                     : type == GoType::kUint16 ? 0xffff
                     : type == GoType::kUint32 ? 0xffffffff
                                               : std::numeric_limits<uint64_t>::max();
      return std::get<uint64_t>(value) <= max;
    }
    case GoType::kFloat32:
      return std::holds_alternative<float>(value);
    case GoType::kFloat64:
      return std::holds_alternative<double>(value);
  }
  return false;
}

const std::string& GoValue::bytes() const {
  HF_CHECK(std::holds_alternative<std::string>(value));
  return std::get<std::string>(value);
}

bool GoValue::boolean() const {
  HF_CHECK(std::holds_alternative<bool>(value));
  return std::get<bool>(value);
}

int64_t GoValue::int_value() const {
  HF_CHECK(std::holds_alternative<int64_t>(value));
  return std::get<int64_t>(value);
}

uint64_t GoValue::uint_value() const {
  HF_CHECK(std::holds_alternative<uint64_t>(value));
  return std::get<uint64_t>(value);
}

float GoValue::float32() const {
  HF_CHECK(std::holds_alternative<float>(value));
  return std::get<float>(value);
}

double GoValue::float64() const {
  HF_CHECK(std::holds_alternative<double>(value));
  return std::get<double>(value);
}

bool operator==(const GoValue& a, const GoValue& b) {
  if (a.type != b.type || a.value.index() != b.value.index()) return false;
  if (const float* f = std::get_if<float>(&a.value)) {
    return std::bit_cast<uint32_t>(*f) == std::bit_cast<uint32_t>(std::get<float>(b.value));
  }
  if (const double* d = std::get_if<double>(&a.value)) {
    return std::bit_cast<uint64_t>(*d) == std::bit_cast<uint64_t>(std::get<double>(b.value));
  }
  return a.value == b.value;
}

}  // namespace hivefuzz
