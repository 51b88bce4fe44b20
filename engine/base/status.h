// Status and Result<T>: how engine operations that a user can make fail report it.
// A Status carries one human-readable message that says what happened and what to do.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "base/check.h"

namespace hivefuzz {

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !message_.has_value(); }
  const std::string& message() const {
    HF_CHECK(!ok());
    return *message_;
  }

 private:
  explicit Status(std::string message) : message_(std::move(message)) {}
  std::optional<std::string> message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { HF_CHECK(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() {
    HF_CHECK(ok());
    return *value_;
  }
  const T& value() const {
    HF_CHECK(ok());
    return *value_;
  }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace hivefuzz
