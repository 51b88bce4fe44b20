// Reading and writing the merge control file (format in control_file.h); a hand-written
// parser, since a large merge's file holds millions of numbers.
#include "merge/control_file.h"

#include <algorithm>
#include <charconv>

namespace hivefuzz::merge {
namespace {

// libFuzzer's bound on the file count.
constexpr size_t kMaxFiles = 10'000'000;

// Splits `text` into lines; the last one, without its newline, is dropped (cut short).
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text.substr(0, CompleteLinesLength(text))) {}
  bool Next(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    *line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    number_++;
    return true;
  }
  size_t number() const { return number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t number_ = 0;
};

// Reads the next space-separated unsigned number of `*rest`; false at the end of the line.
template <typename T>
bool NextNumber(std::string_view* rest, T* value, bool* bad) {
  size_t start = rest->find_first_not_of(' ');
  if (start == std::string_view::npos) {
    *rest = {};
    return false;
  }
  const char* first = rest->data() + start;
  const char* last = rest->data() + rest->size();
  auto [ptr, ec] = std::from_chars(first, last, *value);
  if (ec != std::errc() || (ptr != last && *ptr != ' ')) {
    *bad = true;
    return false;
  }
  rest->remove_prefix(size_t(ptr - rest->data()));
  return true;
}

std::string_view NextWord(std::string_view* rest) {
  size_t start = rest->find_first_not_of(' ');
  if (start == std::string_view::npos) {
    *rest = {};
    return {};
  }
  size_t end = rest->find(' ', start);
  std::string_view word = rest->substr(start, end - start);
  rest->remove_prefix(end == std::string_view::npos ? rest->size() : end);
  return word;
}

void SortUnique(std::vector<uint32_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

size_t ControlFile::CountDone() const {
  return size_t(std::count_if(files.begin(), files.end(),
                              [](const ControlEntry& e) { return e.state == FileState::kDone; }));
}

size_t ControlFile::CountFailed() const {
  return size_t(std::count_if(files.begin(), files.end(),
                              [](const ControlEntry& e) { return e.state == FileState::kFailed; }));
}

size_t CompleteLinesLength(std::string_view text) {
  size_t last = text.rfind('\n');
  return last == std::string_view::npos ? 0 : last + 1;
}

Result<ControlFile> ParseControlFile(std::string_view text, bool with_coverage) {
  Lines lines(text);
  std::string_view line;
  auto error = [&](const std::string& what) {
    return Status::Error("line " + std::to_string(lines.number()) + ": " + what);
  };
  ControlFile cf;
  size_t num_files = 0;
  bool bad = false;
  if (!lines.Next(&line) || !NextNumber(&line, &num_files, &bad) || bad || num_files == 0 ||
      num_files > kMaxFiles) {
    return error("want the number of files (1 to 10000000)");
  }
  if (!lines.Next(&line) || !NextNumber(&line, &cf.num_in_first_corpus, &bad) || bad ||
      cf.num_in_first_corpus > num_files) {
    return error("want the number of files in the first corpus (at most the number of files)");
  }
  cf.files.resize(num_files);
  for (ControlEntry& entry : cf.files) {
    if (!lines.Next(&line)) return error("the file list ends early");
    entry.name = std::string(line);
  }
  // The record being read: its index, and which of its lines came so far.
  constexpr size_t kNone = SIZE_MAX;
  size_t current = kNone;
  uint64_t current_size = 0;
  bool have_ft = false;
  std::vector<uint32_t> features, edges;
  auto finish = [&](bool have_cov) {
    if (current == kNone || !have_ft || !have_cov) return;  // never finished: run it again
    ControlEntry& e = cf.files[current];
    e.state = FileState::kDone;
    e.size = current_size;
    e.failure.clear();
    if (with_coverage) {
      SortUnique(&features);
      SortUnique(&edges);
      e.features = features;
      e.edges = edges;
    }
  };
  while (lines.Next(&line)) {
    std::string_view rest = line;
    std::string_view marker = NextWord(&rest);
    size_t index = 0;
    if (!NextNumber(&rest, &index, &bad) || index >= num_files) {
      return error("want a marker and a file index below " + std::to_string(num_files));
    }
    if (marker == "STARTED") {
      current = index;
      have_ft = false;
      if (!NextNumber(&rest, &current_size, &bad)) return error("STARTED wants a size");
      std::string_view tag = NextWord(&rest);
      if (tag == "FAILED") {
        ControlEntry& e = cf.files[index];
        if (e.state != FileState::kDone) {
          e.state = FileState::kFailed;
          e.size = current_size;
          e.failure = std::string(NextWord(&rest));
        }
        current = kNone;
      }
      continue;
    }
    if (marker != "FT" && marker != "COV") return error("unknown marker");
    if (index != current) return error(std::string(marker) + " of a file not STARTED just before");
    std::vector<uint32_t>& numbers = marker == "FT" ? features : edges;
    if (marker == "FT") {
      if (have_ft) return error("a second FT line");
      have_ft = true;
      features.clear();
      edges.clear();
    } else if (!have_ft) {
      return error("COV before FT");
    }
    uint32_t n = 0;
    while (NextNumber(&rest, &n, &bad)) {
      if (with_coverage) numbers.push_back(n);
    }
    if (bad) return error("a number out of range");
    if (marker == "COV") {
      finish(true);
      current = kNone;
    }
  }
  return cf;
}

std::string FormatHeader(const std::vector<std::string>& names, size_t num_in_first_corpus) {
  std::string out =
      std::to_string(names.size()) + "\n" + std::to_string(num_in_first_corpus) + "\n";
  for (const std::string& name : names) {
    out += name;
    out += '\n';
  }
  return out;
}

namespace {
void AppendNumber(std::string* out, uint64_t n) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out->append(buf, ptr);
}
}  // namespace

void AppendRecord(std::string* out, size_t index, uint64_t size,
                  const std::vector<uint32_t>& features, const std::vector<uint32_t>& edges) {
  out->append("STARTED ");
  AppendNumber(out, index);
  out->push_back(' ');
  AppendNumber(out, size);
  out->append("\nFT ");
  AppendNumber(out, index);
  for (uint32_t f : features) {
    out->push_back(' ');
    AppendNumber(out, f);
  }
  out->append("\nCOV ");
  AppendNumber(out, index);
  for (uint32_t e : edges) {
    out->push_back(' ');
    AppendNumber(out, e);
  }
  out->push_back('\n');
}

std::string FormatFailure(size_t index, uint64_t size, const std::string& kind) {
  return "STARTED " + std::to_string(index) + " " + std::to_string(size) + " FAILED " + kind + "\n";
}

}  // namespace hivefuzz::merge
