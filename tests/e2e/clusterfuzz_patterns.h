// The patterns ClusterFuzz's libFuzzer driver reads a fuzzer's output with (libfuzzer.py,
// stats.py, stacktraces/constants.py), shared by the e2e tests that check hivefuzz against them.
#pragma once

namespace hivefuzz::e2e {

const char kLoaded[] = R"(INFO:\s+Loaded\s+\d+\s+(modules|PC tables)\s+\((\d+)\s+.*\).*)";
const char kInited[] = R"((#\d+\s+INITED\s+|INFO:\s+-fork=\d+:\s+fuzzing in separate process).*)";
const char kLogLine[] = R"(#\d+[\s]*(READ|INITED|NEW|pulse|REDUCE|RELOAD|DONE|:)\s.*)";
const char kDone[] = R"(Done\s+\d+\s+runs.*)";
const char kStat[] = R"(stat::([A-Za-z_]+):\s*([^\s]+))";
const char kSeedCorpus[] = R"(INFO:\s+seed corpus:\s+files:\s+(\d+).*rss:\s+(\d+)Mb.*)";
const char kTestUnit[] = R"(.*Test unit written to\s*(.*(crash|oom|timeout|leak)-.*))";
const char kDeadlySignal[] = R"(.*ERROR:\s*libFuzzer:\s*deadly signal)";
const char kTargetExited[] = R"(.*ERROR:\s*libFuzzer:\s*fuzz target exited)";
const char kTimeout[] = R"(.*ERROR:\s*libFuzzer:\s*timeout)";
const char kOutOfMemory[] = R"(.*libFuzzer: out-of-memory \(.*)";
// The sanitizers' stack frame, as stacktraces/constants.py reads it (SAN_STACK_FRAME_REGEX,
// the "in fun file:line" and "(module+offset)" branches).
const char kFrameWithFunction[] =
    R"(\s*#(\d+)\s+(0x[0-9a-fA-F]+)\s+in\s+(.*) ([^ ]+):(\d+)(:\d+)?)";
const char kFrameWithModule[] = R"(\s*#(\d+)\s+(0x[0-9a-fA-F]+)\s+\(([^+]+)\+(0x[0-9a-fA-F]+)\))";
const char kMergeOuter[] =
    R"(MERGE-OUTER: (\d+) new files with (\d+) new features added; (\d+) new coverage edges)";

}  // namespace hivefuzz::e2e
