// Go compatibility of the corpus encoding, against the Go on PATH (skipped without one), with
// the Go side in tests/encoding/go_compat/: each direction of reading and writing is compared.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "base/file_util.h"
#include "e2e/subprocess.h"
#include "encoding/go_corpus_file.h"
#include "encoding/go_quote.h"
#include "encoding/go_test_values.h"
#include "encoding/go_value_printer.h"
#include "test_util.h"

namespace hivefuzz {
namespace {

namespace fs = std::filesystem;
using e2e::ReadText;
using e2e::RunResult;
using go_test_values::Dump;
using go_test_values::DumpAll;
using go_test_values::Hex;
using go_test_values::OneOfEachType;
using go_test_values::ValueSource;

// ---- Running Go ----

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

void WriteFile(const std::string& path, const std::string& contents) {
  fs::path p(path);
  fs::create_directories(p.parent_path());
  ASSERT_TRUE(WriteFileAtomic(p.parent_path().string(), p.filename().string(),
                              reinterpret_cast<const uint8_t*>(contents.data()), contents.size())
                  .ok())
      << path;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A Go module in a temporary directory holding go_compat/'s tests, and `go` run on it with
// no network, no user settings, and a build cache kept in the build tree across runs (a cold
// one costs about 25 s for the instrumented build of `go test -fuzz`).
class GoCompatTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    go_ = FindOnPath("go");
    if (go_.empty()) return;
    dir_ = new TempDir;
    const std::string cache = std::string(HIVEFUZZ_GO_CACHE_DIR);
    const std::map<std::string, std::string> env = {
        {"GOCACHE", cache.empty() ? dir_->path() + "/gocache" : cache},
        {"GOPATH", dir_->path() + "/gopath"},
        {"GOENV", "off"},
        {"GOFLAGS", "-mod=mod"},
        {"GOPROXY", "off"},
        {"GOTOOLCHAIN", "local"},
        {"GOWORK", "off"},
        {"GO111MODULE", "on"},
        {"GOTELEMETRY", "off"},
        {"CGO_ENABLED", "0"},
        {"HOME", dir_->path()},
    };
    // Set here rather than appended to the child's environment: Go keeps the first of two.
    for (const auto& [key, value] : env) setenv(key.c_str(), value.c_str(), 1);
    module_ = dir_->path() + "/module";
    fs::create_directories(module_);
    for (const auto& entry :
         fs::directory_iterator(std::string(HIVEFUZZ_SOURCE_DIR) + "/tests/encoding/go_compat")) {
      fs::copy_file(entry.path(), module_ + "/" + entry.path().filename().string());
    }
    WriteFile(module_ + "/go.mod", "module hivefuzz.test/compat\n\ngo 1.18\n");
    RunResult version = RunGo({"env", "GOVERSION"});
    go_version_ = version.output.substr(0, version.output.find('\n'));
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    if (go_.empty()) {
      GTEST_SKIP() << "go is not on PATH; install it with tools/install-deps.sh --go";
    }
  }

  static RunResult RunGo(std::vector<std::string> args) {
    args.insert(args.begin(), go_);
    e2e::RunOptions options;
    options.timeout_s = 240;
    options.cwd = module_;
    return e2e::RunProcessWith(args, {}, options);
  }

  // `go test` with -ldflags=-checklinkname=0 where Go (1.23+) restricts go:linkname.
  static RunResult GoTest(std::vector<std::string> args) {
    int minor = 0;
    std::sscanf(go_version_.c_str(), "go1.%d", &minor);
    if (minor >= 23) args.insert(args.begin(), "-ldflags=-checklinkname=0");
    args.insert(args.begin(), "test");
    return RunGo(args);
  }

