#include "encoding/typed_input.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "base/check.h"
#include "base/little_endian.h"
#include "encoding/go_corpus_file.h"

namespace hivefuzz {

namespace {

// Appends the low `width` bytes of `v`, little-endian.
void AppendLittleEndian(uint64_t v, size_t width, Bytes* out) {
  out->resize(out->size() + width);
  StoreLittleEndian(v, out->data() + out->size() - width, width);
}

}  // namespace

size_t FixedFieldSize(GoType type) {
  switch (type) {
    case GoType::kBytes:
    case GoType::kString:
      return 0;
    case GoType::kBool:
    case GoType::kUint8:
    case GoType::kInt8:
      return 1;
    case GoType::kInt16:
    case GoType::kUint16:
      return 2;
    case GoType::kInt32:
    case GoType::kUint32:
    case GoType::kFloat32:
      return 4;
    case GoType::kInt64:
    case GoType::kInt:
    case GoType::kUint64:
    case GoType::kUint:
    case GoType::kFloat64:
      return 8;
  }
  return 0;
}

void SplitTypedInput(std::span<const GoType> shape, std::span<const uint8_t> input,
                     std::vector<Bytes>* fields) {
  fields->resize(shape.size());
  size_t at = 0;
  auto take = [&](size_t n, Bytes* field) {
    size_t available = std::min(n, input.size() - at);
    field->assign(input.begin() + at, input.begin() + at + available);
    at += available;
  };
  for (size_t i = 0; i < shape.size(); i++) {
    Bytes& field = (*fields)[i];
    if (IsByteString(shape[i])) {
      uint8_t prefix[kLengthPrefixSize] = {};
      size_t available = std::min(kLengthPrefixSize, input.size() - at);
      if (available > 0) std::memcpy(prefix, input.data() + at, available);
      at += available;
      take(size_t(LoadLittleEndian(prefix, kLengthPrefixSize)), &field);
    } else {
      size_t width = FixedFieldSize(shape[i]);
      take(width, &field);
      field.resize(width, 0);
    }
  }
}

size_t JoinedSize(std::span<const GoType> shape, const std::vector<Bytes>& fields) {
  size_t size = 0;
  for (size_t i = 0; i < shape.size(); i++) {
    size += fields[i].size() + (IsByteString(shape[i]) ? kLengthPrefixSize : 0);
  }
  return size;
}

void JoinTypedInput(std::span<const GoType> shape, const std::vector<Bytes>& fields, Bytes* out) {
  HF_CHECK(fields.size() == shape.size());
  out->clear();
  for (size_t i = 0; i < shape.size(); i++) {
    if (IsByteString(shape[i])) {
      AppendLittleEndian(fields[i].size(), kLengthPrefixSize, out);
    } else {
      HF_CHECK(fields[i].size() == FixedFieldSize(shape[i]));
    }
    out->insert(out->end(), fields[i].begin(), fields[i].end());
  }
}

void DecodeTypedInput(std::span<const GoType> shape, std::span<const uint8_t> input,
                      std::vector<GoValue>* values) {
  thread_local std::vector<Bytes> fields;
  SplitTypedInput(shape, input, &fields);
  values->resize(shape.size());
  for (size_t i = 0; i < shape.size(); i++) {
    const Bytes& field = fields[i];
    GoValue& value = (*values)[i];
    GoType type = shape[i];
    value.type = type;
    if (!IsByteString(type)) {
      value = FixedValueFromBits(type, LoadLittleEndian(field.data(), field.size()));
      continue;
    }
    // Assigned into the string already there, so a reused vector reuses its capacity.
    if (auto* text = std::get_if<std::string>(&value.value)) {
      text->assign(field.begin(), field.end());
    } else {
      value.value = std::string(field.begin(), field.end());
    }
  }
}

uint64_t FixedValueBits(const GoValue& value) {
  switch (value.type) {
    case GoType::kBool:
      return value.boolean() ? 1 : 0;
    case GoType::kFloat32:
      return std::bit_cast<uint32_t>(value.float32());
    case GoType::kFloat64:
      return std::bit_cast<uint64_t>(value.float64());
    default:
      HF_CHECK(!IsByteString(value.type));
      return IsSignedInteger(value.type) ? uint64_t(value.int_value()) : value.uint_value();
  }
}

GoValue FixedValueFromBits(GoType type, uint64_t bits) {
  switch (type) {
    case GoType::kBool:
      return {type, (bits & 1) != 0};
    case GoType::kFloat32:
      return {type, std::bit_cast<float>(uint32_t(bits))};
    case GoType::kFloat64:
      return {type, std::bit_cast<double>(bits)};
    default:
      HF_CHECK(!IsByteString(type));
      if (IsSignedInteger(type)) return {type, SignExtend(bits, FixedFieldSize(type))};
      size_t width = FixedFieldSize(type);
      return {type, width == 8 ? bits : bits & ((uint64_t{1} << (8 * width)) - 1)};
  }
}

Status CheckTypedValues(std::span<const GoType> shape, std::vector<GoValue>* values) {
  bool match = values->size() == shape.size();
  for (size_t i = 0; match && i < shape.size(); i++) {
    GoType have = (*values)[i].type;
    GoType want = shape[i];
    match = have == want || (have == GoType::kInt && want == GoType::kInt64) ||
            (have == GoType::kUint && want == GoType::kUint64);
  }
  if (!match) {
    auto list = [](auto&& types) {
      std::string out = "[";
      for (size_t i = 0; i < types.size(); i++) {
        out += (i > 0 ? " " : "") + std::string(GoTypeName(types[i]));
      }
      return out + "]";
    };
    std::vector<GoType> have;
    for (const GoValue& v : *values) have.push_back(v.type);
    return Status::Error("mismatched types in corpus entry: " + list(have) + ", want " +
                         list(shape));
  }
  for (size_t i = 0; i < shape.size(); i++) (*values)[i].type = shape[i];
  return Status::Ok();
}

Bytes FlatFormOfFile(std::span<const GoType> shape, Bytes contents) {
  std::string_view text(reinterpret_cast<const char*>(contents.data()), contents.size());
  if (!text.starts_with(kGoCorpusFileVersion)) return contents;
  auto values = UnmarshalGoCorpusFile(text);
  if (!values.ok() || !CheckTypedValues(shape, &*values).ok()) return contents;
  return EncodeTypedInput(*values);
}

Bytes EncodeTypedInput(std::span<const GoValue> values) {
  Bytes out;
  for (const GoValue& value : values) {
    HF_CHECK(value.Valid());
    if (IsByteString(value.type)) {
      AppendLittleEndian(value.bytes().size(), kLengthPrefixSize, &out);
      out.insert(out.end(), value.bytes().begin(), value.bytes().end());
    } else {
      AppendLittleEndian(FixedValueBits(value), FixedFieldSize(value.type), &out);
    }
  }
  return out;
}

}  // namespace hivefuzz
