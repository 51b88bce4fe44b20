#include "corpus/corpus_dirs.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "base/file_util.h"

namespace hivefuzz {
namespace {

Result<Bytes> ReadCorpusFile(const std::string& path, size_t max_len, bool truncate,
                             LoadedFiles& loaded) {
  if (!truncate) return ReadFile(path, max_len);
  bool truncated = false;
  auto data = ReadFileHead(path, max_len, &truncated);
  if (data.ok() && truncated) loaded.truncated++;
  return data;
}

// `to` - `from`, or a negative number when `to` is earlier.
int64_t NanosBetween(const timespec& from, const timespec& to) {
  return (int64_t(to.tv_sec) - int64_t(from.tv_sec)) * 1'000'000'000 +
         (int64_t(to.tv_nsec) - int64_t(from.tv_nsec));
}

}  // namespace

Result<LoadedFiles> LoadSeedDirectories(const std::vector<std::string>& dirs, size_t max_len,
                                        bool truncate) {
  std::vector<std::string> paths;
  for (const std::string& dir : dirs) {
    if (!IsDirectory(dir)) {
      return Status::Error("seed corpus directory " + dir +
                           " does not exist or is not a directory");
    }
    auto files = ListRegularFiles(dir);
    if (!files.ok()) return files.status();
    paths.insert(paths.end(), files->begin(), files->end());
  }
  return LoadSeedFiles(paths, max_len, truncate);
}

Result<LoadedFiles> LoadSeedFiles(const std::vector<std::string>& paths, size_t max_len,
                                  bool truncate) {
  LoadedFiles loaded;
  for (const std::string& path : paths) {
    auto data = ReadCorpusFile(path, max_len, truncate, loaded);
    if (!data.ok()) {
      // Another fuzzer sharing the directory (a -fork sibling, a -jobs job) may delete a file
      // it replaced between the listing and this read: that file is no seed to fail on.
      struct stat st;
      if (lstat(path.c_str(), &st) != 0 && errno == ENOENT) {
        loaded.vanished++;
        continue;
      }
      return Status::Error("bad seed file: " + data.status().message() +
                           "\nFix or remove the file, or raise -max_len, then run again.");
    }
    auto input = std::make_unique<Input>();
    input->data = std::move(*data);
    input->source = InputSource::kSeed;
    input->path = path;
    loaded.inputs.push_back(std::move(input));
  }
  return loaded;
}

Result<LoadedFiles> LoadCacheDirectory(const std::string& dir, size_t max_len, bool truncate) {
  LoadedFiles loaded;
  if (dir.empty() || !IsDirectory(dir)) return loaded;
  auto files = ListRegularFiles(dir);
  if (!files.ok()) return files.status();
  for (const std::string& path : *files) {
    auto data = ReadCorpusFile(path, max_len, truncate, loaded);
    if (!data.ok()) {
      if (loaded.skipped++ == 0) loaded.first_skip_reason = data.status().message();
      continue;
    }
    auto input = std::make_unique<Input>();
    input->data = std::move(*data);
    input->source = InputSource::kCache;
    input->path = path;
    loaded.inputs.push_back(std::move(input));
  }
  return loaded;
}

size_t LargestFileSize(const std::vector<std::string>& dirs) {
  size_t largest = 0;
  for (const std::string& dir : dirs) {
    auto files = ListRegularFiles(dir);
    if (!files.ok()) continue;
    for (const std::string& path : *files) {
      struct stat st;
      if (stat(path.c_str(), &st) == 0) largest = std::max(largest, size_t(st.st_size));
    }
  }
  return largest;
}

void CorpusWatcher::MarkKnown(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (JoinPath(dir_, name) == path) known_.insert(std::move(name));  // not another dir's file
}

std::vector<std::unique_ptr<Input>> CorpusWatcher::TakeNewFiles(size_t max_len) {
  std::vector<std::unique_ptr<Input>> found;
  struct stat st;
  if (stat(dir_.c_str(), &st) != 0) return found;
  if (have_quiet_mtime_ && st.st_mtim.tv_sec == quiet_mtime_.tv_sec &&
      st.st_mtim.tv_nsec == quiet_mtime_.tv_nsec) {
    return found;  // nothing added or renamed in since the last full listing
  }
  // The mtime may be trusted next time only if this listing comes well after the last change:
  // an entry added within the same timestamp tick, after the listing, would not change it.
  timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  have_quiet_mtime_ = NanosBetween(st.st_mtim, now) >= 2'000'000'000;
  quiet_mtime_ = st.st_mtim;
  auto names = ListNames(dir_);
  if (!names.ok()) {
    have_quiet_mtime_ = false;
    return found;
  }
  for (const std::string& name : *names) {
    if (name[0] == '.' || known_.count(name) != 0) continue;
    std::string path = JoinPath(dir_, name);
    struct stat file;
    if (stat(path.c_str(), &file) != 0) continue;  // gone again
    // A file changed within the last second may still be being written (libFuzzer writes its
    // corpus files in place): it is read at a later look.
    int64_t age = NanosBetween(file.st_mtim, now);  // negative: a clock skew; not waited for
    if (S_ISREG(file.st_mode) && age >= 0 && age < 1'000'000'000) {
      have_quiet_mtime_ = false;
      continue;
    }
    known_.insert(name);
    if (!S_ISREG(file.st_mode)) continue;  // a directory, a FIFO: never read
    auto data = ReadFileHead(path, max_len, nullptr);
    if (!data.ok()) continue;
    auto input = std::make_unique<Input>();
    input->data = std::move(*data);
    input->source = InputSource::kSeed;
    input->path = path;
    found.push_back(std::move(input));
  }
  return found;
}

Status CorpusWriter::Write(Input& input) const {
  std::string name = ToHex(input.sha1);
  std::string path = JoinPath(dir_, name);
  input.path = path;
  if (IsRegularFile(path)) return Status::Ok();
  return WriteFileAtomic(dir_, name, input.data.data(), input.data.size());
}

}  // namespace hivefuzz
