// A planted bug behind a sequence of three commands of a storage-controller emulator whose
// command loop switches over 40 sparse 32-bit opcodes. The switch is one instruction in the
// compiler's IR (its compare tree is built after instrumentation), so edge coverage sees only
// the case bodies and each opcode is a 1-in-2^32 guess; switch tracing (the case values the
// value was compared with) or value profile must supply them. Bug: DELETE_IO_QUEUE releases
// the I/O queue's memory but leaves the queue marked as created, so a later SUBMIT_IO writes
// into the released queue. Must find: a command stream with CREATE_IO_QUEUE (0x669B584F),
// then DELETE_IO_QUEUE (0x1BCACB15), then SUBMIT_IO (0xD9E0062A), in that order, with only
// valid commands before and between them. Fails with abort() after printing one line.
// Calibration (execs to the bug): libFuzzer: 1.42M..4.13M (median 2.35M) over 8 seeds;
// libFuzzer -use_value_profile=1: found in 3 of 8 seeds (23.8M..48.7M), not in 50M in 5.
// hivefuzz, 2 threads: 29.6k..3.54M (median 403k) over 24 seeds; -use_value_profile=1:
// 3.60M..40.2M (median 17.3M) over 12 seeds; all found.
// Budget: 51000000 execs with -parallel=2
//
// Stream format: 8-byte commands, each a 32-bit opcode and a 32-bit argument, little-endian.
// The controller stops at the end of the stream, at an unknown opcode, or at the first command
// that fails validation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

enum Opcode : uint32_t {
  kReset = 0x00428F1A,
  kIdentify = 0x037773A3,
  kGetStatus = 0x0EE4D758,
  kSetFeature = 0x10BFCD8A,
  kDeleteIoQueue = 0x1BCACB15,
  kGetFeature = 0x1ECC3A00,
  kRead = 0x1F894E72,
  kWrite = 0x27040268,
  kFlush = 0x2FAF2828,
  kTrim = 0x30D2499F,
  kSetLba = 0x3BEF8FB2,
  kSetCount = 0x3C7C0814,
  kSelectNamespace = 0x3E7229C5,
  kAttachNamespace = 0x416A08FE,
  kDetachNamespace = 0x45FF42FE,
  kFormat = 0x48C97308,
  kSanitize = 0x4E6C662B,
  kFirmwareDownload = 0x52A0EDC8,
  kFirmwareCommit = 0x53CB1D31,
  kGetLogPage = 0x64C5BED2,
  kCreateIoQueue = 0x669B584F,
  kSetTimestamp = 0x684F1084,
  kKeepAlive = 0x6E579492,
  kRingDoorbell = 0x7227A9EC,
  kEnableInterrupts = 0x76E09D99,
  kDisableInterrupts = 0x8817BD44,
  kSetPowerState = 0x933D4CD4,
  kGetPowerState = 0x972962A8,
  kSecuritySend = 0x9D0D19D3,
  kSecurityReceive = 0xA49D3EA8,
  kLock = 0xA5C6B99F,
  kUnlock = 0xC625E628,
  kSelfTest = 0xCA6AE80C,
  kPause = 0xCFCE443F,
  kResume = 0xD6A2D21B,
  kSubmitIo = 0xD9E0062A,
  kSetPriority = 0xEB90F379,
  kCompare = 0xEBA2B7AF,
  kVerify = 0xECBEB573,
  kAbort = 0xFF33D93E,
};

constexpr uint32_t kNamespaces = 4;
constexpr uint32_t kMaxQueueDepth = 64;
constexpr uint32_t kPowerStates = 5;

// IoQueue stands in for the queue's DMA memory; Write checks what a use-after-free detector
// would, so the bug fails in plain builds too.
class IoQueue {
 public:
  void Allocate(uint32_t depth) {
    depth_ = depth;
    released_ = false;
  }
  void Release() { released_ = true; }
  void Write(uint32_t index, uint32_t value) {
    if (released_) {
      std::fprintf(stderr, "switch_cases: SUBMIT_IO writes entry %u of a released I/O queue\n",
                   index % depth_);
      std::abort();
    }
    entries_[index % depth_] = value;
  }

 private:
  uint32_t entries_[kMaxQueueDepth] = {};
  uint32_t depth_ = 1;
  bool released_ = false;
};

struct Controller {
  bool enabled = true;
  bool paused = false;
  bool locked = false;
  bool interrupts = false;
  bool io_queue_created = false;
  uint32_t features[8] = {};
  uint32_t namespace_id = 0;
  uint32_t attached_namespaces = 1;  // bit per namespace
  uint64_t lba = 0;
  uint32_t count = 0;
  uint32_t power_state = 0;
  uint32_t priority = 0;
  uint64_t timestamp = 0;
  uint32_t firmware_bytes = 0;
  bool firmware_committed = false;
  uint32_t io_tail = 0;
  uint64_t data_checksum = 0;
  uint32_t log_reads = 0;
  uint32_t security_bytes = 0;
  IoQueue io_queue;
};

