// Fuzz tests in GoogleTest, Go's way: a test body with an `F& f` adds typed seeds (f.Add) and
// hands f.Fuzz a function of typed arguments; plain runs replay seeds and testdata, -fuzz fuzzes.
//
//   HIVEFUZZ_FUZZ_TEST(ParserTest, FuzzParse, std::string_view, int64_t) {
//     f.Add("select 1", 7);                      // seed#0, checked against the types above
//     f.Fuzz([](hivefuzz::T& t, std::string_view text, int64_t limit) {
//       EXPECT_TRUE(Parse(text, limit).ok());   // or t.Error / t.Fatal / t.Skip
//     });
//   }
//
// HIVEFUZZ_FUZZ_TEST_F(Fixture, Name, types...) is the same with a fixture, whose SetUp runs once
// per process (not per input); t.Cleanup resets state per input. The guide: docs/fuzz-tests.md.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hivefuzz {

class T;

namespace internal {

// Go's argument types, repeated from the engine's GoType because a public header includes no
// engine header (tests/architecture checks it); gtest/registry.cc asserts the numbering matches.
enum class ArgType : uint8_t {
  kBytes,
  kString,
  kBool,
  kUint8,
  kInt32,
  kInt8,
  kInt16,
  kInt64,
  kInt,
  kUint16,
  kUint32,
  kUint64,
  kUint,
  kFloat32,
  kFloat64,
};

// One argument value: `bytes` for []byte and string; otherwise `bits`: a signed integer
// sign-extended to 64 bits, an unsigned one zero-extended, a float's IEEE bits, a bool 0 or 1.
struct Value {
  ArgType type = ArgType::kBytes;
  std::string bytes;
  uint64_t bits = 0;
};

// How a C++ argument type maps to Go's: its ArgType, what f.Add stores, and the argument
// handed to the fuzz function (a view into the Value for string_view and span).
template <class A, class = void>
struct Arg {
  static_assert(sizeof(A) == 0,
                "hivefuzz: unsupported fuzz argument type; use std::string, std::string_view, "
                "std::vector<uint8_t>, std::span<const uint8_t>, bool, uint8_t, char32_t, "
                "int8_t..int64_t, uint16_t..uint64_t, float or double");
};
template <>
struct Arg<std::string> {
  static constexpr ArgType kType = ArgType::kString;
  using Stored = std::string;
  static Value ToValue(const Stored& v) { return {kType, v, 0}; }
  static const std::string& Get(const Value& v) { return v.bytes; }
};
template <>
struct Arg<std::string_view> {
  static constexpr ArgType kType = ArgType::kString;
  using Stored = std::string;
  static Value ToValue(const Stored& v) { return {kType, v, 0}; }
  static std::string_view Get(const Value& v) { return v.bytes; }
};
template <>
struct Arg<std::vector<uint8_t>> {
  static constexpr ArgType kType = ArgType::kBytes;
  using Stored = std::vector<uint8_t>;
  static Value ToValue(const Stored& v) { return {kType, std::string(v.begin(), v.end()), 0}; }
  static Stored Get(const Value& v) { return Stored(v.bytes.begin(), v.bytes.end()); }
};
template <>
struct Arg<std::span<const uint8_t>> {
  static constexpr ArgType kType = ArgType::kBytes;
  using Stored = std::vector<uint8_t>;
  static Value ToValue(const Stored& v) { return {kType, std::string(v.begin(), v.end()), 0}; }
  static std::span<const uint8_t> Get(const Value& v) {
    return {reinterpret_cast<const uint8_t*>(v.bytes.data()), v.bytes.size()};
  }
};
template <>
struct Arg<bool> {
  static constexpr ArgType kType = ArgType::kBool;
  using Stored = bool;
  static Value ToValue(bool v) { return {kType, {}, v ? 1u : 0u}; }
  static bool Get(const Value& v) { return (v.bits & 1) != 0; }
};
template <class I>
constexpr ArgType IntegerArgType() {
  static_assert(!std::is_same_v<I, char>,
                "hivefuzz: plain char has no fixed signedness; use uint8_t (Go's byte) or int8_t");
  if constexpr (std::is_same_v<I, char32_t>) return ArgType::kInt32;  // Go's rune
  if constexpr (std::is_signed_v<I>) {
    if constexpr (sizeof(I) == 1) return ArgType::kInt8;
    if constexpr (sizeof(I) == 2) return ArgType::kInt16;
    if constexpr (sizeof(I) == 4) return ArgType::kInt32;
    if constexpr (sizeof(I) == 8) return ArgType::kInt64;
  } else {
    if constexpr (sizeof(I) == 1) return ArgType::kUint8;  // Go's byte
    if constexpr (sizeof(I) == 2) return ArgType::kUint16;
    if constexpr (sizeof(I) == 4) return ArgType::kUint32;
    if constexpr (sizeof(I) == 8) return ArgType::kUint64;
  }
}
template <class I>
struct Arg<I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>> {
  static constexpr ArgType kType = IntegerArgType<I>();
  using Stored = I;
  static Value ToValue(I v) {
    uint64_t bits = std::is_signed_v<I> ? uint64_t(int64_t(v)) : uint64_t(v);
    return {kType, {}, bits};
  }
  static I Get(const Value& v) { return static_cast<I>(v.bits); }
};
template <class Fp>
struct Arg<Fp, std::enable_if_t<std::is_same_v<Fp, float> || std::is_same_v<Fp, double>>> {
  static constexpr ArgType kType = sizeof(Fp) == 4 ? ArgType::kFloat32 : ArgType::kFloat64;
  using Stored = Fp;
  using Bits = std::conditional_t<sizeof(Fp) == 4, uint32_t, uint64_t>;
  static Value ToValue(Fp v) {
    Bits bits;
    std::memcpy(&bits, &v, sizeof bits);
    return {kType, {}, bits};
  }
  static Fp Get(const Value& v) {
    Bits bits = static_cast<Bits>(v.bits);
    Fp out;
    std::memcpy(&out, &bits, sizeof out);
    return out;
  }
};
template <class A>
using ArgOf = Arg<std::remove_cvref_t<A>>;

// Calls the fuzz function on one input's values.
using TypedCall = std::function<void(T& t, const std::vector<Value>& values)>;

// One fuzz test's run, owned by its gtest test body: collects the seeds, then, in f.Fuzz,
// replays seeds and testdata (regression mode) or runs the engine (in the fuzzing process).
class FuzzTestState {
 public:
  explicit FuzzTestState(const char* full_name);
  ~FuzzTestState();
  void AddSeed(std::vector<Value> values);
  void SetThreadSafe() { thread_safe_ = true; }
  void Run(const TypedCall& call);
  // After the body: a fuzz test that never called f.Fuzz fails, as in Go.
  void Finish();

