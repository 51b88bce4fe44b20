// The merge's orchestration: the control file's life (fresh, resumed, or reused from an earlier
// step as libFuzzer reuses it), engine children restarted past failing inputs, the result.
#include "supervisor/merge.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/exit_codes.h"
#include "base/file_util.h"
#include "encoding/content_hash.h"
#include "merge/control_file.h"
#include "merge/merge_params.h"
#include "merge/select_files.h"
#include "supervisor/engine_process.h"

namespace hivefuzz {
namespace {

struct SizedFile {
  std::string path;
  uint64_t size;
  bool operator<(const SizedFile& o) const {
    return size != o.size ? size < o.size : path < o.path;
  }
};

// Every regular file under `dir`, recursively (as libFuzzer lists a corpus), skipping names
// that start with '.' (WriteFileAtomic's temporaries, editor files).
void ListRecursive(const std::string& dir, std::vector<SizedFile>* out) {
  auto names = ListNames(dir);
  if (!names.ok()) return;
  for (const std::string& name : *names) {
    if (name[0] == '.') continue;
    std::string path = JoinPath(dir, name);
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      ListRecursive(path, out);
    } else if (S_ISREG(st.st_mode)) {
      out->push_back({path, uint64_t(st.st_size)});
    }
  }
}

std::string Absolute(const std::string& path) {
  if (path.starts_with("/")) return path;
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) == nullptr) return path;
  std::string p = path;
  while (p.starts_with("./")) p.erase(0, 2);
  return JoinPath(cwd, p);
}

std::string TextOf(const Bytes& data) { return std::string(data.begin(), data.end()); }

// Reads the control file, first removing a last line cut short by a kill (so that what is
// appended next starts on a line of its own). Empty when it does not exist.
Result<std::string> ReadRepaired(const std::string& path) {
  if (!IsRegularFile(path)) return std::string();
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  std::string text = TextOf(*data);
  size_t complete = merge::CompleteLinesLength(text);
  if (complete != text.size()) {
    if (truncate(path.c_str(), off_t(complete)) != 0) {
      return Status::Error("cannot repair the merge control file " + path + ": " +
                           std::strerror(errno));
    }
    text.resize(complete);
  }
  return text;
}

Status Append(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return Status::Error("cannot write " + path + ": " + std::strerror(errno));
  ssize_t n = write(fd, text.data(), text.size());
  int saved = errno;
  close(fd);
  if (n != ssize_t(text.size())) {
    return Status::Error("cannot write " + path + ": " +
                         (n < 0 ? std::strerror(saved) : "short write"));
  }
  return Status::Ok();
}

