// For end-to-end tests of LLVMFuzzerRunDriver: a program with a main() of its own that hands
// the command line and its callback to the engine; the callback fails on inputs that start
// with 'F' (one bit flip from the seed "f").
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerRunDriver(int* argc, char*** argv,
                                   int (*callback)(const uint8_t* data, size_t size));

namespace {

int FailsOnF(const uint8_t* data, size_t size) {
  if (size > 0 && data[0] == 'F') std::abort();
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return LLVMFuzzerRunDriver(&argc, &argv, FailsOnF); }
