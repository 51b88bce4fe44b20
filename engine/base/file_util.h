// Files and directories, with errors that name the path and say what to do. Every file the
// engine writes goes through WriteFileAtomic, so a reader never sees a half-written file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace hivefuzz {

using Bytes = std::vector<uint8_t>;

// Reads a whole regular file. Fails if it is larger than `max_size` bytes.
Result<Bytes> ReadFile(const std::string& path, size_t max_size = SIZE_MAX);

// Writes `data` to `dir/name` through a temporary file in `dir` and rename(2): the file appears
// whole or not at all, and no temporary is left behind on success or failure.
Status WriteFileAtomic(const std::string& dir, const std::string& name, const uint8_t* data,
                       size_t size);

// Creates `dir` and its parents if missing, then checks that files can be created in it.
Status EnsureWritableDirectory(const std::string& dir);

bool IsDirectory(const std::string& path);
bool IsRegularFile(const std::string& path);

// Paths of the regular files directly inside `dir` (not recursive), sorted by name. Names that
// start with '.' are skipped: they are temporaries of WriteFileAtomic or editor files.
Result<std::vector<std::string>> ListRegularFiles(const std::string& dir);

// "dir/name", without doubling a trailing slash.
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace hivefuzz
