// Content hashes that name files: SHA-1 hex, as libFuzzer names corpus files and artifacts
// (crash-<sha1>), so tools that expect libFuzzer's names find ours.
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

}  // namespace hivefuzz
