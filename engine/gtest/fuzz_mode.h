// Which part a process plays for its fuzz tests: a plain run replays them (regression mode);
// with -fuzz=<regexp> it is the supervisor of one of them; the engine children it starts run
// that one test with the engine inside f.Fuzz.
#pragma once

#include <string>
#include <vector>

namespace hivefuzz {

// Set in the environment of the engine children: the full name of the fuzz test they run.
inline constexpr const char* kFuzzTestVariable = "HIVEFUZZ_FUZZ_TEST";
// Set in the environment of the engine children: where they write the f.Add seeds as files.
inline constexpr const char* kSeedsDirVariable = "HIVEFUZZ_SEEDS_DIR";

// This process as an engine child of one fuzz test: its command line is the engine's.
struct EngineChildRole {
  std::string full_name;
  std::vector<std::string> args;  // argv, the engine's flags
  bool reached_fuzz = false;      // f.Fuzz ran the engine
  int exit_code = 0;              // what the engine returned
};

// The role of this process, or null in a plain run or in the supervisor.
EngineChildRole* CurrentEngineChild();

// main() of a fuzz test binary (hivefuzz_gtest_main). Picks the role: engine child (the
// supervisor's environment says so), supervisor of the test -fuzz= (or $HIVEFUZZ_FUZZ) names,
// or GoogleTest as usual.
int FuzzTestMain(int argc, char** argv);

// The -fuzz= pattern of a command line, else $HIVEFUZZ_FUZZ; "" if neither.
std::string FuzzPattern(const std::vector<std::string>& args);

// The registered fuzz tests whose full name ("Suite.Name") the ECMAScript regexp `pattern`
// matches somewhere, as Go's -fuzz matches; *error is set for an invalid pattern.
std::vector<std::string> MatchFuzzTests(const std::string& pattern, std::string* error);

}  // namespace hivefuzz
