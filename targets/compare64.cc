// A planted bug behind a 64-bit value read from the middle of the input, at an offset the
// header gives, and compared as one uint64 with a constant: one comparison of 8 bytes, so
// edge coverage alone has nothing to climb; comparison tracing or value profile must supply
// the constant and put it where the header points. Bug: a message addressed to the reserved
// maintenance session is handed to the maintenance handler, which was written for the
// in-process console only and dereferences a console context that a network message never
// has. Must find: a message whose header length H (byte 1) is 8..64, with at least H + 8
// bytes, and the little-endian 64-bit session id at offset H equal to 0x8D2F5A17C3E9B046.
// Fails with abort() after printing one line.
// Calibration (execs to the bug): libFuzzer: 6.42k..953k (median 209k) over 8 seeds;
// libFuzzer -use_value_profile=1: 3.62k..108k (median 32.5k) over 8 seeds; all found.
// hivefuzz, 2 threads: 299..137k (median 1.45k) over 24 seeds; -use_value_profile=1:
// 518..7.78k (median 1.39k); all found.
// Budget: 490000 execs with -parallel=2
//
// Message layout: flags(1) header_length(1) header options up to header_length, then the body:
// session id (8, little-endian) and the payload.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr size_t kMinHeaderLength = 8;
constexpr size_t kMaxHeaderLength = 64;
constexpr uint64_t kMaintenanceSession = 0x8D2F5A17C3E9B046;

struct ConsoleContext {
  int verbosity;
};

// The session table of a server with no sessions open yet: only the maintenance session has
// a handler, and it expects the console to have set the context.
void DispatchToSession(uint64_t session, const ConsoleContext* console, size_t payload_size) {
  if (session != kMaintenanceSession) return;  // unknown session: dropped
  if (console == nullptr) {
    std::fprintf(stderr,
                 "compare64: maintenance session reached from the network (%zu-byte payload): "
                 "null console context\n",
                 payload_size);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t header_length = data[1];
  if (header_length < kMinHeaderLength || header_length > kMaxHeaderLength) return 0;
  if (size < header_length + sizeof(uint64_t)) return 0;
  uint64_t session;
  std::memcpy(&session, data + header_length, sizeof(session));
  DispatchToSession(session, /*console=*/nullptr, size - header_length - sizeof(session));
  return 0;
}
