// Reading JSON in tests (nlohmann/json): what a consumer such as compare.py would read, not
// the text, so that tests check the document and fail on malformed output.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace hivefuzz {

// The document, or nothing if `text` is not exactly one valid JSON value.
inline std::optional<nlohmann::json> ParseJson(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

}  // namespace hivefuzz