 private:
  const char* full_name_;
  std::vector<std::vector<Value>> seeds_;
  bool thread_safe_ = false;
  bool ran_ = false;
};

// Thrown by t.Fatal and t.Skip to leave the fuzz function; caught around it.
struct StopInput {};
struct SkipInput {};

// Records a fuzz test (its name, file and argument types) for -fuzz and the testdata
// directory, and registers it with GoogleTest. Called from HIVEFUZZ_FUZZ_TEST's static
// initializer.
void AddToRegistry(const char* suite, const char* name, const char* file, int line,
                   std::vector<ArgType> shape);
template <class... Args, class Factory>
bool RegisterFuzzTest(const char* suite, const char* name, const char* file, int line,
                      Factory factory) {
  AddToRegistry(suite, name, file, line, {ArgOf<Args>::kType...});
  ::testing::RegisterTest(suite, name, nullptr, nullptr, file, line, std::move(factory));
  return true;
}

}  // namespace internal

// What a fuzz function gets with each input, as Go's *testing.T: gtest's EXPECT_* / ASSERT_*
// work too; any failure, escaping exception, crash or hang fails the input.
class T {
 public:
  // A failure of this input; the function goes on (EXPECT_*).
  void Error(std::string_view message, const char* file = __builtin_FILE(),
             int line = __builtin_LINE());
  // A failure of this input; the function stops here.
  [[noreturn]] void Fatal(std::string_view message, const char* file = __builtin_FILE(),
                          int line = __builtin_LINE());
  // Stops the function; the input is neither a failure nor kept in the corpus.
  [[noreturn]] void Skip(std::string_view message = {});
  // Runs `fn` after the function returns (or stops), last registered first: per-input reset.
  void Cleanup(std::function<void()> fn) { cleanups_.push_back(std::move(fn)); }
  // The input's name in regression mode ("seed#0", "FuzzParse/4f3a9c0d12ab34cd"); "" while
  // fuzzing.
  const std::string& Name() const { return name_; }

