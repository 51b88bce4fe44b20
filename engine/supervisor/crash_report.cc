#include "supervisor/crash_report.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "base/clock.h"

extern "C" char __executable_start;
extern "C" char etext;
extern char** environ;

namespace hivefuzz {
namespace {

constexpr uint64_t kSymbolizerTimeoutNs = 20'000'000'000;

bool IsExecutable(const std::string& path) {
  struct stat st;
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

std::string OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t begin = 0;
  while (begin <= dirs.size()) {
    size_t end = dirs.find(':', begin);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(begin, end - begin);
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (IsExecutable(candidate)) return candidate;
    begin = end + 1;
  }
  return "";
}

uint64_t OwnLoadBias() {
  uint64_t bias = 0;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        *static_cast<uint64_t*>(out) = info->dlpi_addr;
        return 1;  // the first object is the executable
      },
      &bias);
  return bias;
}

// The executable as a path the symbolizer can open, and as a name to print.
struct Binary {
  std::string open_path;
  std::string display;
};

Binary ThisBinary() {
  Binary b;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n > 0) b.display.assign(buf, size_t(n));
  // The supervisor runs the same binary as the engine that died. A binary replaced or deleted
  // since it started is still readable through /proc/<pid>/exe.
  b.open_path = "/proc/" + std::to_string(getpid()) + "/exe";
  if (b.display.empty()) b.display = b.open_path;
  return b;
}

// Runs `symbolizer` on `offsets` in `binary`; returns its standard output, or "" on failure
// (not started, or killed after kSymbolizerTimeoutNs).
std::string RunSymbolizer(const std::string& symbolizer, const std::string& binary,
                          const std::vector<uint64_t>& offsets) {
  std::vector<std::string> args = {symbolizer, "--obj=" + binary, "--inlines", "--demangle"};
  for (uint64_t off : offsets) args.push_back(fmt::format("0x{:x}", off));
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, symbolizer.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return "";
  }
  std::string out;
  uint64_t deadline = MonotonicNanos() + kSymbolizerTimeoutNs;
  bool timed_out = false;
  for (;;) {
    uint64_t now = MonotonicNanos();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    pollfd p{pipe_fds[0], POLLIN, 0};
    int ready = poll(&p, 1, int((deadline - now) / 1'000'000) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buf[4096];
    ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, size_t(n));
  }
  close(pipe_fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return "";
  return out;
}

}  // namespace

std::string LibFuzzerFailureName(const Options& options, const Verdict& verdict,
                                 const SlotSnapshot* slot) {
  bool marked = slot != nullptr && slot->state == SlotState::kCrashed;
  switch (verdict.end) {
    case EngineEnd::kTimeout:
      return fmt::format("timeout after {} seconds", options.timeout_ns / 1'000'000'000);
    case EngineEnd::kOom:
      if (marked && slot->kind == CrashKind::kMallocLimit) {
        // The engine's message starts with libFuzzer's words: "out-of-memory (malloc(N))".
        size_t end = slot->message.find("): ");
        return end == std::string::npos ? "out-of-memory (malloc)"
                                        : slot->message.substr(0, end + 1);
      }
      return fmt::format("out-of-memory (used: {}Mb; exceeds: {}Mb)", verdict.peak_rss_mb,
                         options.rss_limit_mb);
    case EngineEnd::kCrash:
      break;
    default:
      return "";
  }
  if (marked) {
    if (slot->sanitizer_reported) return "";
    switch (slot->kind) {
      case CrashKind::kSanitizer:
        return "";  // the sanitizer's report is the headline
      case CrashKind::kExit:
        return "fuzz target exited";
      case CrashKind::kOverwrite:
        return "fuzz target overwrites its const input";
      case CrashKind::kSignal:
      case CrashKind::kException:  // libFuzzer sees std::terminate's abort()
      default:
        return "deadly signal";
    }
  }
  // Unmarked: _exit() or quick_exit() in the target, or a signal no handler marked.
  if (verdict.what.starts_with("fuzz target exited")) return "fuzz target exited";
  return "deadly signal";
}

std::string LibFuzzerSummaryName(const std::string& name) {
  if (name.starts_with("timeout")) return "timeout";
  if (name.starts_with("out-of-memory")) return "out-of-memory";
  return name;
}

std::string FormatStack(const std::vector<uint64_t>& pcs, const std::vector<bool>& in_binary,
                        const std::vector<uint64_t>& offsets,
                        const std::vector<std::vector<SymbolizedFrame>>& symbols,
                        const std::string& binary) {
  std::string out;
  size_t n = 0;  // frame numbers count inlined frames too, as the sanitizers do
  for (size_t i = 0; i < pcs.size(); i++) {
    if (!in_binary[i]) {
      out += fmt::format("    #{} 0x{:x}  (<unknown module>)\n", n++, pcs[i]);
      continue;
    }
    std::string module = fmt::format("({}+0x{:x})", binary, offsets[i]);
    const std::vector<SymbolizedFrame>* frames = i < symbols.size() ? &symbols[i] : nullptr;
    if (frames == nullptr || frames->empty()) {
      out += fmt::format("    #{} 0x{:x}  {}\n", n++, pcs[i], module);
      continue;
    }
    for (const SymbolizedFrame& f : *frames) {
      std::string where = module;
      if (!f.file.empty()) {
        where = f.line == 0    ? f.file
                : f.column == 0 ? fmt::format("{}:{}", f.file, f.line)
                                : fmt::format("{}:{}:{}", f.file, f.line, f.column);
      }
      if (f.function.empty()) {
        out += fmt::format("    #{} 0x{:x}  {}\n", n++, pcs[i], where);
      } else {
        out += fmt::format("    #{} 0x{:x} in {} {}\n", n++, pcs[i], f.function, where);
      }
    }
  }
  return out;
}

std::vector<std::vector<SymbolizedFrame>> ParseSymbolizerOutput(const std::string& output,
                                                                size_t count) {
  std::vector<std::vector<SymbolizedFrame>> result(count);
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < output.size()) {
    size_t end = output.find('\n', begin);
    if (end == std::string::npos) end = output.size();
    lines.push_back(output.substr(begin, end - begin));
    begin = end + 1;
  }
  size_t address = 0;
  size_t i = 0;
  while (address < count && i < lines.size()) {
    if (lines[i].empty()) {  // the end of one address's frames
      address++;
      i++;
      continue;
    }
    if (i + 1 >= lines.size()) break;
    SymbolizedFrame f;
    if (lines[i] != "??") f.function = lines[i];
    const std::string& loc = lines[i + 1];  // file:line:column, "??:0:0" when unknown
    size_t c2 = loc.rfind(':');
    size_t c1 = c2 == std::string::npos || c2 == 0 ? std::string::npos : loc.rfind(':', c2 - 1);
    if (c1 != std::string::npos) {
      std::string file = loc.substr(0, c1);
      if (file != "??") {
        f.file = file;
        f.line = uint32_t(std::strtoul(loc.c_str() + c1 + 1, nullptr, 10));
        f.column = uint32_t(std::strtoul(loc.c_str() + c2 + 1, nullptr, 10));
      }
    }
    if (!f.function.empty() || !f.file.empty()) result[address].push_back(f);
    i += 2;
  }
  return result;
}

