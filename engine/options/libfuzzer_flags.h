// libFuzzer's whole flag surface (compiler-rt/lib/fuzzer/FuzzerFlags.def, clang 14 and later):
// every flag a tool that drives libFuzzer may pass is accepted in its -name=value form. Each
// is one of: a hivefuzz flag already (options.cc parses it), implemented here with libFuzzer's
// meaning, mapped onto the nearest hivefuzz behaviour, or accepted and ignored with one INFO
// line that says why. ParseCommandLine (options.cc) calls AddLibFuzzerFlags before parsing
// and ApplyLibFuzzerFlags after.
#pragma once

#include <map>
#include <span>
#include <string>

#include "base/status.h"
#include "options/options.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace hivefuzz {

enum class LibFuzzerFlagKind {
  kHivefuzz,     // hivefuzz has this flag itself (options.cc): libFuzzer's meaning
  kImplemented,  // registered here, implemented with libFuzzer's meaning
  kMapped,       // registered here, run as the nearest hivefuzz behaviour (an INFO line says how)
  kIgnored,      // registered here, accepted and ignored (an INFO line says why)
  kOtherWork,    // registered by other work (merge, minimize/cleanse, final stats), not here
};

struct LibFuzzerFlag {
  const char* name;  // without the dash
  LibFuzzerFlagKind kind;
  // kIgnored: why, one phrase; kMapped: what hivefuzz does instead; otherwise what it does.
  const char* what;
};

// Every flag of libFuzzer, in FuzzerFlags.def's order.
std::span<const LibFuzzerFlag> LibFuzzerFlags();

// The flags registered here, as given: their text, and the CLI11 option (count() > 0 when given).
struct LibFuzzerFlagValues {
  std::map<std::string, std::string> text;
  std::map<std::string, CLI::Option*> option;
};

// Registers every kImplemented, kMapped and kIgnored flag that `app` does not have yet (so
// another registration of the same name, made before this call, wins).
void AddLibFuzzerFlags(CLI::App& app, LibFuzzerFlagValues& values);

// Sets `options` from the flags given, checks their values (a bad one is a usage error naming
// the flag), and adds one INFO line per ignored or mapped flag given to
// options.startup_notes. `parallel_given`: -parallel was on the command line (it wins over
// -fork/-jobs/-workers).
Status ApplyLibFuzzerFlags(const LibFuzzerFlagValues& values, bool parallel_given,
                           Options& options);

}  // namespace hivefuzz
