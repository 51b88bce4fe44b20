// End-to-end tests of -merge=1 on merge_shapes (targets/testing/merge_shapes.cc), whose coverage
// is known from each input's first byte: failing inputs skipped, a killed merge resumed, and
// ClusterFuzz's two-step merge-back with one control file.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <signal.h>

#include <algorithm>
#include <regex>
#include <set>

#include "e2e/clusterfuzz_patterns.h"
#include "e2e/e2e_util.h"

namespace hivefuzz::e2e {
namespace {

// ClusterFuzz's regex for the merge stats (libFuzzer/stats.py).
struct MergeOuter {
  long files = -1, features = -1, edges = -1;
};
MergeOuter ParseMergeOuter(const std::string& output) {
  static const std::regex re(kMergeOuter);
  MergeOuter m;
  for (auto it = std::sregex_iterator(output.begin(), output.end(), re);
       it != std::sregex_iterator(); ++it) {
    m = {std::stol((*it)[1]), std::stol((*it)[2]), std::stol((*it)[3])};  // the last one
  }
  return m;
}

// The contents of the files in `dir`, each named by its SHA-1.
std::set<std::string> Contents(const std::string& dir) {
  std::set<std::string> out;
  for (const std::string& f : FilesIn(dir)) {
    std::string text = ReadText(f);
    if (f.find("/existing-") == std::string::npos) {
      EXPECT_EQ(f.substr(f.rfind('/') + 1), Sha1HexOf(text)) << f;
    }
    out.insert(text);
  }
  return out;
}

RunResult Merge(const TempDir& dir, std::vector<std::string> args,
                std::vector<std::string> env = {}) {
  args.insert(args.begin(), "-merge=1");
  env.push_back("TMPDIR=" + dir.path());
  return RunFuzzer(dir, "merge_shapes", args, env, 120);
}

// Requirement: a corpus with a crasher, a hanging input, an input over -malloc_limit_mb,
// duplicates and inputs the output corpus already covers merges to the smallest input of each
// branch; the failing ones are named on stderr and skipped; exit 0; files already in OUT stay;
// the temporary control file (in $TMPDIR) is gone afterwards.
TEST(MergeE2eTest, FailingInputsAreSkippedAndTheRestMerged) {
  TempDir dir;
  std::string out = dir.path() + "/out", in1 = dir.path() + "/in1", in2 = dir.path() + "/in2";
  WriteText(out, "existing-b", "b");
  WriteText(in1, "a", "a");
  WriteText(in1, "a-copy", "a");
  WriteText(in1, "a-long", "aaaa");
  WriteText(in1, "b-long", "bx");
  WriteText(in1, "crash", "Cx");
  WriteText(in1, "hang", "H");
  WriteText(in2, "c", "c");
  WriteText(in2, "other", "zz");
  WriteText(in2, "memory", "M");
  WriteText(in2, "rejected", "R");
  WriteText(in2 + "/sub", "c-long", "ccc");  // corpora are read recursively
  for (const char* threads : {"-parallel=1", "-parallel=2"}) {
    SCOPED_TRACE(threads);
    RunResult r = Merge(dir, {threads, "-timeout=1", "-malloc_limit_mb=256", out, in1, in2});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(Contents(out), (std::set<std::string>{"b", "a", "c", "zz"})) << r.output;
    EXPECT_TRUE(IsRegularFile(out + "/existing-b")) << "files already in OUT are kept";
    for (const char* name :
         {"/crash failed (crash", "/hang failed (timeout", "/memory failed (oom"}) {
      EXPECT_NE(r.output.find(name), std::string::npos) << name << "\n" << r.output;
    }
    MergeOuter m = ParseMergeOuter(r.output);
    EXPECT_EQ(m.files, 3) << r.output;
    EXPECT_GE(m.features, 3) << r.output;  // the branches a, c and the default one at least
    EXPECT_GE(m.edges, 3) << r.output;
    EXPECT_TRUE(ArtifactsStartingWith(dir.path(), "hivefuzz-merge-").empty())
        << "the temporary control file is removed";
    // Again: everything is in OUT already, nothing new.
    RunResult again = Merge(dir, {threads, "-timeout=1", "-malloc_limit_mb=256", out, in1, in2});
    ASSERT_EQ(again.exit_code, 0) << again.output;
    EXPECT_EQ(ParseMergeOuter(again.output).files, 0) << again.output;
    EXPECT_EQ(ParseMergeOuter(again.output).features, 0) << again.output;
    for (const std::string& f : FilesIn(out)) {
      if (!f.ends_with("/existing-b")) ASSERT_EQ(unlink(f.c_str()), 0);
    }
  }
}

// The slow corpus of the kill test: 's' and a length, the smallest of each length bucket wins.
void WriteSlowCorpus(const std::string& in, int files) {
  for (int i = 1; i <= files; i++)
    WriteText(in, "s" + std::to_string(i), "s" + std::string(i - 1, 'x'));
  WriteText(in, "a", "a");
}

// Requirement: SIGKILL of the supervisor midway, then the same command with the same control
// file, gives the same corpus as a merge that was never interrupted; the second run resumes
// (runs only what the first did not record).
TEST(MergeE2eTest, KilledMergeResumesFromItsControlFile) {
  TempDir dir;
  std::string in = dir.path() + "/in", reference = dir.path() + "/reference";
  WriteSlowCorpus(in, 100);
  RunResult whole = Merge(dir, {"-parallel=2", reference, in});
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  std::set<std::string> want = Contents(reference);
  // At least lengths 1, 2, 3, 4, 8, 16, 32 (one per hit-count class) and "a"; more where the
  // compiler unrolled the loop (its edges then count length / k).
  EXPECT_GE(want.size(), 8u) << whole.output;
  EXPECT_LT(want.size(), 30u) << whole.output;

  std::string out = dir.path() + "/out", control = dir.path() + "/control.txt";
  RunOptions options;
  options.timeout_s = 120;
  // Mid-way through: the whole merge takes about 1 s (the 20 ms sleeps on two threads), a
  // sanitizer build starting a little slower.
  options.signals = {{/*after_ms=*/UnderSanitizer() ? 800 : 700, SIGKILL, /*to_engine=*/false}};
  RunResult killed = RunProcessWith({BinaryPath("merge_shapes"), "-merge=1", "-parallel=2",
                                     "-merge_control_file=" + control, out, in},
                                    {"XDG_CACHE_HOME=" + dir.path() + "/xdg"}, options);
  ASSERT_EQ(killed.signal, SIGKILL) << killed.output;
  // The engine dies of its parent's death (PR_SET_PDEATHSIG) a moment later and may append a
  // record or two until then: read the file once it is gone.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  std::string text = ReadText(control);
  size_t done = 0;
  for (size_t pos = 0; (pos = text.find("\nCOV ", pos)) != std::string::npos; pos++) done++;
  EXPECT_GT(done, 0u) << "killed before any progress; raise after_ms\n" << killed.output;
  EXPECT_LT(done, 101u) << "killed after the end; lower after_ms\n" << killed.output;

  RunResult resumed = Merge(dir, {"-parallel=2", "-merge_control_file=" + control, out, in});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming"), std::string::npos) << resumed.output;
  // As above, exact figures only without a sanitizer: under TSan the count read here and the
  // resumed merge's differ by a record or two (not understood yet), and the chosen set varies.
  if (!UnderSanitizer()) {
    EXPECT_NE(resumed.output.find(std::to_string(done) + " processed earlier"), std::string::npos)
        << resumed.output;
    EXPECT_EQ(Contents(out), want) << resumed.output;
    EXPECT_EQ(ParseMergeOuter(resumed.output).files, ParseMergeOuter(whole.output).files);
    EXPECT_EQ(ParseMergeOuter(resumed.output).features, ParseMergeOuter(whole.output).features);
    EXPECT_EQ(ParseMergeOuter(resumed.output).edges, ParseMergeOuter(whole.output).edges);
  }
  EXPECT_TRUE(IsRegularFile(control)) << "a control file the user named is kept";
}

// Requirement: ClusterFuzz's merge-back (engine.py _minimize_corpus_two_step): step 1 merges the
// existing corpus into an empty dir with a control file, the dir is emptied, step 2 merges
// existing + new with the same control file. Step 2 runs only the new units, its corpus equals
// a one-step merge of everything, and the stats differences are the new units' features.
TEST(MergeE2eTest, ClusterFuzzTwoStepMergeBack) {
  TempDir dir;
  std::string existing = dir.path() + "/corpus", fresh = dir.path() + "/new";
  std::string out = dir.path() + "/merge-corpus", control = dir.path() + "/mcf_tmp_dir/MCF";
  WriteText(existing, "a", "a");
  WriteText(existing, "b", "bb");
  WriteText(existing, "b2", "b");
  WriteText(fresh, "c", "c");
  WriteText(fresh, "a-again", "aaa");
  WriteText(fresh, "crash", "C");
  ASSERT_TRUE(EnsureWritableDirectory(dir.path() + "/mcf_tmp_dir").ok());
  ASSERT_TRUE(EnsureWritableDirectory(out).ok());

  RunResult step1 = Merge(dir, {"-timeout=25", "-merge_control_file=" + control, out, existing});
  ASSERT_EQ(step1.exit_code, 0) << step1.output;
  MergeOuter m1 = ParseMergeOuter(step1.output);
  EXPECT_EQ(m1.files, 2) << step1.output;  // "a" and "b"
  for (const std::string& f : FilesIn(out)) ASSERT_EQ(unlink(f.c_str()), 0);

  RunResult step2 =
      Merge(dir, {"-timeout=25", "-merge_control_file=" + control, out, existing, fresh});
  ASSERT_EQ(step2.exit_code, 0) << step2.output;
  EXPECT_NE(step2.output.find("reusing coverage information"), std::string::npos) << step2.output;
  EXPECT_NE(step2.output.find("will process 3 files now"), std::string::npos)
      << "only the new units run\n"
      << step2.output;
  EXPECT_NE(step2.output.find("/crash failed (crash"), std::string::npos) << step2.output;
  MergeOuter m2 = ParseMergeOuter(step2.output);
  EXPECT_EQ(m2.files, 3) << step2.output;
  EXPECT_GT(m2.features, m1.features) << "new_features = step 2 - step 1 > 0";
  EXPECT_GT(m2.edges, m1.edges) << "new_edges = step 2 - step 1 > 0";
  if (!UnderSanitizer()) EXPECT_EQ(Contents(out), (std::set<std::string>{"a", "b", "c"}));

  // The same as one merge of everything at once.
  std::string single = dir.path() + "/single";
  RunResult one = Merge(dir, {single, existing, fresh});
  ASSERT_EQ(one.exit_code, 0) << one.output;
  if (!UnderSanitizer()) {  // as above: under TSan the chosen set varies between runs
    EXPECT_EQ(Contents(single), Contents(out));
    MergeOuter m = ParseMergeOuter(one.output);
    EXPECT_EQ(m.features, m2.features);
    EXPECT_EQ(m.edges, m2.edges);
  }
}

// Requirement: a failure no handler marks (_exit in the target) makes every input in flight a
// suspect; they are run again one at a time, so only the input that fails alone is skipped.
TEST(MergeE2eTest, UnmarkedFailureIsNarrowedToTheInputThatFailsAlone) {
  TempDir dir;
  std::string in = dir.path() + "/in", out = dir.path() + "/out", reference = dir.path() + "/ref";
  WriteSlowCorpus(in, 20);
  RunResult clean = Merge(dir, {"-parallel=2", reference, in});
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  WriteText(in, "exits", "E");
  RunResult r = Merge(dir, {"-parallel=2", out, in});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // With several inputs in flight they are rerun one at a time; with one (a slow start, as
  // under TSan) it is named at once. Either way only it is skipped.
  EXPECT_NE(r.output.find("/exits failed (crash"), std::string::npos) << r.output;
  size_t skipped = 0;
  for (size_t pos = 0; (pos = r.output.find("); skipped\n", pos)) != std::string::npos; pos++) {
    skipped++;
  }
  EXPECT_EQ(skipped, 1u) << "no slow input is skipped\n" << r.output;
  // The exact set is checked without a sanitizer: under TSan the files chosen vary by a few
  // between runs (not understood yet; see the merge section of docs/crashes.md).
  if (!UnderSanitizer()) EXPECT_EQ(Contents(out), Contents(reference)) << r.output;
}

// Requirement: libFuzzer's answers to a merge with one directory, and to a file among the
// directories.
TEST(MergeE2eTest, UsageErrors) {
  TempDir dir;
  RunResult one = Merge(dir, {dir.path() + "/out"});
  EXPECT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("Merge requires two or more corpus dirs"), std::string::npos);
  WriteText(dir.path(), "file", "a");
  RunResult file = Merge(dir, {dir.path() + "/out", dir.path() + "/file"});
  EXPECT_EQ(file.exit_code, 2) << file.output;
  EXPECT_NE(file.output.find("is a regular file"), std::string::npos) << file.output;
}

}  // namespace
}  // namespace hivefuzz::e2e
