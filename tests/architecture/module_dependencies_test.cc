// The module map's dependency direction (docs/architecture.md): a module of engine/ includes only
// modules listed before it in HIVEFUZZ_MODULES (engine/CMakeLists.txt), and the public header
// includes none. A forbidden include fails here even where it would still link.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace hivefuzz {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The modules in dependency order, from `set(HIVEFUZZ_MODULES ...)` in engine/CMakeLists.txt.
std::vector<std::string> ModuleOrder(const fs::path& engine) {
  std::string cmake = ReadAll(engine / "CMakeLists.txt");
  std::smatch list;
  std::vector<std::string> modules;
  if (!std::regex_search(cmake, list, std::regex(R"(set\(HIVEFUZZ_MODULES([^)]*)\))"))) {
    return modules;
  }
  std::istringstream words(list[1].str());
  for (std::string word; words >> word;) modules.push_back(word);
  return modules;
}

// Every include of a module that `file` may not use: "<file>:<line> includes <module>/...".
// `allowed` holds the modules it may use.
void CheckFile(const fs::path& file, const std::string& shown,
               const std::vector<std::string>& order, const std::vector<std::string>& allowed,
               std::vector<std::string>* violations) {
  static const std::regex include(R"(^\s*#\s*include\s*"([a-z_]+)/)");
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); number++) {
    std::smatch m;
    if (!std::regex_search(line, m, include)) continue;
    std::string used = m[1].str();
    bool is_module = std::find(order.begin(), order.end(), used) != order.end();
    bool may = std::find(allowed.begin(), allowed.end(), used) != allowed.end();
    if (is_module && !may) {
      violations->push_back(shown + ":" + std::to_string(number) + " includes " + used +
                            "/, which it may not use");
    }
  }
}

// All forbidden includes under `engine`, or a message saying why nothing could be checked.
std::vector<std::string> FindViolations(const fs::path& engine) {
  std::vector<std::string> order = ModuleOrder(engine);
  if (order.empty()) return {"no HIVEFUZZ_MODULES list in " + (engine / "CMakeLists.txt").string()};
  std::vector<std::string> violations;
  for (size_t i = 0; i < order.size(); i++) {
    // A module uses itself and the modules before it.
    std::vector<std::string> allowed(order.begin(), order.begin() + ptrdiff_t(i) + 1);
    fs::path dir = engine / order[i];
    if (!fs::is_directory(dir)) {
      violations.push_back("module " + order[i] + " is listed but " + dir.string() + " is missing");
      continue;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".h" && ext != ".cc") continue;
      CheckFile(entry.path(), order[i] + "/" + entry.path().filename().string(), order, allowed,
                &violations);
    }
  }
  // The public headers stand alone: a user's build sees only include/ (and GoogleTest).
  if (fs::is_directory(engine / "include")) {
    for (const auto& entry : fs::recursive_directory_iterator(engine / "include")) {
      if (entry.is_regular_file()) {
        CheckFile(entry.path(), fs::relative(entry.path(), engine).string(), order, {},
                  &violations);
      }
    }
  }
  // Every folder of engine/ with sources is a listed module (or the public headers).
  for (const auto& entry : fs::directory_iterator(engine)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != "include" &&
        std::find(order.begin(), order.end(), name) == order.end()) {
      violations.push_back("engine/" + name + "/ is not in HIVEFUZZ_MODULES");
    }
  }
  return violations;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "  " + line + "\n";
  return out;
}

TEST(ModuleDependenciesTest, EveryModuleIncludesOnlyModulesBeforeIt) {
  std::vector<std::string> violations = FindViolations(fs::path(HIVEFUZZ_SOURCE_DIR) / "engine");
  EXPECT_TRUE(violations.empty())
      << "The module map (docs/architecture.md) is broken; change the include, or move the "
         "module in HIVEFUZZ_MODULES deliberately and say why:\n"
      << Joined(violations);
}

// The check finds what it must: a backward include, an unlisted folder, a public header that
// includes the engine.
TEST(ModuleDependenciesTest, FindsForbiddenIncludes) {
  TempDir dir;
  fs::path engine = fs::path(dir.path()) / "engine";
  for (const char* module : {"base", "worker", "driver", "stray", "include/hivefuzz"}) {
    fs::create_directories(engine / module);
  }
  std::ofstream(engine / "CMakeLists.txt") << "set(HIVEFUZZ_MODULES\n  base worker driver)\n";
  std::ofstream(engine / "base" / "a.h") << "#include <vector>\n";
  std::ofstream(engine / "worker" / "w.cc") << "#include \"base/a.h\"\n#include \"driver/d.h\"\n";
  std::ofstream(engine / "driver" / "d.h") << "#include \"worker/w.h\"\n";
  std::ofstream(engine / "include" / "hivefuzz" / "api.h") << "#include \"base/a.h\"\n";
  std::vector<std::string> violations = FindViolations(engine);
  EXPECT_EQ(violations, (std::vector<std::string>{
                            "worker/w.cc:2 includes driver/, which it may not use",
                            "include/hivefuzz/api.h:1 includes base/, which it may not use",
                            "engine/stray/ is not in HIVEFUZZ_MODULES"}))
      << Joined(violations);
}

}  // namespace
}  // namespace hivefuzz
