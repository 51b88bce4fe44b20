// A planted bug behind a checksum: telemetry frames carry a record type and a CRC-16 of type
// and payload (as PNG chunks do). Readings are best-effort and used unverified, but a
// calibration record changes the device's state, so the decoder checks its CRC first and drops
// it on a mismatch. The check is one 16-bit comparison of the computed CRC with the stored one:
// input-to-state replacement passes it (the stored value is in the input, the computed one is
// the other operand), a random mutation once in 65536 tries. Bug: the calibration handler uses
// the record's channel index unchecked in its 8-entry table. Must find: a frame (sync byte
// 0x7E, payload length N of 2..64 with N + 8 <= input size) of record type 0x5EA50C41
// (little-endian), whose big-endian CRC-16/CCITT-FALSE over the type and payload matches, and
// whose payload starts with a channel byte of 8 or more. Fails with abort() after printing one
// line.
// Calibration (execs to the bug): libFuzzer: 190k..559k (median 305k) over 8 seeds;
// libFuzzer -use_value_profile=1: 152k..618k (median 253k) over 8 seeds; all found.
// hivefuzz, 2 threads: 10.9k..531k (median 49.3k) over 24 seeds; -use_value_profile=1:
// 8.68k..87.2k (median 20.3k); all found.
// Budget: 4400000 execs with -parallel=2
//
// Frame layout: sync(1) payload_length(1) type(4, little-endian) crc16(2, big-endian)
// payload(payload_length). Payload of a calibration record: channel(1) offset(1) ...
// Why the type is checked before the CRC: with a 4-byte value inside the payload checked after
// the CRC, writing the value breaks the CRC again, and neither engine found the bug in 50M execs
// (hivefuzz 3 seeds; libFuzzer, with and without -use_value_profile=1, 3 seeds each).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr uint8_t kSyncByte = 0x7E;
constexpr size_t kHeaderSize = 8;
constexpr size_t kMinPayload = 2;
constexpr size_t kMaxPayload = 64;
constexpr uint32_t kReadingRecord = 0x1D0C4A52;
constexpr uint32_t kCalibrationRecord = 0x5EA50C41;
constexpr size_t kChannels = 8;

// CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF), bit by bit as small firmware
// computes it.
uint16_t Crc16(const uint8_t* data, size_t size) {
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < size; ++i) {
    crc ^= static_cast<uint16_t>(data[i] << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
  }
  return crc;
}

struct Sensor {
  int32_t last_reading[kChannels] = {};
  int8_t calibration[kChannels] = {};

  void Calibrate(size_t channel, int8_t offset) {
    if (channel >= kChannels) {
      std::fprintf(stderr, "checksum: calibration channel %zu written past the %zu-entry table\n",
                   channel, kChannels);
      std::abort();
    }
    calibration[channel] = offset;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeaderSize || data[0] != kSyncByte) return 0;
  size_t payload_length = data[1];
  if (payload_length < kMinPayload || payload_length > kMaxPayload) return 0;
  if (kHeaderSize + payload_length > size) return 0;
  uint32_t type;
  std::memcpy(&type, data + 2, sizeof(type));
  const uint8_t* payload = data + kHeaderSize;
  Sensor sensor;
  if (type == kReadingRecord) {
    sensor.last_reading[payload[0] % kChannels] = static_cast<int8_t>(payload[1]);
  } else if (type == kCalibrationRecord) {
    uint16_t stored_crc = static_cast<uint16_t>(data[6] << 8 | data[7]);
    // The CRC covers the type and the payload: bytes 2..5, then 8...
    uint8_t covered[4 + kMaxPayload];
    std::memcpy(covered, data + 2, 4);
    std::memcpy(covered + 4, payload, payload_length);
    if (Crc16(covered, 4 + payload_length) != stored_crc) return 0;  // corrupted: dropped
    // BUG: the channel is never compared with kChannels.
    sensor.Calibrate(payload[0], static_cast<int8_t>(payload[1]));
  }
  return 0;
}
