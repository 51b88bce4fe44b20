// A planted bug behind an 8-byte magic, "HIVEFUZZ", compared one byte at a time in nested ifs,
// so each correct byte is one new edge: edge coverage alone climbs it byte by byte (no
// comparison tracing or dictionary needed). Must find: an input that starts with "HIVEFUZZ".
// Fails with abort() after printing one line. (The e2e tests also use this target as a
// harmless one: from the seed "H" it must not be solved in 20000 execs.)
// Calibration: libFuzzer, edge coverage only: 344k..1066k execs over 5 seeds.
// hivefuzz, 2 threads, Go's mutators, edge coverage only: 332k..7.3M (median 571k) execs over 15 runs.
// Budget: 30000000 execs with -parallel=2
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    if (size > 1 && data[1] == 'I') {
      if (size > 2 && data[2] == 'V') {
        if (size > 3 && data[3] == 'E') {
          if (size > 4 && data[4] == 'F') {
            if (size > 5 && data[5] == 'U') {
              if (size > 6 && data[6] == 'Z') {
                if (size > 7 && data[7] == 'Z') {
                  std::fprintf(stderr,
                               "magic_bytes: the input starts with the magic \"HIVEFUZZ\"\n");
                  std::abort();
                }
              }
            }
          }
        }
      }
    }
  }
  return 0;
}