  static inline std::string go_;
  static inline std::string go_version_;
  static inline TempDir* dir_ = nullptr;
  static inline std::string module_;
};

// Requirement: files hivefuzz writes are read by Go's testing package, value for value.
TEST_F(GoCompatTest, GoReadsHivefuzzFiles) {
  const std::string corpus = module_ + "/testdata/fuzz/FuzzRead";
  std::map<std::string, std::string> want;  // file name -> dumped values
  for (const std::vector<GoValue>& values : OneOfEachType(60)) {
    const std::string file = MarshalGoCorpusFile(values);
    want[GoCorpusFileName(file)] = DumpAll(values);
    WriteFile(corpus + "/" + GoCorpusFileName(file), file);
  }
  const std::string out = dir_->path() + "/read.out";
  setenv("HF_OUT", out.c_str(), 1);
  RunResult run = GoTest({"-run=^FuzzRead$", "."});
  ASSERT_EQ(run.exit_code, 0) << go_version_ << "\n" << run.output;
  std::map<std::string, std::string> got;
  for (const std::string& line : SplitLines(ReadText(out))) {
    got[line.substr(0, line.find(' '))] = line.substr(line.find(' ') + 1);
  }
  EXPECT_EQ(got, want);
}

// Requirement: byte-identical files: Go's marshalCorpusFile on the same values writes the
// bytes MarshalGoCorpusFile writes, and UnmarshalGoCorpusFile reads Go's back to the values.
TEST_F(GoCompatTest, HivefuzzWritesWhatGoMarshalWrites) {
  std::vector<std::vector<GoValue>> sets = OneOfEachType(400);
  ValueSource source;
  for (int i = 0; i < 3000; i++) {  // one value of a random type per file
    sets.push_back({source.Make(GoType(i % kGoTypeCount), 8 + i)});
  }
  std::string values_text;
  for (const auto& values : sets) values_text += DumpAll(values) + "\n";
  const std::string values_path = dir_->path() + "/values.txt";
  const std::string out_dir = dir_->path() + "/marshalled";
  WriteFile(values_path, values_text);
  fs::create_directories(out_dir);
  setenv("HF_VALUES", values_path.c_str(), 1);
  setenv("HF_OUT_DIR", out_dir.c_str(), 1);
  RunResult run = GoTest({"-run=^TestMarshal$", "."});
  ASSERT_EQ(run.exit_code, 0) << go_version_ << "\n" << run.output;
  for (size_t i = 0; i < sets.size(); i++) {
    const std::string go_file = ReadText(out_dir + "/" + std::to_string(i));
    ASSERT_EQ(MarshalGoCorpusFile(sets[i]), go_file) << "values " << DumpAll(sets[i]);
    Result<std::vector<GoValue>> back = UnmarshalGoCorpusFile(go_file);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, sets[i]);
  }
}

