// A planted bug behind a 16-byte key checked with the real memcmp (hivefuzz builds targets
// with -fno-builtin-memcmp, so the call is not inlined into word compares): one call, no edge
// per matching byte, so edge coverage alone cannot get past it; the memcmp operands (or value
// profile of the call) must supply the key. Bug: a hello frame carrying the factory
// provisioning key switches the session into provisioning mode, whose handler expects the
// certificate store that only the factory console loads, and dereferences it unloaded. Must
// find: a hello frame: type 0x01, key length 16, then the 16-byte key below. Fails with
// abort() after printing one line.
// Calibration (execs to the bug): libFuzzer: median 15.6k over 24 seeds;
// libFuzzer -use_value_profile=1: median 11.3k over 24 seeds; all found.
// hivefuzz, 2 threads: 693..98.6k (median 12.1k) over 24 seeds; -use_value_profile=1:
// 267..13.6k (median 1.41k); all found. The compiler merges the key-length and input-size
// checks into one branch, so a mutant needs both at once (SolveIntComparisons does that);
// runs fall near 1k, 10k or 80k executions by how long they take to get past it.
// Budget: 2900000 execs with -parallel=2
//
// Frame layout: type(1) key_length(1) key(key_length) options...
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr uint8_t kHelloFrame = 0x01;
constexpr size_t kKeyLength = 16;
constexpr uint8_t kProvisioningKey[kKeyLength] = {0x3f, 0x91, 0x0c, 0xd2, 0x7a, 0x55, 0xe8, 0x13,
                                                  0xb6, 0x4e, 0x29, 0xf0, 0x81, 0x6d, 0xc4, 0x0b};

struct CertificateStore {
  int certificates;
};

struct Session {
  bool provisioning = false;
  const CertificateStore* certificates = nullptr;  // loaded by the factory console only
};

// EnterProvisioning stands in for the provisioning handler; the null check makes the null
// dereference fail the same way in every build.
void EnterProvisioning(Session& session, size_t options_size) {
  session.provisioning = true;
  // BUG: the handler assumes the factory console loaded the certificate store.
  if (session.certificates == nullptr) {
    std::fprintf(stderr,
                 "memcmp_key: provisioning mode entered from a hello frame (%zu option bytes) "
                 "with no certificate store\n",
                 options_size);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || data[0] != kHelloFrame) return 0;
  size_t key_length = data[1];
  if (key_length != kKeyLength || size < 2 + key_length) return 0;
  Session session;
  const uint8_t* key = data + 2;
  if (std::memcmp(key, kProvisioningKey, kKeyLength) != 0) return 0;  // an ordinary hello
  EnterProvisioning(session, size - 2 - key_length);
  return 0;
}
