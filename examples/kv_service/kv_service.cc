#include "kv_service.h"

#include <stdexcept>

namespace kv {

namespace {

// The next space-separated word of `rest`, which loses it.
std::string_view NextWord(std::string_view* rest) {
  size_t start = rest->find_first_not_of(' ');
  if (start == std::string_view::npos) {
    *rest = {};
    return {};
  }
  size_t end = rest->find(' ', start);
  std::string_view word = rest->substr(start, end == std::string_view::npos ? end : end - start);
  *rest = end == std::string_view::npos ? std::string_view{} : rest->substr(end + 1);
  return word;
}

}  // namespace

void Service::Start() { running_ = true; }

void Service::Stop() {
  running_ = false;
  Reset();
}

void Service::Reset() {
  entries_.clear();
  bytes_ = 0;
}

bool Service::Consistent() const {
  size_t sum = 0;
  for (const auto& [key, entry] : entries_) sum += entry.value.size();
  return sum == bytes_;
}

std::string Service::Handle(std::string_view request, int64_t expected_version) {
  if (!running_) throw std::logic_error("kv::Service::Handle before Start");
  std::string replies;
  while (!request.empty()) {
    size_t end = request.find(';');
    replies += Run(request.substr(0, end), expected_version);
    replies += '\n';
    request = end == std::string_view::npos ? std::string_view{} : request.substr(end + 1);
  }
  return replies;
}

std::string Service::Run(std::string_view command, int64_t expected_version) {
  std::string_view verb = NextWord(&command);
  std::string_view key = NextWord(&command);
  std::string_view value = NextWord(&command);
  if (key.empty()) return "error: no key";
  auto it = entries_.find(key);
  if (verb == "get") return it == entries_.end() ? "not found" : it->second.value;
  if (verb == "set") {
    if (it == entries_.end()) it = entries_.emplace(std::string(key), Entry{}).first;
    bytes_ -= it->second.value.size();
    it->second.value = std::string(value);
    bytes_ += value.size();
    it->second.version++;
    return "ok";
  }
  if (verb == "del") {
    if (it == entries_.end()) return "not found";
    bytes_ -= it->second.value.size();
    entries_.erase(it);
    return "ok";
  }
  if (verb == "cas") {
    if (it == entries_.end()) return "not found";
    Entry& entry = it->second;
    if (entry.version != expected_version) return "version mismatch";
    // The bug: a "fast path" for a value whose size is twice the version forgets to take the
    // old value's size off the byte count.
    if (value.size() != size_t(expected_version) * 2) bytes_ -= entry.value.size();
    entry.value = std::string(value);
    bytes_ += value.size();
    entry.version++;
    return "ok";
  }
  return "error: unknown command";
}

}  // namespace kv