// Lines that probe go/parser's and strconv's corners (go_corpus_file_test.cc has the values).
const char* const kTrickyLines[] = {
    "int(0x_1F)",
    "int(0_17)",
    "int(08)",
    "int(1__0)",
    "int(0b_1)",
    "int(-0)",
    "int(+5)",
    "int(--5)",
    "int(- -5)",
    "int(-(5))",
    "int((5))",
    "int(5,)",
    "int(5 ...)",
    "int(5...)",
    "int(5, 6)",
    "int()",
    "int ( 5 ) // c",
    "int/**/(5)",
    "int(5) /* c",
    "int(5);",
    "int(5)x",
    "int8(-128)",
    "int8(128)",
    "uint(-1)",
    "uint8(0377)",
    "byte('\\xff')",
    "byte('\xc3\xbf')",
    "byte('\xe2\x98\x83')",
    "byte(256)",
    "byte(-'a')",
    "rune('\\U0010ffff')",
    "rune('\\ud800')",
    "rune(-1)",
    "rune(2147483648)",
    "rune('ab')",
    "rune('')",
    "rune('\"')",
    "rune('\\\"')",
    "int32('a')",
    "bool(true...,)",
    "bool(!true)",
    "bool(True)",
    "string(`a\rb`)",
    "string(\"a\rb\")",
    "string(\"\\'\")",
    "string(-\"a\")",
    "string(\"\\x00\\377\\u00e9\")",
    "[ ]byte(\"a\")",
    "[]uint8(\"a\")",
    "[5]byte(\"a\")",
    "[]byte{}",
    "float64(5....)",
    "float64(017)",
    "float64(089.5)",
    "float64(089)",
    "float64(0x10)",
    "float64(0x1p-2)",
    "float64(0x1.8)",
    "float64(0o17)",
    "float64(1_0.5)",
    "float64(1_.5)",
    "float64(1e400)",
    "float64(1e-400)",
    "float64(-0)",
    "float64(!Inf)",
    "float64(<-Inf)",
    "float64(~Inf)",
    "float64(*Inf)",
    "float64(Inf)",
    "float64(-NaN)",
    "float32(0x1.000001p-150)",
    "float32(3.4028235677973366e38)",
    "float32(3.4028235677973367e38)",
    "math.Float64frombits(1.5)",
    "math.Float64frombits(-1)",
    "math.Float32frombits(1.5)",
    "math.Float32frombits(0x100000000)",
    "math . Float64frombits(1)",
    "x.y.z(1)",
    "(int)(5)",
    "int(5)(6)",
    "5",
    "// c",
    "\xef\xbb\xbfint(5)",
    "int(\xef\xbb\xbf"
    "5)",
    "\xc2\xa0int(5)\xe3\x80\x80",
    "int(\xc2\xa0"
    "5)",
    "string(\"\xff\")",
    "int(5) // \xff",
};

// A few edits of `line` with characters that matter to Go's syntax.
std::string Mutate(std::string line, std::mt19937_64& rng) {
  static const char* const kPieces[] = {"0",
                                        "1",
                                        "9",
                                        "x",
                                        "o",
                                        "b",
                                        "e",
                                        "p",
                                        "i",
                                        "_",
                                        ".",
                                        "+",
                                        "-",
                                        "!",
                                        "^",
                                        "&",
                                        "<",
                                        "~",
                                        "*",
                                        "/",
                                        "(",
                                        ")",
                                        "[",
                                        "]",
                                        ",",
                                        "'",
                                        "\"",
                                        "`",
                                        " ",
                                        "\t",
                                        "\r",
                                        "\\",
                                        "N",
                                        "I",
                                        "f",
                                        "\xff",
                                        "\xc2\xa0",
                                        "\xef\xbb\xbf",
                                        "\xe2\x98\x83",
                                        "//",
                                        "/*",
                                        "*/",
                                        "\\x",
                                        "\\u",
                                        "...",
                                        "0x",
                                        "1e",
                                        "-Inf",
                                        "NaN"};
  for (int n = 1 + rng() % 3; n > 0; n--) {
    const size_t pos = rng() % (line.size() + 1);
    const char* piece = kPieces[rng() % std::size(kPieces)];
    switch (rng() % 3) {
      case 0:
        line.insert(pos, piece);
        break;
      case 1:
        if (!line.empty()) line.erase(std::min(pos, line.size() - 1), 1);
        break;
      default:
        if (!line.empty()) line.replace(std::min(pos, line.size() - 1), 1, piece);
    }
  }
  return line;
}

