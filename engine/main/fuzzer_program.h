// The fuzzer program as a function: main() of a fuzzer binary, and libFuzzer's
// LLVMFuzzerRunDriver for programs that have a main() of their own, both call it.
#pragma once

#include "target/target.h"

namespace hivefuzz {

// Runs the fuzzer program (supervisor, or engine child when the supervisor started this
// process) on `test_one_input` with the command line `argv`; returns the exit code. `typed`:
// a typed fuzz test's argument types and seeds, used by the engine children, and how re-run
// commands name the program (null: plain bytes, argv[0]).
int RunFuzzerProgram(int argc, char** argv, TestOneInputFn test_one_input,
                     const TypedTarget* typed = nullptr);

// True in a process the supervisor started as an engine child (fuzzing, replaying, minimizing
// or merging), before RunFuzzerProgram has run in it.
bool IsEngineChildProcess();

}  // namespace hivefuzz
