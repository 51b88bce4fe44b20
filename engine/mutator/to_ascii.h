// -only_ascii=1: libFuzzer's ToASCII (FuzzerUtil.cpp), applied to every mutant.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hivefuzz {

// Clears each byte's high bit, then replaces what is neither printable nor whitespace
// (isprint, isspace in the C locale: 0x20..0x7e, and \t \n \v \f \r) by a space, as libFuzzer
// does after each mutation with -only_ascii=1.
inline void ToAscii(uint8_t* data, size_t size) {
  for (size_t i = 0; i < size; i++) {
    uint8_t c = data[i] & 0x7f;
    bool space = c == ' ' || (c >= '\t' && c <= '\r');
    if (!space && (c < 0x20 || c == 0x7f)) c = ' ';
    data[i] = c;
  }
}

}  // namespace hivefuzz
