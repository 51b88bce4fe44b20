#include "corpus/corpus_dirs.h"

#include <sys/stat.h>

#include <algorithm>

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

}  // namespace

Result<LoadedFiles> LoadSeedDirectories(const std::vector<std::string>& dirs, size_t max_len,
                                        bool truncate) {
  LoadedFiles loaded;
  for (const std::string& dir : dirs) {
    if (!IsDirectory(dir)) {
      return Status::Error("seed corpus directory " + dir +
                           " does not exist or is not a directory");
    }
    auto files = ListRegularFiles(dir);
    if (!files.ok()) return files.status();
    for (const std::string& path : *files) {
      auto data = ReadCorpusFile(path, max_len, truncate, loaded);
      if (!data.ok()) {
        return Status::Error("bad seed file: " + data.status().message() +
                             "\nFix or remove the file, or raise -max_len, then run again.");
      }
      auto input = std::make_unique<Input>();
      input->data = std::move(*data);
      input->source = InputSource::kSeed;
      input->path = path;
      loaded.inputs.push_back(std::move(input));
    }
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

Status CorpusWriter::Write(Input& input) const {
  std::string name = ToHex(input.sha1);
  std::string path = JoinPath(dir_, name);
  input.path = path;
  if (IsRegularFile(path)) return Status::Ok();
  return WriteFileAtomic(dir_, name, input.data.data(), input.data.size());
}

}  // namespace hivefuzz
