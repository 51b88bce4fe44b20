#include "base/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hivefuzz {
namespace {

std::string Errno() { return std::strerror(errno); }

bool WriteAll(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= size_t(n);
  }
  return true;
}

}  // namespace

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

Result<Bytes> ReadFile(const std::string& path, size_t max_size) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Error("cannot open " + path + ": " + Errno());
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Status::Error(path + " is not a regular file");
  }
  if (size_t(st.st_size) > max_size) {
    close(fd);
    return Status::Error(path + " is " + std::to_string(st.st_size) +
                         " bytes, larger than the input limit of " + std::to_string(max_size) +
                         " bytes (-max_len)");
  }
  Bytes data(size_t(st.st_size));
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

Status WriteFileAtomic(const std::string& dir, const std::string& name, const uint8_t* data,
                       size_t size) {
  std::string tmp = JoinPath(dir, ".tmp-" + name + "-XXXXXX");
  int fd = mkstemp(tmp.data());
  if (fd < 0) {
    return Status::Error("cannot create a file in " + dir + ": " + Errno() +
                         " (check that the directory exists and is writable)");
  }
  bool ok = WriteAll(fd, data, size) && fchmod(fd, 0644) == 0;
  std::string err = ok ? "" : Errno();
  if (close(fd) != 0 && ok) {
    ok = false;
    err = Errno();
  }
  std::string path = JoinPath(dir, name);
  if (ok && rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    err = Errno();
  }
  if (!ok) {
    unlink(tmp.c_str());
    return Status::Error("cannot write " + path + ": " + err);
  }
  return Status::Ok();
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

Result<std::vector<std::string>> ListRegularFiles(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status::Error("cannot read directory " + dir + ": " + Errno());
  std::vector<std::string> paths;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string path = JoinPath(dir, e->d_name);
    if (IsRegularFile(path)) paths.push_back(std::move(path));
  }
  closedir(d);
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace hivefuzz
