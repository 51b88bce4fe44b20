#include "e2e/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace hivefuzz::e2e {

std::string BinaryPath(const std::string& name) {
  const char* dir = std::getenv("HIVEFUZZ_BIN_DIR");
  return std::string(dir ? dir : ".") + "/" + name;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

pid_t FirstChild(pid_t pid) {
  std::string children =
      ReadText("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  return pid_t(std::atoi(children.c_str()));
}

}  // namespace

RunResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     int timeout_s, int interrupt_after_ms, int signal_child_after_ms,
                     int child_signal) {
  RunOptions options;
  options.timeout_s = timeout_s;
  if (interrupt_after_ms > 0) options.signals.push_back({interrupt_after_ms, SIGINT, false});
  if (signal_child_after_ms > 0) {
    options.signals.push_back({signal_child_after_ms, child_signal, true});
  }
  return RunProcessWith(argv, env, options);
}

RunResult RunProcessWith(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                         const RunOptions& options) {
  char log_template[] = "/tmp/hivefuzz-e2e-log-XXXXXX";
  int log_fd = -1, pipe_fds[2] = {-1, -1};
  if (options.output == OutputMode::kFile) {
    log_fd = mkstemp(log_template);
  } else {
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return {};
    log_fd = pipe_fds[1];
  }
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; e++) env_strings.push_back(*e);
  for (const auto& e : env) env_strings.push_back(e);
  std::vector<char*> envp, args;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& a : argv_copy) args.push_back(a.data());
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid == 0) {
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    signal(SIGPIPE, SIG_DFL);  // as a shell leaves it
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  RunResult result;
  if (options.output != OutputMode::kFile) {
    close(pipe_fds[1]);
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  }
  std::vector<TimedSignal> pending = options.signals;
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  bool probed = false;
  bool exited = false, pipe_open = options.output != OutputMode::kFile;
  while (!exited || pipe_open) {
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) exited = true;
    if (pipe_open) {
      char buf[4096];
      ssize_t n;
      while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) result.output.append(buf, size_t(n));
      if (n == 0) pipe_open = false;
      size_t newline = result.output.find('\n');
      if (options.output == OutputMode::kPipeClosedEarly && newline != std::string::npos) {
        result.output.resize(newline + 1);
        close(pipe_fds[0]);  // the reader goes away
        pipe_open = false;
      }
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    for (auto it = pending.begin(); !exited && it != pending.end();) {
      pid_t target = it->to_engine ? FirstChild(pid) : pid;
      if (elapsed > std::chrono::milliseconds(it->after_ms) && target > 0) {
        kill(target, it->signal);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    if (options.probe && !probed && !exited &&
        elapsed > std::chrono::milliseconds(options.probe_after_ms)) {
      if (pid_t engine = FirstChild(pid); engine > 0) {
        options.probe(pid, engine);
        probed = true;
      }
    }
    if (elapsed > std::chrono::seconds(options.timeout_s)) {
      result.timed_out = true;
      if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
      }
      break;
    }
    if (!exited || pipe_open) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (options.output == OutputMode::kFile) {
    close(log_fd);
    result.output = ReadText(log_template);
    unlink(log_template);
  } else if (pipe_open) {
    close(pipe_fds[0]);
  }
  return result;
}

}  // namespace hivefuzz::e2e