// Requirement: UnmarshalGoCorpusFile accepts exactly the files Go's unmarshalCorpusFile
// accepts, with the same values: corner cases, and edits of them and of written lines.
TEST_F(GoCompatTest, HivefuzzReadsWhatGoReads) {
  std::vector<std::string> lines(std::begin(kTrickyLines), std::end(kTrickyLines));
  for (const auto& values : OneOfEachType(20)) {
    for (const GoValue& v : values) lines.push_back(FormatGoCorpusValue(v));
  }
  std::vector<std::string> files = {"",
                                    "go test fuzz v1",
                                    "go test fuzz v1\n",
                                    "go test fuzz v1\r\nint(1)\r\n",
                                    "go test fuzz v1\r\r\nint(1)",
                                    " go test fuzz v1\nint(1)"};
  for (const std::string& line : lines) files.push_back("go test fuzz v1\n" + line + "\n");
  std::mt19937_64 rng(7);
  for (int i = 0; i < 6000; i++) {
    files.push_back("go test fuzz v1\n" + Mutate(lines[rng() % lines.size()], rng) + "\n");
  }
  std::string hex;
  for (const std::string& f : files) hex += Hex(f) + "\n";
  const std::string files_path = dir_->path() + "/files.hex";
  const std::string out = dir_->path() + "/unmarshal.out";
  WriteFile(files_path, hex);
  setenv("HF_FILES", files_path.c_str(), 1);
  setenv("HF_OUT", out.c_str(), 1);
  RunResult run = GoTest({"-run=^TestUnmarshal$", "."});
  ASSERT_EQ(run.exit_code, 0) << go_version_ << "\n" << run.output;
  const std::vector<std::string> go_results = SplitLines(ReadText(out));
  ASSERT_EQ(go_results.size(), files.size());
  int accepted = 0;
  for (size_t i = 0; i < files.size(); i++) {
    Result<std::vector<GoValue>> ours = UnmarshalGoCorpusFile(files[i]);
    const std::string got = ours.ok() ? "ok " + DumpAll(*ours) : "err";
    const std::string& go = go_results[i];
    EXPECT_EQ(got, go.starts_with("err") ? "err" : go)
        << "file " << GoQuote(files[i]) << "\nours: " << (ours.ok() ? "" : ours.status().message());
    accepted += ours.ok();
  }
  EXPECT_GT(accepted, 200);  // the edits leave enough valid files to compare values
}

// Requirement: the file `go test -fuzz` writes for a failure (named by Go) reads back, with
// the seed's strings, and is written again byte for byte; its name starts with ours.
TEST_F(GoCompatTest, HivefuzzReadsFilesGoFuzzingWrote) {
  RunResult run = GoTest({"-run=^$", "-fuzz=^FuzzWrite$", "-fuzztime=2000x", "-parallel=1", "."});
  ASSERT_NE(run.output.find("planted failure"), std::string::npos) << go_version_ << "\n"
                                                                   << run.output;
  const std::string corpus = module_ + "/testdata/fuzz/FuzzWrite";
  Result<std::vector<std::string>> files = ListRegularFiles(corpus);
  ASSERT_TRUE(files.ok() && files->size() == 1) << run.output;
  const std::string path = (*files)[0];
  const std::string name = path.substr(path.rfind('/') + 1);
  const std::string contents = ReadText(path);
  // Go 1.18 and 1.19 use all 64 hex digits of the SHA-256, later Go the first 16.
  EXPECT_TRUE(name.size() == 64 || name.size() == 16) << name;
  EXPECT_EQ(name.substr(0, 16), GoCorpusFileName(contents));
  EXPECT_NE(run.output.find("Failing input written to testdata/fuzz/FuzzWrite/" + name),
            std::string::npos);
  Result<std::vector<GoValue>> values = UnmarshalGoCorpusFile(contents);
  ASSERT_TRUE(values.ok()) << values.status().message() << "\n" << contents;
  ASSERT_EQ(values->size(), size_t{kGoTypeCount}) << contents;
  for (int t = 0; t < kGoTypeCount; t++) EXPECT_EQ((*values)[t].type, GoType(t)) << contents;
  EXPECT_EQ((*values)[0], GoValue::Bytes(std::string_view("\x00\xff\xe2\x98\x83\"\\`", 8)));
  EXPECT_EQ((*values)[1], GoValue::String("h\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\x7f\xc3"));
  EXPECT_EQ(MarshalGoCorpusFile(*values), contents);
}

}  // namespace
}  // namespace hivefuzz
