// Image: libpng decodes a PNG the way an application that wants 8-bit RGBA does: it reads the
// header and ancillary chunks, expands palettes, low-bit-depth gray and tRNS into full pixels,
// strips 16-bit samples to 8, turns gray into RGB, adds an opaque alpha channel, undoes
// interlacing and reads every row (inflate, unfiltering, the transforms), then the chunks after
// the image data. Images are limited to 2048x2048 pixels, chunks to 1 MiB and any one allocation
// to 8 MiB (libpng only warns about a chunk over the limit, then allocates and clears a buffer
// of the length the chunk claims: up to 2 GiB), so a decode stays short and small; CRC errors
// are ignored, so mutated chunks are decoded rather than rejected.
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"

struct Reader {
  const uint8_t* data;
  size_t size;
  size_t offset;
};

static void ReadBytes(png_structp png, png_bytep out, size_t length) {
  struct Reader* reader = png_get_io_ptr(png);
  if (length > reader->size - reader->offset) png_error(png, "read past the end of the input");
  memcpy(out, reader->data + reader->offset, length);
  reader->offset += length;
}

enum { kMaxAllocation = 8 << 20 };

static png_voidp Allocate(png_structp png, png_alloc_size_t size) {
  (void)png;
  return size <= kMaxAllocation ? malloc(size) : NULL;
}
static void Free(png_structp png, png_voidp pointer) {
  (void)png;
  free(pointer);
}

// No messages on stderr: an error returns to the setjmp below, a warning is dropped.
static void OnError(png_structp png, png_const_charp message) {
  (void)message;
  png_longjmp(png, 1);
}
static void OnWarning(png_structp png, png_const_charp message) {
  (void)png;
  (void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return 0;
  png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, NULL, OnError, OnWarning,
                                             NULL, Allocate, Free);
  if (png == NULL) return 0;
  png_infop info = png_create_info_struct(png);
  if (info == NULL) {
    png_destroy_read_struct(&png, NULL, NULL);
    return 0;
  }
  png_bytep volatile row = NULL;
  if (setjmp(png_jmpbuf(png)) != 0) {
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
  }
  struct Reader reader = {data, size, 0};
  png_set_read_fn(png, &reader, ReadBytes);
  png_set_user_limits(png, 2048, 2048);
  png_set_chunk_malloc_max(png, 1 << 20);
  png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
  png_read_info(png, info);

  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  const png_uint_32 height = png_get_image_height(png, info);
  row = malloc(png_get_rowbytes(png, info));
  if (row == NULL) png_error(png, "out of memory");
  for (int pass = 0; pass < passes; pass++) {
    for (png_uint_32 y = 0; y < height; y++) png_read_row(png, row, NULL);
  }
  png_read_end(png, info);
  free(row);
  png_destroy_read_struct(&png, &info, NULL);
  return 0;
}
