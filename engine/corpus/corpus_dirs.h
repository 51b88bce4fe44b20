// The corpus on disk: reading seed and cache directories at start, and writing each new input
// once, atomically, named by its SHA-1 (libFuzzer's naming).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "corpus/input.h"

namespace hivefuzz {

struct LoadedFiles {
  std::vector<std::unique_ptr<Input>> inputs;
  size_t skipped = 0;    // cache files that could not be used
  size_t truncated = 0;  // files cut to max_len (`truncate` below)
  std::string first_skip_reason;
};

// Reads every regular file of each seed directory. A file that cannot be read, or is larger
// than `max_len`, is an error naming it: seeds are the user's, so nothing is silently dropped.
// A missing directory is an error too. With `truncate` (an explicit -max_len, as libFuzzer
// loads a corpus), a larger file is cut to its first `max_len` bytes and counted instead.
Result<LoadedFiles> LoadSeedDirectories(const std::vector<std::string>& dirs, size_t max_len,
                                        bool truncate = false);

// Reads the cache directory. Unusable files are skipped and counted (the caller prints one
// warning line); a missing directory is an empty cache. `truncate` as above.
Result<LoadedFiles> LoadCacheDirectory(const std::string& dir, size_t max_len,
                                       bool truncate = false);

// Size of the largest regular file in `dirs` (for the automatic -max_len); missing dirs count 0.
size_t LargestFileSize(const std::vector<std::string>& dirs);

// Writes new inputs to one directory. Thread-compatible: used by the coordinator only.
class CorpusWriter {
 public:
  explicit CorpusWriter(std::string dir) : dir_(std::move(dir)) {}
  // Writes `input` as dir/<sha1 hex> unless that file exists; sets input.path.
  Status Write(Input& input) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

}  // namespace hivefuzz
