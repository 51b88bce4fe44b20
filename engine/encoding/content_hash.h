// Content hashes that name files: SHA-1 hex, as libFuzzer names corpus files and artifacts
// (crash-<sha1>), and SHA-256 hex, from which Go names its corpus files (go_corpus_file.h).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace hivefuzz {

using Sha1Digest = std::array<uint8_t, 20>;

Sha1Digest Sha1(const uint8_t* data, size_t size);
std::string ToHex(const Sha1Digest& digest);
inline std::string Sha1Hex(const uint8_t* data, size_t size) { return ToHex(Sha1(data, size)); }

// All 64 lower-case hex digits of the SHA-256 of data[0, size).
std::string Sha256Hex(const uint8_t* data, size_t size);

}  // namespace hivefuzz
