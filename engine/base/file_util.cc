// Files and directories: reads that never block, atomic writes whose temporaries carry the
// writer's pid, and the cleanup of what killed writers left.
#include "base/file_util.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <string_view>

namespace hivefuzz {
namespace {

std::string Errno() { return std::strerror(errno); }

// Writes until done or an error; returns the bytes written, errno set when short. A write that
// makes no progress is reported as ENOSPC rather than retried forever.
size_t WriteAll(int fd, const uint8_t* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      break;
    }
    done += size_t(n);
  }
  return done;
}

// "is a FIFO (named pipe)" and so on, for a file that is there.
std::string DescribeMode(mode_t mode) {
  if (S_ISREG(mode)) return "is a regular file";
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  return "is not a regular file";
}

// Why a read of `path` is refused: it is not a regular file.
Status NotARegularFile(const std::string& path, mode_t mode) {
  return Status::Error(path + " " + DescribeMode(mode) + ", not a regular file; give a file");
}

// The pid in "<digits>" if it is one a process could have; 0 otherwise.
pid_t ParsePid(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return 0;
  long long pid = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid > 0 && pid <= INT_MAX ? pid_t(pid) : 0;
}

// The writer's pid in a temporary of WriteFileAtomic (".tmp-<name>-<pid>-XXXXXX", read from the
// end because <name> may hold dashes and digits) or a minimization work file; 0 for any other
// name, including temporaries from before the pid was part of the name.
pid_t TemporaryOwner(std::string_view name) {
  constexpr std::string_view kTmp = ".tmp-";
  std::string_view minimize = kMinimizeWorkFilePrefix;
  if (name.starts_with(minimize)) return ParsePid(name.substr(minimize.size()));
  constexpr size_t kRandom = 6;  // mkstemp's XXXXXX
  if (!name.starts_with(kTmp) || name.size() < kTmp.size() + 1 + 1 + 1 + 1 + kRandom) return 0;
  size_t random_dash = name.size() - kRandom - 1;
  if (name[random_dash] != '-') return 0;
  for (char c : name.substr(random_dash + 1)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return 0;
  }
  size_t pid_dash = name.rfind('-', random_dash - 1);
  if (pid_dash == std::string_view::npos || pid_dash <= kTmp.size()) return 0;  // no <name>
  return ParsePid(name.substr(pid_dash + 1, random_dash - pid_dash - 1));
}

bool ProcessIsGone(pid_t pid) { return kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

namespace {
Result<Bytes> ReadFileUpTo(const std::string& path, size_t max_size, bool* truncated) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever. It
  // changes nothing for the reads of a regular file, the only kind read below.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::Error("cannot open " + path + ": " + Errno());
  struct stat st;
  if (fstat(fd, &st) != 0) {
    std::string err = Errno();
    close(fd);
    return Status::Error("cannot examine " + path + ": " + err);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return NotARegularFile(path, st.st_mode);
  }
  if (truncated != nullptr) *truncated = size_t(st.st_size) > max_size;
  if (size_t(st.st_size) > max_size && truncated == nullptr) {
    close(fd);
    return Status::Error(path + " is " + std::to_string(st.st_size) +
                         " bytes, larger than the input limit of " + std::to_string(max_size) +
                         " bytes (-max_len)");
  }
  Bytes data(std::min(size_t(st.st_size), max_size));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = n < 0 ? Errno() : "file shrank while reading";
      close(fd);
      return Status::Error("cannot read " + path + ": " + err);
    }
    done += size_t(n);
  }
  close(fd);
  return data;
}
}  // namespace

Result<Bytes> ReadFile(const std::string& path, size_t max_size) {
  return ReadFileUpTo(path, max_size, nullptr);
}

Result<Bytes> ReadFileHead(const std::string& path, size_t max_size, bool* truncated) {
  bool ignored = false;
  return ReadFileUpTo(path, max_size, truncated != nullptr ? truncated : &ignored);
}

