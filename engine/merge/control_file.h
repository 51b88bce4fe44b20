// The merge control file (-merge_control_file): libFuzzer's format, read and written. It lists
// the files to merge and records, input by input, what each reached, so a killed merge resumes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace hivefuzz::merge {

// libFuzzer's layout, which hivefuzz writes and reads:
//
//   3              the number of files
//   1              how many of them are in the first (output) corpus, listed first
//   out/a          one path a line
//   in/b
//   in/c
//   STARTED 0 12   file 0 (12 bytes) began...
//   FT 0 8 9 17    ...reached these features...
//   COV 0 1 2      ...and these edges: it is done
//   STARTED 2 40 FAILED crash
//
// A worker writes an input's three lines with one write(2) after the input ran; with several
// workers the records come in no particular order (one worker: in order, exactly as libFuzzer
// writes them). An input whose run failed (crash, hang, memory) is marked by the supervisor
// with a STARTED line carrying "FAILED <kind>" (libFuzzer reads past the size, so it still
// parses there). A STARTED line without the FT and COV lines after it, or a record cut short
// by a kill, is an input that never finished: it is run again. libFuzzer's own files, whose
// lone STARTED line means "failed", therefore rerun that input once, which fails again and is
// then marked.

enum class FileState : uint8_t { kPending, kDone, kFailed };

struct ControlEntry {
  std::string name;
  FileState state = FileState::kPending;
  uint64_t size = 0;               // as run (after -max_len), from STARTED
  std::vector<uint32_t> features;  // sorted, distinct (parsed with coverage only)
  std::vector<uint32_t> edges;     // sorted, distinct (parsed with coverage only)
  std::string failure;             // the FAILED kind ("crash", "timeout", "oom")
};

struct ControlFile {
  std::vector<ControlEntry> files;
  size_t num_in_first_corpus = 0;

  size_t CountDone() const;
  size_t CountFailed() const;
  size_t CountPending() const { return files.size() - CountDone() - CountFailed(); }
};

// Parses the text of a control file. With `with_coverage` false the FT and COV numbers are
// checked for syntax but not kept (the engine child only needs to know what is left). A last
// line without its newline (a write cut short) is ignored. Errors say what line is wrong.
Result<ControlFile> ParseControlFile(std::string_view text, bool with_coverage);

// The header: counts and the file names, one a line.
std::string FormatHeader(const std::vector<std::string>& names, size_t num_in_first_corpus);

// One finished input's record, its three lines. `features` and `edges` in any order.
void AppendRecord(std::string* out, size_t index, uint64_t size,
                  const std::vector<uint32_t>& features, const std::vector<uint32_t>& edges);

// The supervisor's mark of an input whose run failed: "STARTED i size FAILED kind\n".
std::string FormatFailure(size_t index, uint64_t size, const std::string& kind);

// The length of `text` up to and including its last newline: what is left of a file after
// removing a line cut short.
size_t CompleteLinesLength(std::string_view text);

}  // namespace hivefuzz::merge
