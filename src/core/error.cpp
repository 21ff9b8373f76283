#include "remotemedia/error.h"

namespace remotemedia {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kParseError: return "parse_error";
    case ErrorCode::kLimitExceeded: return "limit_exceeded";
    case ErrorCode::kMissingField: return "missing_field";
    case ErrorCode::kWrongType: return "wrong_type";
    case ErrorCode::kUnknownField: return "unknown_field";
    case ErrorCode::kUnsupportedVersion: return "unsupported_version";
    case ErrorCode::kDuplicateNodeId: return "duplicate_node_id";
    case ErrorCode::kUnknownNodeType: return "unknown_node_type";
    case ErrorCode::kUnknownConnectionEndpoint: return "unknown_connection_endpoint";
    case ErrorCode::kCycle: return "cycle";
    case ErrorCode::kUnknownParam: return "unknown_param";
    case ErrorCode::kInvalidParam: return "invalid_param";
    case ErrorCode::kInvalidHost: return "invalid_host";
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kInputNotAccepted: return "input_not_accepted";
    case ErrorCode::kNoSourceData: return "no_source_data";
    case ErrorCode::kUnsupportedInWasm: return "unsupported_in_wasm";
    case ErrorCode::kNodeFailed: return "node_failed";
    case ErrorCode::kStalled: return "stalled";
    case ErrorCode::kInterrupted: return "interrupted";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kUsage: return "usage_error";
    case ErrorCode::kInternal: return "internal_error";
  }
  return "internal_error";
}

}  // namespace remotemedia
