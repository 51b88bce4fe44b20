// The merging child's parameters, to and from the text of the HIVEFUZZ_MERGE variable.
#include "merge/merge_params.h"

#include <charconv>

namespace hivefuzz::merge {

Result<MergeChildParams> ParseMergeParams(const std::string& text) {
  auto bad = [&] { return Status::Error("malformed " + std::string(kMergeVariable) + "=" + text); };
  MergeChildParams p;
  size_t first = text.find(';');
  if (first == std::string::npos) return bad();
  size_t second = text.find(';', first + 1);
  if (second == std::string::npos) return bad();
  const char* begin = text.data();
  auto [end, ec] = std::from_chars(begin, begin + first, p.threads);
  if (ec != std::errc() || end != begin + first || p.threads > 1024) return bad();
  for (size_t pos = first + 1; pos < second;) {
    uint64_t n = 0;
    auto [ptr, ec2] = std::from_chars(begin + pos, begin + second, n);
    if (ec2 != std::errc() || (!p.only.empty() && n <= p.only.back())) return bad();
    p.only.push_back(n);
    pos = size_t(ptr - begin);
    if (pos < second && text[pos++] != ',') return bad();
    if (pos == second && text[pos - 1] == ',') return bad();
  }
  p.control_file = text.substr(second + 1);
  if (p.control_file.empty()) return bad();
  return p;
}

std::string FormatMergeParams(const MergeChildParams& p) {
  std::string out = std::to_string(p.threads) + ";";
  for (size_t i = 0; i < p.only.size(); i++) {
    if (i > 0) out += ',';
    out += std::to_string(p.only[i]);
  }
  return out + ";" + p.control_file;
}

}  // namespace hivefuzz::merge
