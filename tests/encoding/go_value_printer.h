// GoogleTest printing for GoValue: failures show the value as its corpus file line.
// Included by the tests of the Go corpus encoding.
#pragma once

#include <ostream>

#include "encoding/go_corpus_value.h"
#include "encoding/go_value.h"

namespace hivefuzz {

inline void PrintTo(const GoValue& value, std::ostream* os) {
  *os << (value.Valid() ? FormatGoCorpusValue(value) : "<invalid GoValue>");
}

}  // namespace hivefuzz
