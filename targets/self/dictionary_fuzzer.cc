// Self-fuzzing of dictionary files: ParseDictionary on the input as file text, then round trips
// that must hold exactly (FormatDictionaryEntry and AutoDictionary::FormatRecommended read back
// by ParseDictionary as the same bytes). Traps on any difference.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mutator/dictionary.h"

namespace {

using hivefuzz::DictionaryEntry;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// The entries written back as name@level="value" lines (the fullest form) must parse as the
// same entries: nothing the parser returned is lost or changed by a write and a read.
void CheckRewrite(const std::vector<DictionaryEntry>& entries) {
  std::string text = "# rewritten\n";
  for (const DictionaryEntry& e : entries) {
    text += e.name;
    if (e.level != 0) text += "@" + std::to_string(e.level);
    if (!e.name.empty() || e.level != 0) text += "=";
    text += hivefuzz::FormatDictionaryEntry(e.bytes) + "\n";
  }
  auto again = hivefuzz::ParseDictionary(text, "rewritten.dict");
  if (!again.ok() || *again != entries) __builtin_trap();
}

// Any non-empty byte string formats to one line that reads back as exactly those bytes.
void CheckFormat(std::string_view bytes) {
  if (bytes.empty()) return;
  std::string line = hivefuzz::FormatDictionaryEntry(bytes);
  if (line.find('\n') != std::string::npos) __builtin_trap();  // one line, as promised
  auto back = hivefuzz::ParseDictionary(line, "formatted.dict");
  if (!back.ok() || back->size() != 1) __builtin_trap();
  const DictionaryEntry& e = (*back)[0];
  if (e.bytes != bytes || !e.name.empty() || e.level != 0) __builtin_trap();
}

// The recommended dictionary the engine prints must be a dictionary file with the same entries.
void CheckRecommended(const std::vector<DictionaryEntry>& entries, std::string_view raw) {
  hivefuzz::AutoDictionary autodict;
  for (const DictionaryEntry& e : entries) {
    autodict.Add({reinterpret_cast<const uint8_t*>(e.bytes.data()), e.bytes.size()});
  }
  // The raw input's lines too, so that entries with any bytes reach the formatter.
  for (size_t pos = 0; pos < raw.size();) {
    size_t end = raw.find('\n', pos);
    if (end == std::string_view::npos) end = raw.size();
    autodict.Add({reinterpret_cast<const uint8_t*>(raw.data() + pos), end - pos});
    pos = end + 1;
  }
  std::string text = autodict.FormatRecommended();
  auto back = hivefuzz::ParseDictionary(text, "recommended.dict");
  if (!back.ok() || *back != autodict.Entries()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = hivefuzz::ParseDictionary(text, "fuzz.dict");
  if (parsed.ok()) {
    for (const DictionaryEntry& e : *parsed) {
      if (e.bytes.empty()) __builtin_trap();  // "never empty when parsed"
      for (char c : e.name) {
        if (!IsNameChar(c)) __builtin_trap();
      }
    }
    CheckRewrite(*parsed);
    CheckRecommended(*parsed, text);
  } else {
    // "<file_name>:<line>: " and then what is wrong.
    const std::string& message = parsed.status().message();
    size_t digits = 0;
    while (10 + digits < message.size() && message[10 + digits] >= '0' &&
           message[10 + digits] <= '9') {
      digits++;
    }
    if (message.rfind("fuzz.dict:", 0) != 0 || digits == 0 ||
        message.compare(10 + digits, 2, ": ") != 0) {
      __builtin_trap();
    }
  }
  CheckFormat(text);
  return 0;
}
