#include "supervisor/crash_report.h"

#include <fcntl.h>
#include <fmt/format.h>
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
      case CrashKind::kLeak:
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

std::string FormatStack(const std::vector<StackFrame>& frames) {
  std::string out;
  size_t n = 0;  // frame numbers count inlined frames too, as the sanitizers do
  for (const StackFrame& frame : frames) {
    std::string module = frame.module.empty()
                             ? std::string("(<unknown module>)")
                             : fmt::format("({}+0x{:x})", frame.module, frame.offset);
    if (frame.symbols.empty()) {
      out += fmt::format("    #{} 0x{:x}  {}\n", n++, frame.pc, module);
      continue;
    }
    for (const SymbolizedFrame& f : frame.symbols) {
      // Without a line, the module and offset say more than a bare file name.
      std::string where = f.file.empty() || f.line == 0 ? module
                          : f.column == 0 ? fmt::format("{}:{}", f.file, f.line)
                                          : fmt::format("{}:{}:{}", f.file, f.line, f.column);
      if (f.function.empty()) {
        out += fmt::format("    #{} 0x{:x}  {}\n", n++, frame.pc, where);
      } else {
        out += fmt::format("    #{} 0x{:x} in {} {}\n", n++, frame.pc, f.function, where);
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

std::string FailureStack(const SlotSnapshot& slot, const std::vector<ModuleSnapshot>& modules) {
  if (slot.frames.empty()) return "";
  Binary binary = ThisBinary();
  std::vector<StackFrame> frames(slot.frames.size());
  // Per module: the frames in it, and the addresses to look up.
  std::vector<std::vector<size_t>> in_module(modules.size());
  std::vector<std::vector<uint64_t>> lookups(modules.size());
  for (size_t i = 0; i < slot.frames.size(); i++) {
    uint64_t pc = slot.frames[i];
    frames[i].pc = pc;
    for (size_t m = 0; m < modules.size(); m++) {
      if (pc < modules[m].start || pc >= modules[m].end) continue;
      frames[i].module = modules[m].path.empty() ? binary.display : modules[m].path;
      frames[i].offset = pc - modules[m].bias;
      // A return address points after its call: look up the call itself, as the sanitizers
      // do. Frame 0 of a signal is the faulting instruction itself.
      bool exact = i == 0 && slot.kind == CrashKind::kSignal;
      uint64_t lookup = frames[i].offset;
      if (!exact && lookup > 0) lookup--;
      in_module[m].push_back(i);
      lookups[m].push_back(lookup);
      break;
    }
  }
  std::string symbolizer = FindSymbolizer();
  for (size_t m = 0; m < modules.size() && !symbolizer.empty(); m++) {
    if (lookups[m].empty()) continue;
    // The engine is this very binary; a library is opened by its path, which this process
    // (started from the same binary, with the same libraries) sees the same.
    const std::string& object = modules[m].path.empty() ? binary.open_path : modules[m].path;
    auto parsed = ParseSymbolizerOutput(RunSymbolizer(symbolizer, object, lookups[m]),
                                        lookups[m].size());
    for (size_t j = 0; j < in_module[m].size(); j++) {
      frames[in_module[m][j]].symbols = std::move(parsed[j]);
    }
  }
  return FormatStack(frames);
}

void PrintLibFuzzerReport(const Options& options, const Verdict& verdict, const SlotSnapshot* slot) {
  std::string name = LibFuzzerFailureName(options, verdict, slot);
  if (name.empty()) return;
  std::string text = fmt::format("=={}== ERROR: libFuzzer: {}\n", verdict.pid, name);
  if (slot != nullptr && slot->state == SlotState::kCrashed) {
    text += FailureStack(*slot, verdict.modules);
  }
  text += fmt::format("SUMMARY: libFuzzer: {}\n", LibFuzzerSummaryName(name));
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace hivefuzz
