// Values for the Go compatibility test: a fixed-seed source of every type's edges and random
// values, and their "type:payload" text as go_compat/dump_test.go prints Go's.
#pragma once

#include <bit>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "encoding/go_quote.h"
#include "encoding/go_strconv.h"
#include "encoding/go_value.h"

namespace hivefuzz::go_test_values {

// ---- Values as go_compat/dump_test.go prints them ----

inline std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

inline std::string Dump(const GoValue& v) {
  std::string out = std::string(GoTypeName(v.type)) + ":";
  char bits[24];
  switch (v.type) {
    case GoType::kBytes:
    case GoType::kString:
      return out + Hex(v.bytes());
    case GoType::kBool:
      return out + (v.boolean() ? "true" : "false");
    case GoType::kFloat32:
      std::snprintf(bits, sizeof(bits), "%" PRIx32, std::bit_cast<uint32_t>(v.float32()));
      return out + bits;
    case GoType::kFloat64:
      std::snprintf(bits, sizeof(bits), "%" PRIx64, std::bit_cast<uint64_t>(v.float64()));
      return out + bits;
    case GoType::kUint8:
    case GoType::kUint16:
    case GoType::kUint32:
    case GoType::kUint64:
    case GoType::kUint:
      return out + std::to_string(v.uint_value());
    default:
      return out + std::to_string(v.int_value());
  }
}

inline std::string DumpAll(const std::vector<GoValue>& values) {
  std::string out;
  for (const GoValue& v : values) out += (out.empty() ? "" : " ") + Dump(v);
  return out;
}

// ---- Values worth writing: each type's edges, then random ones from a fixed seed ----

class ValueSource {
 public:
  GoValue Make(GoType type, int index) {
    const bool edge = index < 8;
    switch (type) {
      case GoType::kBytes:
        return GoValue::Bytes(edge ? kEdgeStrings[index] : RandomText());
      case GoType::kString:
        return GoValue::String(edge ? kEdgeStrings[index] : RandomText());
      case GoType::kBool:
        return GoValue::Bool(index % 2 == 0);
      case GoType::kUint8:
        return GoValue::Uint8(static_cast<uint8_t>(rng_()));
      case GoType::kInt32: {
        const int32_t edges[] = {0, -1, 0xD800, 0x10FFFF, 0x110000, 0xFFFD, 0x80, INT32_MIN};
        if (edge) return GoValue::Int32(edges[index]);
        return GoValue::Int32(rng_() % 2 ? static_cast<int32_t>(rng_() % 0x30000)
                                         : static_cast<int32_t>(rng_()));
      }
      case GoType::kInt8:
        return GoValue::Int8(static_cast<int8_t>(Signed(index)));
      case GoType::kInt16:
        return GoValue::Int16(static_cast<int16_t>(Signed(index)));
      case GoType::kInt64:
        return GoValue::Int64(Signed(index));
      case GoType::kInt:
        return GoValue::Int(Signed(index));
      case GoType::kUint16:
        return GoValue::Uint16(static_cast<uint16_t>(Unsigned(index)));
      case GoType::kUint32:
        return GoValue::Uint32(static_cast<uint32_t>(Unsigned(index)));
      case GoType::kUint64:
        return GoValue::Uint64(Unsigned(index));
      case GoType::kUint:
        return GoValue::Uint(Unsigned(index));
      case GoType::kFloat32: {
        const uint32_t edges[] = {0,          0x80000000, kGoCanonicalNaN32, 0x7fc00001,
                                  0x7f800001, 0x7f800000, 0xff800000,        1};
        if (edge) return GoValue::Float32(std::bit_cast<float>(edges[index]));
        return GoValue::Float32(rng_() % 2 ? std::bit_cast<float>(static_cast<uint32_t>(rng_()))
                                           : static_cast<float>(Decimal()));
      }
      case GoType::kFloat64: {
        const uint64_t edges[] = {0,
                                  0x8000000000000000,
                                  kGoCanonicalNaN64,
                                  0x7ff8000000000000,
                                  0xfff0000000000001,
                                  0x7ff0000000000000,
                                  0x10000000000000,
                                  1};
        if (edge) return GoValue::Float64(std::bit_cast<double>(edges[index]));
        return GoValue::Float64(rng_() % 2 ? std::bit_cast<double>(rng_()) : Decimal());
      }
    }
    return {};
  }

 private:
  static constexpr const char* kEdgeStrings[8] = {"",
                                                  "\"\\'`",
                                                  "\a\b\f\n\r\t\v\x7f",
                                                  "\x80\xff\xc3",
                                                  "h\xc3\xa9 \xe2\x8c\x98 \xf0\x9f\x98\x80",
                                                  "\xc2\xa0\xc2\xad\xe2\x80\xa8\xef\xbb\xbf",
                                                  "\xed\xa0\x80\xf4\x90\x80\x80\xc0\x80",
                                                  "\xef\xbf\xbd\xf3\xa0\x80\x81\xf4\x8f\xbf\xbf"};

  int64_t Signed(int index) {
    const int64_t edges[] = {0, -1, 1, INT64_MIN, INT64_MAX, -128, 127, 32767};
    return index < 8 ? edges[index] : static_cast<int64_t>(rng_() >> (rng_() % 64));
  }
  uint64_t Unsigned(int index) {
    const uint64_t edges[] = {0, 1, UINT64_MAX, 255, 65535, 4294967295u, 1u << 31, 10};
    return index < 8 ? edges[index] : rng_() >> (rng_() % 64);
  }
  double Decimal() {
    const double mantissa = static_cast<double>(static_cast<int64_t>(rng_() % 2000001) - 1000000);
    return mantissa * std::pow(10.0, static_cast<int>(rng_() % 60) - 30);
  }
  std::string RandomText() {
    std::string out;
    for (int n = rng_() % 12; n > 0; n--) {
      switch (rng_() % 4) {
        case 0:
          out.push_back(static_cast<char>(rng_()));
          break;
        case 1:
          out.push_back(static_cast<char>(rng_() % 128));
          break;
        case 2:
          GoAppendRune(out, static_cast<int32_t>(rng_() % 0x3000));
          break;
        default:
          GoAppendRune(out, static_cast<int32_t>(rng_() % 0x110000));
          break;
      }
    }
    return out;
  }

  std::mt19937_64 rng_{20240607};
};

// Value sets with one value of each type, in GoType's order (go_compat/read_test.go's).
inline std::vector<std::vector<GoValue>> OneOfEachType(int count) {
  ValueSource source;
  std::vector<std::vector<GoValue>> sets(count);
  for (int i = 0; i < count; i++) {
    for (int t = 0; t < kGoTypeCount; t++) sets[i].push_back(source.Make(GoType(t), i));
  }
  return sets;
}

}  // namespace hivefuzz::go_test_values
