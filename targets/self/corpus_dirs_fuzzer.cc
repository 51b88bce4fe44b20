// Self-fuzzing of corpus loading: the input describes a small directory (files, empty
// subdirectories, symlinks) that is created in this thread's own scratch directory, loaded with
// LoadSeedDirectories, LoadCacheDirectory and LargestFileSize, compared with a model, then emptied.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "corpus/corpus_dirs.h"

namespace {

namespace fs = std::filesystem;

// Workers run inputs concurrently, so each thread owns a directory, made on first use and
// removed when the thread ends (a crashed run leaves /tmp/hivefuzz-self-corpus-* behind).
struct ScratchDir {
  std::string path;
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/hivefuzz-self-corpus-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Empty() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(path, ec)) fs::remove_all(e.path(), ec);
  }
};

enum class Kind { kFile, kDir, kLink };

struct Entry {
  Kind kind;
  std::string content;  // kFile
  std::string target;   // kLink: an earlier entry's name, or a dangling one
};

// Follows links as stat(2) does: nullptr for a dangling link or a loop (a link may point at a
// name that a later record creates, which can close a cycle; Linux gives up after 40 links).
const Entry* Resolve(const std::map<std::string, Entry>& entries, std::string name) {
  for (int hops = 0; hops <= 40; hops++) {
    auto it = entries.find(name);
    if (it == entries.end()) return nullptr;
    if (it->second.kind != Kind::kLink) return &it->second;
    name = it->second.target;
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  thread_local ScratchDir scratch;
  if (size == 0) return 0;
  const size_t max_len = data[0];
  size_t pos = 1;
  auto next = [&]() -> uint8_t { return pos < size ? data[pos++] : 0; };

  // Records: [kind:2 | name length - 1:5] [name] [content length or link target index] [content]
  std::map<std::string, Entry> entries;
  std::vector<std::string> order;  // names in creation order, for link targets
  for (int record = 0; record < 16 && pos < size; record++) {
    uint8_t head = next();
    std::string name;
    for (size_t n = (head & 31) + 1; n > 0 && pos < size; n--) {
      char c = static_cast<char>(next());
      name.push_back(c == '/' || c == '\0' ? '_' : c);  // one path component, no NUL
    }
    uint8_t arg = next();
    if (name.empty() || name == "." || name == ".." || entries.count(name)) continue;
    std::string path = scratch.path + "/" + name;
    Entry e;
    switch (head >> 6) {
      case 2:
        e.kind = Kind::kDir;
        if (mkdir(path.c_str(), 0755) != 0) continue;
        break;
      case 3:
        e.kind = Kind::kLink;
        e.target = order.empty() || arg >= order.size() ? "missing" : order[arg];
        if (symlink(e.target.c_str(), path.c_str()) != 0) continue;
        break;
      default: {
        e.kind = Kind::kFile;
        size_t length = std::min<size_t>(arg, size - pos);
        e.content.assign(reinterpret_cast<const char*>(data + pos), length);
        pos += length;
        FILE* f = fopen(path.c_str(), "wb");
        if (f == nullptr) continue;
        fwrite(e.content.data(), 1, e.content.size(), f);
        fclose(f);
      }
    }
    entries.emplace(name, e);
    order.push_back(name);
  }

  // What the loaders must see: regular files (links followed), names not starting with '.',
  // sorted by path.
  std::map<std::string, std::string> expected;  // path -> content
  size_t largest = 0, too_large = 0;
  for (const auto& [name, e] : entries) {
    const Entry* r = Resolve(entries, name);
    if (r == nullptr || r->kind != Kind::kFile) continue;
    if (name[0] == '.') continue;
    largest = std::max(largest, r->content.size());
    expected[scratch.path + "/" + name] = r->content;
    if (r->content.size() > max_len) too_large++;
  }

  auto cache = hivefuzz::LoadCacheDirectory(scratch.path, max_len);
  if (!cache.ok()) __builtin_trap();
  if (cache->inputs.size() + cache->skipped != expected.size()) __builtin_trap();
  if (cache->skipped != too_large) __builtin_trap();
  if ((cache->skipped == 0) != cache->first_skip_reason.empty()) __builtin_trap();
  for (const auto& input : cache->inputs) {
    auto it = expected.find(input->path);
    if (it == expected.end() || input->data.size() > max_len) __builtin_trap();
    if (std::string(input->data.begin(), input->data.end()) != it->second) __builtin_trap();
    if (input->source != hivefuzz::InputSource::kCache) __builtin_trap();
  }

  auto seeds = hivefuzz::LoadSeedDirectories({scratch.path}, max_len);
  // Seeds are never silently dropped: either all of them load or the call fails.
  if (seeds.ok() != (too_large == 0)) __builtin_trap();
  if (seeds.ok()) {
    if (seeds->inputs.size() != expected.size() || seeds->skipped != 0) __builtin_trap();
    auto it = expected.begin();
    for (const auto& input : seeds->inputs) {
      if (input->path != it->first) __builtin_trap();  // sorted by name, like the model
      if (std::string(input->data.begin(), input->data.end()) != it->second) __builtin_trap();
      if (input->source != hivefuzz::InputSource::kSeed) __builtin_trap();
      ++it;
    }
  }

  if (hivefuzz::LargestFileSize({scratch.path}) != largest) __builtin_trap();
  scratch.Empty();
  return 0;
}
