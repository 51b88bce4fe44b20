// libFuzzer's words for a failure, printed by the supervisor before its own report, so that
// tools that classify libFuzzer output (ClusterFuzz's stack analyzer) classify hivefuzz's:
// "==PID== ERROR: libFuzzer: deadly signal" (or timeout, out-of-memory, fuzz target exited),
// the failing thread's stack in the sanitizers' frame format, "SUMMARY: libFuzzer: ...".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "options/options.h"
#include "supervisor/verdict.h"

namespace hivefuzz {

// libFuzzer's name of the failure after "ERROR: libFuzzer: " ("deadly signal", "timeout after
// 10 seconds", "out-of-memory (used: 2100Mb; exceeds: 2048Mb)", "fuzz target exited", ...), or
// "" when a sanitizer reported it already (its own "ERROR: AddressSanitizer: ..." names it).
// `slot` is the failing slot, or null.
std::string LibFuzzerFailureName(const Options& options, const Verdict& verdict,
                                 const SlotSnapshot* slot);

// The short form for "SUMMARY: libFuzzer: ...": the name without its details.
std::string LibFuzzerSummaryName(const std::string& name);

// One frame as a symbolizer named it.
struct SymbolizedFrame {
  std::string function;  // "" if unknown
  std::string file;      // "" if unknown
  uint32_t line = 0;
  uint32_t column = 0;
};

// One frame of a stack to print: its address, the module it lies in ("" if none is known)
// and its offset there, and what the symbolizer said (inlined frames first; empty if unknown).
struct StackFrame {
  uint64_t pc = 0;
  std::string module;
  uint64_t offset = 0;
  std::vector<SymbolizedFrame> symbols;
};

// Formats frames (innermost first) as the sanitizers do: "    #0 0x55d0c0 in Func file.cc:12:3",
// "    #1 0x7f12 in abort (/lib/x86_64-linux-gnu/libc.so.6+0x2646f)", "    #2 0x55d0  (bin+0x1f)",
// "    #3 0x7f13  (<unknown module>)"; an inlined frame gets its own number.
std::string FormatStack(const std::vector<StackFrame>& frames);

// Parses llvm-symbolizer's default output for `count` addresses (per address: a function line
// and a file:line:column line per inlined frame, then an empty line).
std::vector<std::vector<SymbolizedFrame>> ParseSymbolizerOutput(const std::string& output,
                                                                size_t count);

// The symbolizer to use: $ASAN_SYMBOLIZER_PATH if set, else llvm-symbolizer (or a versioned
// llvm-symbolizer-N) on $PATH, else /usr/lib/llvm-N/bin/llvm-symbolizer; "" if none.
std::string FindSymbolizer();

// The failing slot's stack, symbolized when a symbolizer is found, in the sanitizers' format;
// "" when the slot has no frames. `modules` are the engine's (EngineState::modules): the
// executable (this very binary) and the shared libraries it had loaded.
std::string FailureStack(const SlotSnapshot& slot, const std::vector<ModuleSnapshot>& modules);

// Prints libFuzzer's headline, the stack (plain builds) and libFuzzer's SUMMARY line for a
// failure, on stderr; nothing when a sanitizer printed its own report.
void PrintLibFuzzerReport(const Options& options, const Verdict& verdict, const SlotSnapshot* slot);

}  // namespace hivefuzz