std::string FindSymbolizer() {
  if (const char* env = std::getenv("ASAN_SYMBOLIZER_PATH"); env != nullptr && *env != '\0') {
    return IsExecutable(env) ? env : "";
  }
  if (std::string p = OnPath("llvm-symbolizer"); !p.empty()) return p;
  for (int version = 30; version >= 10; version--) {
    if (std::string p = OnPath(fmt::format("llvm-symbolizer-{}", version)); !p.empty()) return p;
  }
  for (int version = 30; version >= 10; version--) {
    std::string p = fmt::format("/usr/lib/llvm-{}/bin/llvm-symbolizer", version);
    if (IsExecutable(p)) return p;
  }
  return "";
}

std::string FailureStack(const SlotSnapshot& slot, uint64_t load_bias) {
  if (slot.frames.empty()) return "";
  // The engine is this very binary: its code lies at the same offsets from the load bias.
  uint64_t own_bias = OwnLoadBias();
  uint64_t code_begin = reinterpret_cast<uintptr_t>(&__executable_start) - own_bias;
  uint64_t code_end = reinterpret_cast<uintptr_t>(&etext) - own_bias;
  std::vector<bool> in_binary;
  std::vector<uint64_t> offsets, lookups;
  for (size_t i = 0; i < slot.frames.size(); i++) {
    uint64_t off = slot.frames[i] - load_bias;
    bool inside = slot.frames[i] >= load_bias && off >= code_begin && off < code_end;
    in_binary.push_back(inside);
    offsets.push_back(off);
    // A return address points after its call: look up the call itself, as the sanitizers do.
    // Frame 0 of a signal is the faulting instruction itself.
    bool exact = i == 0 && slot.kind == CrashKind::kSignal;
    if (inside) lookups.push_back(exact || off == 0 ? off : off - 1);
  }
  Binary binary = ThisBinary();
  std::vector<std::vector<SymbolizedFrame>> symbols(slot.frames.size());
  std::string symbolizer = FindSymbolizer();
  if (!symbolizer.empty() && !lookups.empty()) {
    std::string output = RunSymbolizer(symbolizer, binary.open_path, lookups);
    auto parsed = ParseSymbolizerOutput(output, lookups.size());
    for (size_t i = 0, j = 0; i < slot.frames.size(); i++) {
      if (in_binary[i]) symbols[i] = std::move(parsed[j++]);
    }
  }
  return FormatStack(slot.frames, in_binary, offsets, symbols, binary.display);
}

void PrintLibFuzzerReport(const Options& options, const Verdict& verdict, const SlotSnapshot* slot) {
  std::string name = LibFuzzerFailureName(options, verdict, slot);
  if (name.empty()) return;
  std::string text = fmt::format("=={}== ERROR: libFuzzer: {}\n", verdict.pid, name);
  if (slot != nullptr && slot->state == SlotState::kCrashed) {
    text += FailureStack(*slot, verdict.load_bias);
  }
  text += fmt::format("SUMMARY: libFuzzer: {}\n", LibFuzzerSummaryName(name));
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace hivefuzz
