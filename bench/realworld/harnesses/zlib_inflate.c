// Compression: zlib inflates the input as a zlib or gzip stream or, when it starts with neither
// header, as raw deflate data, into a 16 KiB window that is drained as it
// fills (the streaming path: stored, fixed and dynamic Huffman blocks, the window copies), up
// to 4 MiB of output; the checksum of the output (adler32 or crc32) is checked by inflate.
#include <stddef.h>
#include <stdint.h>

#include "zlib.h"

enum { kChunk = 16384, kMaxOutput = 4 << 20 };

// Inflates with `window_bits` (47: zlib or gzip, detected by inflate; -15: raw deflate).
static void Inflate(const uint8_t* data, size_t size, int window_bits) {
  z_stream stream = {0};
  if (inflateInit2(&stream, window_bits) != Z_OK) return;
  uint8_t out[kChunk];
  stream.next_in = (Bytef*)data;
  stream.avail_in = (uInt)size;
  int status = Z_OK;
  while (status == Z_OK && stream.total_out < kMaxOutput) {
    stream.next_out = out;
    stream.avail_out = sizeof(out);
    status = inflate(&stream, Z_NO_FLUSH);  // Z_BUF_ERROR: no progress, a truncated stream
  }
  inflateEnd(&stream);
}

// A zlib header: deflate method, window <= 32 KiB, and a multiple of 31; gzip's: 1f 8b.
static int HasHeader(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  if (data[0] == 0x1f && data[1] == 0x8b) return 1;
  return (data[0] & 0x0f) == 8 && (data[0] >> 4) <= 7 && (data[0] * 256 + data[1]) % 31 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  Inflate(data, size, HasHeader(data, size) ? 15 + 32 : -15);
  return 0;
}
