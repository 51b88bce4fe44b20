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
  char log_template[] = "/tmp/hivefuzz-e2e-log-XXXXXX";
  int log_fd = mkstemp(log_template);
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
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  RunResult result;
  auto start = std::chrono::steady_clock::now();
  bool interrupted = false;
  int status = 0;
  while (true) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (interrupt_after_ms > 0 && !interrupted &&
        elapsed > std::chrono::milliseconds(interrupt_after_ms)) {
      kill(pid, SIGINT);
      interrupted = true;
    }
    if (signal_child_after_ms > 0 && elapsed > std::chrono::milliseconds(signal_child_after_ms)) {
      if (pid_t child = FirstChild(pid); child > 0) {
        kill(child, child_signal);
        signal_child_after_ms = 0;
      }
    }
    if (elapsed > std::chrono::seconds(timeout_s)) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  close(log_fd);
  result.output = ReadText(log_template);
  unlink(log_template);
  return result;
}

}  // namespace hivefuzz::e2e
