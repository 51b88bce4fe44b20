// The corpus on disk: reading seed and cache directories at start, and writing each new input
// once, atomically, named by its SHA-1 (libFuzzer's naming).
#pragma once

#include <time.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "corpus/input.h"

namespace hivefuzz {

struct LoadedFiles {
  std::vector<std::unique_ptr<Input>> inputs;
  size_t skipped = 0;    // cache files that could not be used
  size_t truncated = 0;  // files cut to max_len (`truncate` below)
  size_t vanished = 0;   // listed seed files deleted before they were read
  std::string first_skip_reason;
};

// Reads every regular file of each seed directory. A file that cannot be read, or is larger
// than `max_len`, is an error naming it: seeds are the user's, so nothing is silently dropped.
// A missing directory is an error too; a file deleted after the listing is not (LoadSeedFiles).
// With `truncate` (an explicit -max_len, as libFuzzer loads a corpus), a larger file is cut to
// its first `max_len` bytes and counted instead.
Result<LoadedFiles> LoadSeedDirectories(const std::vector<std::string>& dirs, size_t max_len,
                                        bool truncate = false);

// Reads listed seed files as above. A file that no longer exists was deleted after the listing
// by another fuzzer sharing its directory (libFuzzer and hivefuzz delete the entries they
// replace): it is counted in `vanished`, not an error.
Result<LoadedFiles> LoadSeedFiles(const std::vector<std::string>& paths, size_t max_len,
                                  bool truncate = false);

// Reads the cache directory. Unusable files are skipped and counted (the caller prints one
// warning line); a missing directory is an empty cache. `truncate` as above.
Result<LoadedFiles> LoadCacheDirectory(const std::string& dir, size_t max_len,
                                       bool truncate = false);

// Size of the largest regular file in `dirs` (for the automatic -max_len); missing dirs count 0.
size_t LargestFileSize(const std::vector<std::string>& dirs);

// libFuzzer's -reload: finds the files that appeared in a corpus directory since the last
// look, which other processes (fuzzers sharing the directory) wrote there. A name is read at
// most once: names seen before, and the files this engine wrote itself (MarkKnown), are never
// read again. A listing is skipped while the directory's mtime says nothing was added since
// a listing made well after its last change. Used by the coordinator only.
class CorpusWatcher {
 public:
  explicit CorpusWatcher(std::string dir) : dir_(std::move(dir)) {}
  // `path` (dir/name, as read or written) needs no reading.
  void MarkKnown(const std::string& path);
  // The files with new names, each read up to `max_len` bytes (a larger one is cut to that,
  // as libFuzzer's reload does). Dot files (a writer's temporaries) are left for later; files
  // that cannot be read are skipped and not retried.
  std::vector<std::unique_ptr<Input>> TakeNewFiles(size_t max_len);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::set<std::string> known_;  // names in dir_
  bool have_quiet_mtime_ = false;
  struct timespec quiet_mtime_ {};
};

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