Status WriteWhole(const std::string& path, const std::string& text) {
  std::string dir = path.substr(0, path.find_last_of('/'));
  if (dir.empty()) dir = "/";
  return WriteFileAtomic(dir, path.substr(path.find_last_of('/') + 1),
                         reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

const char* FailureKind(EngineEnd end) {
  switch (end) {
    case EngineEnd::kTimeout:
      return "timeout";
    case EngineEnd::kOom:
      return "oom";
    default:
      return "crash";
  }
}

int Error(const std::string& message) {
  std::fprintf(stderr, "MERGE-OUTER: error: %s\n", message.c_str());
  return kExitError;
}

}  // namespace

int RunMerge(const Options& options, char** argv) {
  if (options.inputs.size() < 2) {
    std::fprintf(stderr, "INFO: Merge requires two or more corpus dirs\n");
    return kExitOk;
  }
  const std::string out_dir = Absolute(options.inputs[0]);
  for (size_t i = 1; i < options.inputs.size(); i++) {
    if (!IsDirectory(options.inputs[i])) {
      std::fprintf(stderr, "hivefuzz: -merge=1: %s %s; the corpora to merge are directories\n",
                   options.inputs[i].c_str(), DescribePath(options.inputs[i]).c_str());
      return kExitUsage;
    }
  }
  if (Status s = EnsureWritableDirectory(out_dir); !s.ok()) {
    return Error("the output corpus " + options.inputs[0] + ": " + s.message());
  }
  (void)RemoveStaleTemporaries(out_dir);
  InstallSignalHandling();

  std::vector<SizedFile> old_corpus, new_corpus;
  ListRecursive(out_dir, &old_corpus);
  for (size_t i = 1; i < options.inputs.size(); i++) {
    ListRecursive(Absolute(options.inputs[i]), &new_corpus);
  }
  std::sort(old_corpus.begin(), old_corpus.end());
  std::sort(new_corpus.begin(), new_corpus.end());
  const size_t total = old_corpus.size() + new_corpus.size();

  const bool temporary = options.merge_control_file.empty();
  std::string cf_path;
  if (temporary) {
    const char* tmp = std::getenv("TMPDIR");
    cf_path = JoinPath(tmp != nullptr && *tmp ? tmp : "/tmp",
                       "hivefuzz-merge-" + std::to_string(getpid()) + ".txt");
  } else {
    cf_path = Absolute(options.merge_control_file);
  }

  // libFuzzer's rules for a control file given again: a merge in progress resumes; a complete
  // merge of other files (ClusterFuzz's second step adds the new units) lends what its files
  // reached, and only the files it does not list are run.
  std::vector<merge::ControlEntry> known;
  bool resume = false;
  if (!temporary) {
    auto text = ReadRepaired(cf_path);
    if (!text.ok()) return Error(text.status().message());
    if (!text->empty()) {
      auto cf = merge::ParseControlFile(*text, /*with_coverage=*/false);
      if (!cf.ok()) {
        std::fprintf(stderr, "MERGE-OUTER: bad control file %s (%s), will overwrite it\n",
                     cf_path.c_str(), cf.status().message().c_str());
      } else if (cf->CountPending() > 0) {
        std::fprintf(stderr,
                     "MERGE-OUTER: control file ok, %zu files total, %zu processed earlier; "
                     "resuming\n",
                     cf->files.size(), cf->files.size() - cf->CountPending());
        resume = true;
      } else if (cf->files.size() == total) {
        std::fprintf(stderr,
                     "MERGE-OUTER: the control file holds a complete merge of %zu files; "
                     "nothing to run\n",
                     total);
        resume = true;
      } else {
        auto full = merge::ParseControlFile(*text, /*with_coverage=*/true);
        if (full.ok()) {
          std::fprintf(stderr,
                       "MERGE-OUTER: starting merge from scratch, but reusing coverage "
                       "information from the given control file (%zu files)\n",
                       full->files.size());
          known = std::move(full->files);
        }
      }
    }
  }
  if (!resume) {
    // The files known from the earlier control file keep their records, at the end of the list
    // (libFuzzer counts them among the other corpora): the new file is complete by itself, so
    // a merge killed now resumes from it with nothing lost.
    std::unordered_set<std::string> present;
    for (const auto* corpus : {&old_corpus, &new_corpus}) {
      for (const SizedFile& f : *corpus) present.insert(f.path);
    }
    std::erase_if(known, [&](const merge::ControlEntry& e) { return !present.contains(e.name); });
    std::unordered_set<std::string> skip;
    for (const merge::ControlEntry& e : known) skip.insert(e.name);
    std::vector<std::string> names;
    for (const SizedFile& f : old_corpus) {
      if (!skip.contains(f.path)) names.push_back(f.path);
    }
    size_t first = names.size();
    for (const SizedFile& f : new_corpus) {
      if (!skip.contains(f.path)) names.push_back(f.path);
    }
    size_t to_run = names.size();
    for (const merge::ControlEntry& e : known) names.push_back(e.name);
    std::fprintf(stderr,
                 "MERGE-OUTER: %zu files, %zu in the initial corpus, %zu processed earlier\n",
                 total, old_corpus.size(), known.size());
    if (names.empty()) {
      if (!temporary) unlink(cf_path.c_str());  // nothing to merge: nothing to resume from
    } else {
      std::string text = merge::FormatHeader(names, first);
      for (size_t k = 0; k < known.size(); k++) {
        const merge::ControlEntry& e = known[k];
        if (e.state == merge::FileState::kFailed) {
          text += merge::FormatFailure(to_run + k, e.size, e.failure);
        } else {
          merge::AppendRecord(&text, to_run + k, e.size, e.features, e.edges);
        }
      }
      if (Status s = WriteWhole(cf_path, text); !s.ok()) {
        return Error("cannot write the merge control file: " + s.message());
      }
      resume = true;
    }
    known.clear();
  }

  // Engine children until no input is left. A failure marked in a slot names its input; one
  // that could be any input in flight (memory over -rss_limit_mb, the process ended without a
  // mark) runs those suspects alone, one thread, so the next failure names one.
  std::vector<std::string> args;
  for (char** a = argv; *a != nullptr; a++) args.push_back(*a);
  merge::MergeChildParams params;
  params.control_file = cf_path;
  size_t last_progress = SIZE_MAX;
  for (int attempt = 1; resume; attempt++) {
    auto text = ReadRepaired(cf_path);
    if (!text.ok()) return Error(text.status().message());
    auto cf = merge::ParseControlFile(*text, /*with_coverage=*/false);
    if (!cf.ok()) return Error("merge control file " + cf_path + ": " + cf.status().message());
    std::vector<uint64_t> still;
    for (uint64_t i : params.only) {
      if (cf->files[i].state == merge::FileState::kPending) still.push_back(i);
    }
    params.only = still;
    if (params.only.empty()) params.threads = 0;
    if (cf->CountPending() == 0) break;
    size_t progress = cf->CountDone() + cf->CountFailed();
    if (progress == last_progress && params.only.empty()) {
      return Error("an engine child ended without running any input; stopping the merge");
    }
    last_progress = progress;
    if (attempt > 1) std::fprintf(stderr, "MERGE-OUTER: attempt %d\n", attempt);
    std::vector<std::string> env = {std::string(merge::kMergeVariable) + "=" +
                                    merge::FormatMergeParams(params)};
    ChildRun run = RunEngineChild(options, args, env, /*quiet=*/false);
    if (!run.started) return kExitError;
    Verdict verdict = VerdictOf(run);
    if (verdict.end == EngineEnd::kInterrupted || Interrupted()) {
      std::fprintf(stderr, "MERGE-OUTER: interrupted; %s\n",
                   temporary
                       ? "run the merge again to start over"
                       : ("rerun with -merge_control_file=" + cf_path + " to resume").c_str());
      if (temporary) unlink(cf_path.c_str());
      return kExitInterrupted;
    }
    if (verdict.end == EngineEnd::kFinished) {
      params.only.clear();
      continue;
    }
    if (verdict.end != EngineEnd::kCrash && verdict.end != EngineEnd::kTimeout &&
        verdict.end != EngineEnd::kOom) {
      if (temporary) unlink(cf_path.c_str());
      return Error(verdict.what.empty() ? "the merging engine failed" : verdict.what);
    }
    std::vector<const SlotSnapshot*> suspects;
    for (size_t c : verdict.culprits) {
      const SlotSnapshot& s = run.slots[c];
      if (s.seq == 0 || s.seq > cf->files.size()) continue;
      if (cf->files[s.seq - 1].state != merge::FileState::kPending) continue;
      suspects.push_back(&s);
    }
    if (suspects.empty()) {
      if (temporary) unlink(cf_path.c_str());
      return Error(verdict.what + ", with no input running");
    }
    bool marked = std::all_of(suspects.begin(), suspects.end(), [](const SlotSnapshot* s) {
      return s->state == SlotState::kCrashed;
    });
    if (suspects.size() > 1 && !marked && verdict.end != EngineEnd::kTimeout) {
      std::fprintf(stderr,
                   "MERGE-OUTER: %s; running the %zu inputs that were in flight one at a time\n",
                   verdict.what.c_str(), suspects.size());
      params.only.clear();
      for (const SlotSnapshot* s : suspects) params.only.push_back(s->seq - 1);
      std::sort(params.only.begin(), params.only.end());
      params.threads = 1;
      continue;
    }
    for (const SlotSnapshot* s : suspects) {
      size_t index = s->seq - 1;
      const std::string& name = cf->files[index].name;
      std::string what = s->state == SlotState::kCrashed ? DescribeFailure(*s) : verdict.what;
      std::fprintf(stderr, "MERGE-OUTER: %s failed (%s: %s); skipped\n", name.c_str(),
                   FailureKind(verdict.end), what.c_str());
      if (Status st = Append(cf_path,
                             merge::FormatFailure(index, s->data.size(), FailureKind(verdict.end)));
          !st.ok()) {
        return Error(st.message());
      }
    }
  }

  // Every input done or failed: choose, copy the new files into OUT, report as libFuzzer does.
  merge::ControlFile cf;
  if (resume) {
    auto text = ReadRepaired(cf_path);
    if (!text.ok()) return Error(text.status().message());
    if (!text->empty()) {
      auto parsed = merge::ParseControlFile(*text, /*with_coverage=*/true);
      if (!parsed.ok())
        return Error("merge control file " + cf_path + ": " + parsed.status().message());
      cf = std::move(*parsed);
    }
  }
  merge::Selection selection = merge::SelectNewFiles(cf.files, cf.num_in_first_corpus);
  for (size_t i : selection.chosen) {
    auto data = ReadFile(cf.files[i].name);
    if (!data.ok()) {
      std::fprintf(stderr, "MERGE-OUTER: cannot copy %s: %s\n", cf.files[i].name.c_str(),
                   data.status().message().c_str());
      continue;
    }
    std::string name = Sha1Hex(data->data(), data->size());
    if (IsRegularFile(JoinPath(out_dir, name))) continue;
    if (Status s = WriteFileAtomic(out_dir, name, data->data(), data->size()); !s.ok()) {
      return Error("cannot write to the output corpus: " + s.message());
    }
  }
  size_t failed = 0;
  for (const merge::ControlEntry& e : cf.files) failed += e.state == merge::FileState::kFailed;
  if (failed > 0) {
    std::fprintf(stderr,
                 "MERGE-OUTER: %zu input(s) failed (crash, timeout or oom) and were skipped\n",
                 failed);
  }
  std::fprintf(stderr,
               "MERGE-OUTER: %zu new files with %zu new features added; %zu new coverage edges\n",
               selection.chosen.size(), selection.new_features, selection.new_edges);
  if (temporary) unlink(cf_path.c_str());
  return kExitOk;
}

}  // namespace hivefuzz
