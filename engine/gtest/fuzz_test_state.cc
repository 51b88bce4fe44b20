// The runtime of hivefuzz/fuzz_test.h: T, and FuzzTestState's two ways to run a fuzz function
// (every seed and testdata file once, or the engine in a fuzzing child).
#include <gtest/gtest-spi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>

#include "base/check.h"
#include "encoding/go_corpus_file.h"
#include "encoding/typed_input.h"
#include "gtest/corpus_entries.h"
#include "gtest/fuzz_mode.h"
#include "gtest/registry.h"
#include "hivefuzz/fuzz_test.h"
#include "main/fuzzer_program.h"

namespace hivefuzz {

void T::Error(std::string_view message, const char* file, int line) {
  ::testing::internal::AssertHelper(::testing::TestPartResult::kNonFatalFailure, file, line,
                                    std::string(message).c_str()) = ::testing::Message();
}

void T::Fatal(std::string_view message, const char* file, int line) {
  ::testing::internal::AssertHelper(::testing::TestPartResult::kFatalFailure, file, line,
                                    std::string(message).c_str()) = ::testing::Message();
  throw internal::StopInput{};
}

void T::Skip(std::string_view) { throw internal::SkipInput{}; }

void T::RunCleanups() {
  while (!cleanups_.empty()) {
    std::function<void()> fn = std::move(cleanups_.back());
    cleanups_.pop_back();
    try {
      fn();
    } catch (const std::exception& e) {
      ADD_FAILURE() << "an exception escaped a t.Cleanup function: " << e.what();
    } catch (...) {
      ADD_FAILURE() << "an exception escaped a t.Cleanup function";
    }
  }
}

namespace internal {

namespace {

enum class InputResult { kPassed, kFailed, kSkipped };

// Catches gtest's failures of this thread into `results` while it lives.
struct CaughtResults {
  ::testing::TestPartResultArray results;
  ::testing::ScopedFakeTestPartResultReporter reporter{
      ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results};
};

// Runs the fuzz function on one input. gtest's results of this thread are caught in `caught`,
// this input's from index `first` on. While fuzzing, a failure prints them and ends the process
// (the engine sees a crash; the supervisor records, isolates and minimizes the input like any
// other) and an escaping exception goes on to the engine, which reports it; in a plain run the
// exception's text is left in *escaped.
InputResult RunOneInput(const TypedCall& call, const std::vector<Value>& values,
                        const std::string& name, bool fuzzing, const CaughtResults& caught,
                        int first, std::string* escaped) {
  bool skipped = false;
  T t(name);
  try {
    call(t, values);
  } catch (const StopInput&) {
  } catch (const SkipInput&) {
    skipped = true;
  } catch (const std::exception& e) {
    if (fuzzing) {
      t.RunCleanups();
      throw;
    }
    *escaped = std::string("an exception escaped the fuzz function: ") + e.what();
  } catch (...) {
    if (fuzzing) {
      t.RunCleanups();
      throw;
    }
    *escaped = "an exception of an unknown type escaped the fuzz function";
  }
  t.RunCleanups();
  bool failed = !escaped->empty();
  for (int i = first; i < caught.results.size(); i++) {
    const ::testing::TestPartResult& r = caught.results.GetTestPartResult(i);
    skipped |= r.skipped();
    failed |= r.failed();
  }
  if (failed && fuzzing) {
    for (int i = first; i < caught.results.size(); i++) {
      const ::testing::TestPartResult& r = caught.results.GetTestPartResult(i);
      if (!r.failed()) continue;
      std::fprintf(stderr, "%s:%d: Failure\n%s\n", r.file_name() ? r.file_name() : "unknown",
                   r.line_number(), r.message());
    }
    std::fflush(stderr);
    std::abort();
  }
  return failed ? InputResult::kFailed : skipped ? InputResult::kSkipped : InputResult::kPassed;
}

// A plain run: the input's failures are reported again, once no longer caught, under its name.
InputResult RunRegressionInput(const TypedCall& call, const std::vector<Value>& values,
                               const std::string& name) {
  std::vector<::testing::TestPartResult> failures;
  std::string escaped;
  InputResult result;
  {
    CaughtResults caught;
    result = RunOneInput(call, values, name, /*fuzzing=*/false, caught, 0, &escaped);
    for (int i = 0; i < caught.results.size(); i++) {
      if (caught.results.GetTestPartResult(i).failed()) {
        failures.push_back(caught.results.GetTestPartResult(i));
      }
    }
  }
  for (const ::testing::TestPartResult& r : failures) {
    ::testing::internal::AssertHelper(r.type(), r.file_name(), r.line_number(),
                                      ("input " + name + ":\n" + r.message()).c_str()) =
        ::testing::Message();
  }
  if (!escaped.empty()) ADD_FAILURE() << "input " << name << ": " << escaped;
  return result;
}

// What the engine's workers call in a fuzzing child: set once before the engine starts.
struct ChildTarget {
  std::vector<GoType> shape;
  const TypedCall* call = nullptr;
};
ChildTarget g_child_target;

int FuzzedInput(const uint8_t* data, size_t size) {
  // Per thread, made once: an execution allocates only while its arguments outgrow the last.
  thread_local std::vector<GoValue> go_values;
  thread_local std::vector<Value> values;
  thread_local const std::string no_name;
  thread_local CaughtResults caught;
  DecodeTypedInput(g_child_target.shape, {data, size}, &go_values);
  values.resize(go_values.size());
  for (size_t i = 0; i < go_values.size(); i++) AssignFromGoValue(go_values[i], &values[i]);
  // Only a failure ends the process; other results (a skip) stay, and are passed over.
  thread_local std::string unused;
  InputResult result = RunOneInput(*g_child_target.call, values, no_name, /*fuzzing=*/true, caught,
                                   caught.results.size(), &unused);
  return result == InputResult::kSkipped ? -1 : 0;
}

std::vector<Value> FromGoValues(const std::vector<GoValue>& go_values) {
  std::vector<Value> values;
  for (const GoValue& v : go_values) values.push_back(FromGoValue(v));
  return values;
}

std::vector<GoValue> ToGoValues(const std::vector<Value>& values) {
  std::vector<GoValue> go_values;
  for (const Value& v : values) go_values.push_back(ToGoValue(v));
  return go_values;
}

}  // namespace

FuzzTestState::FuzzTestState(const char* full_name) : full_name_(full_name) {}
FuzzTestState::~FuzzTestState() = default;

void FuzzTestState::AddSeed(std::vector<Value> values) { seeds_.push_back(std::move(values)); }

void FuzzTestState::Finish() {
  if (!ran_) ADD_FAILURE() << full_name_ << ": the fuzz test never called f.Fuzz";
}

void FuzzTestState::Run(const TypedCall& call) {
  if (ran_) {
    ADD_FAILURE() << full_name_ << ": f.Fuzz called more than once";
    return;
  }
  ran_ = true;
  const RegisteredFuzzTest* test = FindFuzzTest(full_name_);
  HF_CHECK(test != nullptr);
  std::vector<CorpusEntry> entries;
  for (size_t i = 0; i < seeds_.size(); i++) {
    entries.push_back({"seed#" + std::to_string(i), "", ToGoValues(seeds_[i])});
  }
  std::vector<std::string> errors;
  std::vector<CorpusEntry> files = ReadTestdata(*test, &errors);
  entries.insert(entries.end(), std::make_move_iterator(files.begin()),
                 std::make_move_iterator(files.end()));

  EngineChildRole* child = CurrentEngineChild();
  if (child != nullptr && child->full_name == full_name_) {
    // The engine runs here, in this fuzzing child, until the supervisor's limits stop it.
    if (!errors.empty()) {
      for (const std::string& e : errors) std::fprintf(stderr, "hivefuzz: %s\n", e.c_str());
      std::fprintf(stderr, "hivefuzz: fix or remove the file(s) above, then fuzz again\n");
      child->reached_fuzz = true;
      child->exit_code = 1;
      return;
    }
    TypedTarget typed;
    typed.shape = test->shape;
    typed.program = child->args[0] + " -fuzz=" + full_name_;
    // Each seed is named by a file that replays it (the supervisor replays a failing seed
    // alone, and prints it to re-run): a testdata file itself, an f.Add seed written as a Go
    // file into the directory the supervisor gave.
    const char* seeds_dir = std::getenv(kSeedsDirVariable);
    for (CorpusEntry& entry : entries) {
      std::string name = entry.path;
      if (name.empty() && seeds_dir != nullptr && EnsureWritableDirectory(seeds_dir).ok()) {
        std::string contents = MarshalGoCorpusFile(entry.values);
        if (WriteFileAtomic(seeds_dir, entry.name,
                            reinterpret_cast<const uint8_t*>(contents.data()), contents.size())
                .ok()) {
          name = JoinPath(seeds_dir, entry.name);
        }
      }
      if (name.empty()) name = std::string(full_name_) + "/" + entry.name;
      std::error_code error;
      std::filesystem::path absolute = std::filesystem::absolute(name, error);
      typed.seeds.push_back({error ? name : absolute.string(), EncodeTypedInput(entry.values)});
    }
    std::vector<std::string> args;
    for (const std::string& arg : child->args) {
      // A fuzz test that did not say f.ThreadSafe() gets one worker, whatever -parallel says.
      if (!thread_safe_ && (arg.starts_with("-parallel=") || arg.starts_with("--parallel="))) {
        continue;
      }
      args.push_back(arg);
    }
    if (!thread_safe_) args.push_back("-parallel=1");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    g_child_target = {test->shape, &call};
    child->reached_fuzz = true;
    child->exit_code = RunFuzzerProgram(int(args.size()), argv.data(), FuzzedInput, &typed);
    return;
  }

  // Regression mode: each seed and testdata file once, in order, by name. HIVEFUZZ_RUN=
  // <Suite.Name>/<entry> runs that one input of that one test (the re-run command says so).
  for (const std::string& e : errors) ADD_FAILURE() << e;
  std::string only;
  if (const char* run = std::getenv("HIVEFUZZ_RUN"); run != nullptr) only = run;
  const std::string prefix = std::string(full_name_) + "/";
  if (!only.empty() && !only.starts_with(prefix)) {
    std::printf("[ hivefuzz ] %s: not run (HIVEFUZZ_RUN=%s)\n", full_name_, only.c_str());
    return;
  }
  size_t ran = 0, skipped = 0;
  for (const CorpusEntry& entry : entries) {
    std::string name = prefix + entry.name;
    if (!only.empty() && name != only) continue;
    std::printf("[ hivefuzz ] %s%s%s\n", name.c_str(), entry.path.empty() ? "" : " ",
                entry.path.c_str());
    std::fflush(stdout);
    ran++;
    InputResult r = RunRegressionInput(call, FromGoValues(entry.values), name);
    skipped += r == InputResult::kSkipped;
  }
  std::printf("[ hivefuzz ] %s: %zu input(s) run: %zu seed(s), %zu file(s) in %s; %zu skipped\n",
              full_name_, ran, seeds_.size(), files.size(), TestdataDirectory(*test).c_str(),
              skipped);
  if (!only.empty() && ran == 0) {
    ADD_FAILURE() << "HIVEFUZZ_RUN=" << only << " names no input of " << full_name_;
  }
}

}  // namespace internal

}  // namespace hivefuzz
