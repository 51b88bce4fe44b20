// What a parsed command line means on disk: fuzzing, replaying files, merging or benchmarking
// (DetermineRunMode), and the user's paths made absolute for an engine that may chdir().
#include <limits.h>
#include <unistd.h>

#include <string>

#include "base/file_util.h"
#include "options/options.h"

namespace hivefuzz {

Result<RunMode> DetermineRunMode(const Options& options) {
  if (options.merge) return RunMode::kMerge;  // -merge=1: its directories are checked there
  if (options.bench) {
    for (const std::string& path : options.inputs) {
      if (!IsDirectory(path)) {
        return Status::Error("-bench=1: " + path + " " +
                             (IsRegularFile(path) ? "is a file" : DescribePath(path)) +
                             "; the benchmark reads corpus directories (and never writes them)");
      }
    }
    return RunMode::kBench;
  }
  size_t files = 0, dirs = 0;
  for (size_t i = 0; i < options.inputs.size(); i++) {
    const std::string& path = options.inputs[i];
    if (IsRegularFile(path)) {
      files++;
    } else if (IsDirectory(path)) {
      dirs++;
    } else if (std::string what = DescribePath(path); what.starts_with("is ")) {
      // A FIFO, socket or device: neither read as an input nor creatable as a directory.
      return Status::Error(path + " " + what +
                           ": give corpus directories (to fuzz) or regular files (to replay)");
    } else if (i == 0) {
      dirs++;  // the output corpus directory; it is created
    } else {
      return Status::Error(path +
                           " does not exist (corpus directories other than the first, "
                           "and files to replay, must exist)");
    }
  }
  if (files > 0 && dirs > 0) {
    return Status::Error(
        "give either corpus directories (to fuzz) or files (to replay them), "
        "not both");
  }
  return files > 0 ? RunMode::kReplay : RunMode::kFuzz;
}

namespace {

// `path` against `cwd` if relative; a leading "./" is dropped ("./out/" -> "<cwd>/out/").
std::string Absolute(const std::string& cwd, std::string path) {
  if (path.starts_with("/")) return path;
  while (path.starts_with("./")) path.erase(0, 2);
  return JoinPath(cwd, path);
}

}  // namespace

void MakePathsAbsolute(Options& options) {
  char buffer[PATH_MAX];
  // Without a current directory (it was deleted) there is nothing to resolve against; the
  // paths stay relative and fail later with their own messages.
  if (getcwd(buffer, sizeof(buffer)) == nullptr) return;
  const std::string cwd = buffer;
  auto resolve = [&](std::string& path) {
    if (!path.empty()) path = Absolute(cwd, path);  // "" means "none" for these flags
  };
  for (std::string& path : options.inputs) resolve(path);
  for (std::string& path : options.seed_corpus_dirs) resolve(path);
  for (std::string& path : options.dictionaries) resolve(path);
  resolve(options.cache_dir);
  resolve(options.stats_file);
  resolve(options.bench_out);
  for (std::string& path : options.seed_inputs) resolve(path);  // libFuzzer's -seed_inputs
  resolve(options.stop_file);                                   // libFuzzer's -stop_file
  // A prefix, not a path: "" and "./" are the current directory, "out/crash-" keeps "crash-".
  options.artifact_prefix =
      Absolute(cwd, options.artifact_prefix.empty() ? "./" : options.artifact_prefix);
}

}  // namespace hivefuzz
