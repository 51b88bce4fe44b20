// Files and directories, with errors that name the path and say what to do. Every file the
// engine writes goes through WriteFileAtomic, so a reader never sees a half-written file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

using Bytes = std::vector<uint8_t>;

// Reads a whole regular file. Fails if it is larger than `max_size` bytes. Never blocks on a
// FIFO or a device: anything but a regular file is refused with what it is.
Result<Bytes> ReadFile(const std::string& path, size_t max_size = SIZE_MAX);
// Like ReadFile, but a file larger than `max_size` is not an error: its first `max_size` bytes
// are read (libFuzzer's loading with an explicit -max_len) and *truncated is set.
Result<Bytes> ReadFileHead(const std::string& path, size_t max_size, bool* truncated);

// Writes `data` to `dir/name` through a temporary file in `dir` and rename(2): the file appears
// whole or not at all, and no temporary is left behind on success or failure. The temporary is
// `.tmp-<name>-<pid>-XXXXXX`, so one a killed writer left is recognized by its pid
// (RemoveStaleTemporaries). No fsync: the guarantee is against crashes of the process, not of
// the machine.
Status WriteFileAtomic(const std::string& dir, const std::string& name, const uint8_t* data,
                       size_t size);

// The name of the supervisor's minimization work file, followed by its pid.
inline constexpr const char* kMinimizeWorkFilePrefix = ".hivefuzz-minimize-";

// Why a write into `dir` failed, for a message: the device's space or quota named as such,
// since the fix (free space, or write elsewhere) is not in the file's name.
std::string WriteErrorText(int error, const std::string& dir);

// Deletes what processes that no longer exist left in `dir` (not recursive): the temporaries
// of WriteFileAtomic (`.tmp-<name>-<pid>-XXXXXX`) and the supervisor's minimization work files
// (`.hivefuzz-minimize-<pid>`). Files of live processes, this one included, are kept. Returns
// the paths removed, sorted, so the caller can say what it cleaned up.
Result<std::vector<std::string>> RemoveStaleTemporaries(const std::string& dir);

// Paths of the regular files directly inside `dir` whose names start with `prefix` (dotfiles
// too, if the prefix says so), sorted by name; none if `dir` cannot be read.
std::vector<std::string> ListFilesWithPrefix(const std::string& dir, const std::string& prefix);

// Creates `dir` and its parents if missing, then checks that files can be created in it.
Status EnsureWritableDirectory(const std::string& dir);

bool IsDirectory(const std::string& path);
bool IsRegularFile(const std::string& path);

// What is at `path`, to follow the path in a message: "does not exist", "is a regular file",
// "is a directory", "is a FIFO (named pipe)", "is a socket", "is a character device", "is a
// block device", or "cannot be examined: <reason>". Symbolic links are followed.
std::string DescribePath(const std::string& path);

// The names of everything directly inside `dir`, dotfiles included ("." and ".." not), sorted.
Result<std::vector<std::string>> ListNames(const std::string& dir);

// Paths of the regular files directly inside `dir` (not recursive), sorted by name. Names that
// start with '.' are skipped: they are temporaries of WriteFileAtomic or editor files.
Result<std::vector<std::string>> ListRegularFiles(const std::string& dir);

// "dir/name", without doubling a trailing slash.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace hivefuzz
