// An LD_PRELOAD shim for cost.sh's instruction counts: a hivefuzz fuzzer's supervisor starts
// its engine child with execv("/proc/self/exe", ...), which valgrind 3.19 cannot follow (under
// valgrind /proc/self/exe is valgrind's own tool binary). With this shim preloaded into a
// supervisor that runs natively, that execv runs `valgrind <the fuzzer> <args>` instead, so
// only the engine child, which does the executions, runs under valgrind, with the options in
// HIVEFUZZ_VALGRIND_ARGS (separated by spaces, no quoting). Other execv calls pass through.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int execv(const char* path, char* const argv[]) {
  int (*real_execv)(const char*, char* const[]) =
      (int (*)(const char*, char* const[]))dlsym(RTLD_NEXT, "execv");
  if (strcmp(path, "/proc/self/exe") != 0) return real_execv(path, argv);
  static char self[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (length < 0) return -1;
  self[length] = '\0';
  const char* options = getenv("HIVEFUZZ_VALGRIND_ARGS");
  char* words = strdup(options != NULL ? options : "");
  size_t count = 0, option_count = 0;
  while (argv[count] != NULL) count++;
  for (const char* c = words; *c != '\0'; c++) option_count += *c == ' ';
  char** args = calloc(count + option_count + 3, sizeof(char*));
  if (words == NULL || args == NULL) {
    errno = ENOMEM;
    return -1;
  }
  size_t n = 0;
  args[n++] = "valgrind";
  for (char* word = strtok(words, " "); word != NULL; word = strtok(NULL, " ")) args[n++] = word;
  args[n++] = self;
  for (size_t i = 1; i < count; i++) args[n++] = argv[i];
  unsetenv("LD_PRELOAD");  // the child runs without the shim
  return execvp("valgrind", args);
}
