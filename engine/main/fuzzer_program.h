// The fuzzer program as a function: main() of a fuzzer binary, and libFuzzer's
// LLVMFuzzerRunDriver for programs that have a main() of their own, both call it.
#pragma once

#include "target/target.h"

namespace hivefuzz {

// Runs the fuzzer program (supervisor, or engine child when the supervisor started this
// process) on `test_one_input` with the command line `argv`; returns the exit code.
int RunFuzzerProgram(int argc, char** argv, TestOneInputFn test_one_input);

}  // namespace hivefuzz
