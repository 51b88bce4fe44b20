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

std::string ToHex(const Sha1Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (uint8_t b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace hivefuzz
