// remotemedia — errors.
//
// The core never throws (the WASI libc++ has no exceptions): every fallible function
// returns Result<T>, i.e. std::expected<T, Error>. Validation collects every problem
// into a std::vector<Error>; execution stops at the first failure.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace remotemedia {

enum class ErrorCode {
  kParseError,
  kLimitExceeded,
  kMissingField,
  kWrongType,
  kUnknownField,
  kUnsupportedVersion,
  kDuplicateNodeId,
  kUnknownNodeType,
  kUnknownConnectionEndpoint,
  kCycle,
  kUnknownParam,
  kInvalidParam,
  kInvalidHost,
  kInvalidInput,
  kInputNotAccepted,
  kNoSourceData,
  kUnsupportedInWasm,
  kNodeFailed,
  kStalled,
  kInterrupted,
  kIoError,
  kUsage,
  kInternal,
};

// The snake_case name used in result JSON ("parse_error", "node_failed", ...).
std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;                    // one sentence a user can act on
  std::string path;                       // JSON pointer into the document, if any
  std::string node;                       // node id, if any
  std::string node_type;                  // node type, if any
  std::optional<std::int64_t> timestamp;  // input item being processed, if any
  std::optional<std::int64_t> line;       // parse errors: 1-based line
  std::optional<std::int64_t> column;     // parse errors: 1-based column, in bytes
  std::string traceback;                  // Python nodes only
};

template <class T, class E = Error>
using Result = std::expected<T, E>;

using Errors = std::vector<Error>;

inline Error make_error(ErrorCode code, std::string message, std::string path = {}) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  e.path = std::move(path);
  return e;
}

inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string path = {}) {
  return std::unexpected(make_error(code, std::move(message), std::move(path)));
}

// Early return of the error of a Result-returning expression.
#define RM_TRY(expr)                                        \
  do {                                                      \
    if (auto rm_try_ = (expr); !rm_try_)                    \
      return std::unexpected(std::move(rm_try_).error());   \
  } while (false)

}  // namespace remotemedia