std::string WriteErrorText(int error, const std::string& dir) {
  const std::string where = dir.empty() ? "." : dir;
  if (error == ENOSPC) {
    return "no space left on the device of " + where + "; free space there or write elsewhere";
  }
  if (error == EDQUOT) {
    return "disk quota exceeded on the device of " + where +
           "; free space there or write elsewhere";
  }
  return std::strerror(error);
}

Status WriteFileAtomic(const std::string& dir, const std::string& name, const uint8_t* data,
                       size_t size) {
  std::string tmp = JoinPath(dir, ".tmp-" + name + "-" + std::to_string(getpid()) + "-XXXXXX");
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    int error = errno;
    std::string hint = error == ENOSPC || error == EDQUOT
                           ? ""
                           : " (check that the directory exists and is writable)";
    return Status::Error("cannot create a file in " + (dir.empty() ? "." : dir) + ": " +
                         WriteErrorText(error, dir) + hint);
  }
  std::string err;
  size_t written = WriteAll(fd, data, size);
  if (written < size) {
    err = WriteErrorText(errno, dir);
    if (written > 0) {
      err +=
          " (" + std::to_string(written) + " of " + std::to_string(size) + " bytes were written)";
    }
  } else if (fchmod(fd, 0644) != 0) {
    err = Errno();
  }
  // close() may report a write error the file system deferred (NFS, quotas).
  if (close(fd) != 0 && err.empty()) err = WriteErrorText(errno, dir);
  std::string path = JoinPath(dir, name);
  if (err.empty() && rename(tmp.c_str(), path.c_str()) != 0) err = WriteErrorText(errno, dir);
  if (!err.empty()) {
    unlink(tmp.c_str());
    return Status::Error("cannot write " + path + ": " + err);
  }
  return Status::Ok();
}

Result<std::vector<std::string>> RemoveStaleTemporaries(const std::string& dir) {
  auto names = ListNames(dir);
  if (!names.ok()) return names.status();
  std::vector<std::string> removed;
  for (const std::string& name : *names) {
    pid_t owner = TemporaryOwner(name);
    if (owner == 0 || !ProcessIsGone(owner)) continue;
    std::string path = JoinPath(dir, name);
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    // A file that cannot be removed (another user's, a read-only directory) is left as it is:
    // it is harmless, and the cleanup is a courtesy, not a condition to run.
    if (unlink(path.c_str()) == 0) removed.push_back(std::move(path));
  }
  return removed;
}

std::vector<std::string> ListFilesWithPrefix(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> paths;
  auto names = ListNames(dir);
  if (!names.ok()) return paths;
  for (const std::string& name : *names) {
    if (!name.starts_with(prefix)) continue;
    std::string path = JoinPath(dir, name);
    if (IsRegularFile(path)) paths.push_back(std::move(path));
  }
  return paths;
}

Status EnsureWritableDirectory(const std::string& dir) {
  if (dir.empty()) return Status::Error("empty directory name");
  std::string partial;
  for (size_t pos = 0; pos != std::string::npos;) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::Error("cannot create directory " + partial + ": " + Errno());
    }
  }
  if (!IsDirectory(dir)) return Status::Error(dir + " exists but is not a directory");
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return Status::Error("directory " + dir + " is not writable: " + Errno());
  }
  return Status::Ok();
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string DescribePath(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return DescribeMode(st.st_mode);
  if (errno == ENOENT) return "does not exist";
  return "cannot be examined: " + Errno();
}

Result<std::vector<std::string>> ListNames(const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error), end;
  std::vector<std::string> names;
  for (; !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  if (error) return Status::Error("cannot read directory " + dir + ": " + error.message());
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::vector<std::string>> ListRegularFiles(const std::string& dir) {
  auto names = ListNames(dir);
  if (!names.ok()) return names.status();
  std::vector<std::string> paths;
  for (const std::string& name : *names) {
    if (name[0] == '.') continue;
    std::string path = JoinPath(dir, name);
    if (IsRegularFile(path)) paths.push_back(std::move(path));
  }
  return paths;
}

}  // namespace hivefuzz