// Execute runs one command; false stops the stream (an error the host would see).
bool Execute(Controller& c, uint32_t opcode, uint32_t arg) {
  if (c.paused && opcode != kResume && opcode != kReset) return false;
  switch (opcode) {
    case kReset:
      c = Controller();
      return true;
    case kIdentify:
      c.log_reads += 1;
      return true;
    case kGetStatus:
      return c.enabled;
    case kSetFeature:
      c.features[arg & 7] = arg >> 3;
      return true;
    case kGetFeature:
      return c.features[arg & 7] != 0;
    case kRead:
      if ((c.attached_namespaces & (1u << c.namespace_id)) == 0) return false;
      c.data_checksum += c.lba * 31 + c.count;
      return true;
    case kWrite:
      if (c.locked || (c.attached_namespaces & (1u << c.namespace_id)) == 0) return false;
      c.data_checksum ^= c.lba + arg;
      return true;
    case kFlush:
      c.data_checksum = 0;
      return true;
    case kTrim:
      if (c.locked) return false;
      c.lba += arg;
      return true;
    case kSetLba:
      c.lba = (c.lba & ~uint64_t{0xffffffff}) | arg;
      return true;
    case kSetCount:
      c.count = arg;
      return true;
    case kSelectNamespace:
      if (arg >= kNamespaces) return false;
      c.namespace_id = arg;
      return true;
    case kAttachNamespace:
      c.attached_namespaces |= 1u << (arg % kNamespaces);
      return true;
    case kDetachNamespace:
      c.attached_namespaces &= ~(1u << (arg % kNamespaces));
      return true;
    case kFormat:
      if (c.locked) return false;
      c.lba = 0;
      c.data_checksum = 0;
      return true;
    case kSanitize:
      if (c.locked) return false;
      c.features[0] = 0;
      c.data_checksum = ~uint64_t{0};
      return true;
    case kFirmwareDownload:
      c.firmware_bytes += arg & 0xfff;
      c.firmware_committed = false;
      return true;
    case kFirmwareCommit:
      if (c.firmware_bytes == 0) return false;
      c.firmware_committed = true;
      return true;
    case kGetLogPage:
      c.log_reads += 2;
      return true;
    case kCreateIoQueue:
      if (c.io_queue_created) return false;
      c.io_queue.Allocate(arg % kMaxQueueDepth + 1);
      c.io_queue_created = true;
      c.io_tail = 0;
      return true;
    case kSetTimestamp:
      c.timestamp = arg;
      return true;
    case kKeepAlive:
      c.timestamp += 1;
      return true;
    case kRingDoorbell:
      if (!c.io_queue_created) return false;
      c.io_tail = arg;
      return true;
    case kEnableInterrupts:
      c.interrupts = true;
      return true;
    case kDisableInterrupts:
      c.interrupts = false;
      return true;
    case kSetPowerState:
      if (arg >= kPowerStates) return false;
      c.power_state = arg;
      return true;
    case kGetPowerState:
      return c.power_state < kPowerStates;
    case kSecuritySend:
      c.security_bytes += arg & 0xff;
      return true;
    case kSecurityReceive:
      return c.security_bytes != 0;
    case kLock:
      c.locked = true;
      return true;
    case kUnlock:
      c.locked = false;
      return true;
    case kSelfTest:
      c.data_checksum = c.data_checksum * 33 + arg;
      return true;
    case kPause:
      c.paused = true;
      return true;
    case kResume:
      c.paused = false;
      return true;
    case kDeleteIoQueue:
      if (!c.io_queue_created) return false;
      c.io_queue.Release();
      // BUG: io_queue_created stays set.
      return true;
    case kSubmitIo:
      if (!c.io_queue_created) return false;
      c.io_queue.Write(c.io_tail++, arg);
      return true;
    case kSetPriority:
      c.priority = arg & 3;
      return true;
    case kCompare:
      return c.data_checksum == arg;
    case kVerify:
      return (c.data_checksum & 0xffff) != arg;
    case kAbort:
      c.io_tail = 0;
      return true;
    default:
      return false;  // unknown opcode
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Controller controller;
  for (size_t at = 0; at + 8 <= size; at += 8) {
    uint32_t opcode, arg;
    std::memcpy(&opcode, data + at, sizeof(opcode));
    std::memcpy(&arg, data + at + 4, sizeof(arg));
    if (!Execute(controller, opcode, arg)) break;
  }
  return 0;
}