  explicit T(std::string name) : name_(std::move(name)) {}
  T(const T&) = delete;
  T& operator=(const T&) = delete;
  // Runs the cleanups; what one throws is a failure of the input.
  void RunCleanups();

 private:
  std::string name_;
  std::vector<std::function<void()>> cleanups_;
};

// The fuzz test's handle, Go's *testing.F, for arguments of types Args.
template <class... Args>
class F {
 public:
  explicit F(internal::FuzzTestState& state) : state_(state) {}

  // A seed (Go's f.Add): one value per argument, converted as a function call converts them,
  // so a value of the wrong type does not compile.
  void Add(const typename internal::ArgOf<Args>::Stored&... values) {
    state_.AddSeed({internal::ArgOf<Args>::ToValue(values)...});
  }

  // The function may run on several threads at once: -parallel then applies. Without it a
  // fuzz test has one worker, since a service fixture is rarely thread-safe.
  void ThreadSafe() { state_.SetThreadSafe(); }

  // Go's f.Fuzz: `fn(hivefuzz::T&, Args...)` runs on the seeds and testdata files (a plain
  // run), or is fuzzed (-fuzz=Name). Returns when that is done.
  template <class Fn>
  void Fuzz(Fn&& fn) {
    static_assert(std::is_invocable_v<Fn&, T&, Args...>,
                  "hivefuzz: f.Fuzz needs a function of (hivefuzz::T&, <the fuzz test's "
                  "argument types>)");
    state_.Run([&fn](T& t, const std::vector<internal::Value>& values) {
      [&]<size_t... I>(std::index_sequence<I...>) {
        fn(t, internal::ArgOf<Args>::Get(values[I])...);
      }
      (std::index_sequence_for<Args...>{});
    });
  }

 private:
  internal::FuzzTestState& state_;
};

}  // namespace hivefuzz

#define HIVEFUZZ_FUZZ_CLASS_(suite, name) suite##_##name##_HivefuzzFuzzTest
#define HIVEFUZZ_FUZZ_TEST_IMPL_(suite, name, parent, ...)                      \
  class HIVEFUZZ_FUZZ_CLASS_(suite, name) : public parent {                     \
   public:                                                                      \
    void FuzzBody(::hivefuzz::F<__VA_ARGS__>& f);                               \
                                                                                \
   private:                                                                     \
    void TestBody() override {                                                  \
      ::hivefuzz::internal::FuzzTestState state(#suite "." #name);              \
      ::hivefuzz::F<__VA_ARGS__> f(state);                                      \
      FuzzBody(f);                                                              \
      state.Finish();                                                           \
    }                                                                           \
  };                                                                            \
  [[maybe_unused]] static const bool suite##_##name##_hivefuzz_registered =     \
      ::hivefuzz::internal::RegisterFuzzTest<__VA_ARGS__>(                      \
          #suite, #name, __FILE__, __LINE__,                                    \
          []() -> parent* { return new HIVEFUZZ_FUZZ_CLASS_(suite, name)(); }); \
  void HIVEFUZZ_FUZZ_CLASS_(suite, name)::FuzzBody([[maybe_unused]] ::hivefuzz::F<__VA_ARGS__>& f)

// A fuzz test `suite.name` whose fuzz function takes (hivefuzz::T&, the types listed).
#define HIVEFUZZ_FUZZ_TEST(suite, name, ...) \
  HIVEFUZZ_FUZZ_TEST_IMPL_(suite, name, ::testing::Test, __VA_ARGS__)
// The same with a fixture: its SetUp runs once per process, before the body.
#define HIVEFUZZ_FUZZ_TEST_F(fixture, name, ...) \
  HIVEFUZZ_FUZZ_TEST_IMPL_(fixture, name, fixture, __VA_ARGS__)
