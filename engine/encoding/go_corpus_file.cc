// Go's corpus files (see go_corpus_file.h): the file around the value lines of
// go_corpus_value.h, as Go's marshalCorpusFile and unmarshalCorpusFile frame them.
#include "encoding/go_corpus_file.h"

#include <array>

#include "encoding/content_hash.h"
#include "encoding/go_corpus_value.h"
#include "encoding/go_quote.h"

namespace hivefuzz {
namespace {

// unicode.IsSpace. A corpus line never holds '\n': the file is split on it first.
bool IsGoSpace(int32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
  }
  return r >= 0x2000 && r <= 0x200A;
}

// The length of the white space rune `text` ends with, or 0. Go's DecodeLastRune finds the
// same rune: every white space rune is valid UTF-8, so its lead byte is where the search stops.
size_t TrailingSpaceWidth(std::string_view text) {
  for (size_t width = 1; width <= 3 && width <= text.size(); width++) {
    GoDecodedRune d = GoDecodeRune(text.substr(text.size() - width));
    if (d.width == width && IsGoSpace(d.rune)) return width;
  }
  return 0;
}

}  // namespace

std::string_view GoTrimSpace(std::string_view text) {
  while (!text.empty()) {
    GoDecodedRune d = GoDecodeRune(text);
    if (!IsGoSpace(d.rune) || (d.rune == kGoRuneError && d.width == 1)) break;
    text.remove_prefix(d.width);
  }
  while (size_t width = TrailingSpaceWidth(text)) text.remove_suffix(width);
  return text;
}

std::string MarshalGoCorpusFile(std::span<const GoValue> values) {
  std::string out(kGoCorpusFileVersion);
  out.push_back('\n');
  for (const GoValue& v : values) {
    out += FormatGoCorpusValue(v);
    out.push_back('\n');
  }
  return out;
}

Result<std::vector<GoValue>> UnmarshalGoCorpusFile(std::string_view contents) {
  if (contents.empty()) return Status::Error("cannot unmarshal empty string");
  size_t end = contents.find('\n');
  if (end == std::string_view::npos) {
    return Status::Error("must include version and at least one value");
  }
  std::string_view version = contents.substr(0, end);
  if (version.ends_with('\r')) version.remove_suffix(1);
  if (version != kGoCorpusFileVersion) {
    return Status::Error("line 1: unknown encoding version: " + GoQuote(version));
  }
  std::vector<GoValue> values;
  size_t line_number = 1;
  while (end != std::string_view::npos) {
    const size_t start = end + 1;
    end = contents.find('\n', start);
    line_number++;
    std::string_view line = GoTrimSpace(contents.substr(
        start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (line.empty()) continue;
    Result<GoValue> value = ParseGoCorpusValue(line);
    if (!value.ok()) {
      return Status::Error("line " + std::to_string(line_number) + ": malformed line " +
                           GoQuote(line) + ": " + value.status().message());
    }
    values.push_back(std::move(*value));
  }
  return values;
}

std::string GoCorpusFileName(std::string_view contents) {
  return Sha256Hex(reinterpret_cast<const uint8_t*>(contents.data()), contents.size())
      .substr(0, 16);
}

}  // namespace hivefuzz
