// A small in-process key-value service, the example of fuzz tests in GoogleTest: a request
// parser and a store with versions and a byte count, started and stopped like a real service.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace kv {

class Service {
 public:
  // Starts and stops the service (in a real one: threads, sockets). Handle needs a started one.
  void Start();
  void Stop();
  bool running() const { return running_; }

  // Runs the commands of `request`, separated by ';': "set <key> <value>", "get <key>",
  // "del <key>", and "cas <key> <value>", which replaces the value only while the key's version
  // is `expected_version` (every set and cas adds one to it). Returns the replies, one per line.
  std::string Handle(std::string_view request, int64_t expected_version);

  // The byte count agrees with the values stored.
  bool Consistent() const;

  // Forgets every key: the state between two requests of a test.
  void Reset();

 private:
  struct Entry {
    std::string value;
    int64_t version = 0;
  };
  std::string Run(std::string_view command, int64_t expected_version);

  bool running_ = false;
  std::map<std::string, Entry, std::less<>> entries_;
  size_t bytes_ = 0;  // the sum of the values' sizes
};

}  // namespace kv
