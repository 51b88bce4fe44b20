// main() of a fuzzer binary built around LLVMFuzzerTestOneInput. A program with its own main()
// calls LLVMFuzzerRunDriver instead (fuzzer_program.cc); this file is then not linked in.
#include "main/fuzzer_program.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  return hivefuzz::RunFuzzerProgram(argc, argv, LLVMFuzzerTestOneInput);
}
