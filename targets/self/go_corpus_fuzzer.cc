// Self-fuzzing of Go's corpus files (engine/encoding/go_corpus_file.h): what decodes writes back
// to the same values, and typed values built from the input write a file that reads back exactly.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "encoding/go_corpus_file.h"
#include "encoding/go_corpus_value.h"

namespace {

using hivefuzz::GoType;
using hivefuzz::GoValue;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// A written file: the version line, then one line per value, each ending in '\n'.
void CheckWritten(const std::string& file, size_t value_count) {
  size_t newlines = 0;
  for (char c : file) newlines += c == '\n';
  Check(newlines == value_count + 1 && file.back() == '\n');
  Check(file.starts_with(hivefuzz::kGoCorpusFileVersion));
  Check(hivefuzz::GoCorpusFileName(file).size() == 16);
}

// Whatever decodes writes back, and the written file decodes to the same values and is written
// again unchanged (the written form is canonical).
void CheckDecoded(const std::vector<GoValue>& values) {
  for (const GoValue& v : values) Check(v.Valid());
  const std::string file = hivefuzz::MarshalGoCorpusFile(values);
  CheckWritten(file, values.size());
  auto again = hivefuzz::UnmarshalGoCorpusFile(file);
  Check(again.ok() && *again == values);
  Check(hivefuzz::MarshalGoCorpusFile(*again) == file);
}

// An error either concerns the whole file or names a line that exists.
void CheckError(std::string_view text, const std::string& message) {
  if (message == "cannot unmarshal empty string") return Check(text.empty());
  if (message == "must include version and at least one value") {
    return Check(text.find('\n') == std::string_view::npos);
  }
  Check(message.starts_with("line "));
  size_t line = 0, i = 5;
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9'; i++) {
    line = line * 10 + (message[i] - '0');
  }
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  Check(i > 5 && line >= 1 && line <= lines && message.compare(i, 2, ": ") == 0);
}

// Reads the input as a recipe: a type byte, then the value's bytes, as long as bytes remain.
class Recipe {
 public:
  Recipe(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  std::vector<GoValue> Values() {
    std::vector<GoValue> values;
    while (pos_ < size_ && values.size() < 20) values.push_back(Value(GoType(Byte() % 15)));
    return values;
  }

 private:
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint64_t Bits(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v = v << 8 | Byte();
    return v;
  }
  std::string Text() {
    std::string out;
    for (size_t n = Byte() % 32; n > 0 && pos_ < size_; n--) out.push_back(char(Byte()));
    return out;
  }

  GoValue Value(GoType type) {
    switch (type) {
      case GoType::kBytes:
        return GoValue::Bytes(Text());
      case GoType::kString:
        return GoValue::String(Text());
      case GoType::kBool:
        return GoValue::Bool(Byte() & 1);
      case GoType::kUint8:
        return GoValue::Uint8(Byte());
      case GoType::kInt32:
        return GoValue::Int32(int32_t(Bits(4)));
      case GoType::kInt8:
        return GoValue::Int8(int8_t(Byte()));
      case GoType::kInt16:
        return GoValue::Int16(int16_t(Bits(2)));
      case GoType::kInt64:
        return GoValue::Int64(int64_t(Bits(8)));
      case GoType::kInt:
        return GoValue::Int(int64_t(Bits(8)));
      case GoType::kUint16:
        return GoValue::Uint16(uint16_t(Bits(2)));
      case GoType::kUint32:
        return GoValue::Uint32(uint32_t(Bits(4)));
      case GoType::kUint64:
        return GoValue::Uint64(Bits(8));
      case GoType::kUint:
        return GoValue::Uint(Bits(8));
      case GoType::kFloat32:
        return GoValue::Float32(std::bit_cast<float>(uint32_t(Bits(4))));
      case GoType::kFloat64:
        return GoValue::Float64(std::bit_cast<double>(Bits(8)));
    }
    return {};
  }

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto decoded = hivefuzz::UnmarshalGoCorpusFile(text);
  if (decoded.ok()) {
    CheckDecoded(*decoded);
  } else {
    CheckError(text, decoded.status().message());
  }

  std::vector<GoValue> values = Recipe(data, size).Values();
  const std::string file = hivefuzz::MarshalGoCorpusFile(values);
  CheckWritten(file, values.size());
  auto back = hivefuzz::UnmarshalGoCorpusFile(file);
  Check(back.ok() && *back == values);
  for (const GoValue& v : values) {
    auto line = hivefuzz::ParseGoCorpusValue(hivefuzz::FormatGoCorpusValue(v));
    Check(line.ok() && *line == v);
  }
  return 0;
}
