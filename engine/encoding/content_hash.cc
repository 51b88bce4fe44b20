#include "encoding/content_hash.h"

#include <openssl/evp.h>

#include "base/check.h"

namespace hivefuzz {

Sha1Digest Sha1(const uint8_t* data, size_t size) {
  Sha1Digest digest{};
  unsigned int len = 0;
  HF_CHECK(EVP_Digest(data, size, digest.data(), &len, EVP_sha1(), nullptr) == 1);
  HF_CHECK(len == digest.size());
  return digest;
}

namespace {

std::string HexOf(const uint8_t* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; i++) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

}  // namespace

std::string ToHex(const Sha1Digest& digest) { return HexOf(digest.data(), digest.size()); }

std::string Sha256Hex(const uint8_t* data, size_t size) {
  std::array<uint8_t, 32> digest{};
  unsigned int len = 0;
  HF_CHECK(EVP_Digest(data, size, digest.data(), &len, EVP_sha256(), nullptr) == 1);
  HF_CHECK(len == digest.size());
  return HexOf(digest.data(), digest.size());
}

}  // namespace hivefuzz
