// remotemedia — JSON at the program's edge.
//
// Parsing is rapidjson's SAX reader in its iterative mode feeding an explicit stack, so
// neither the parser nor the Value builder recurses: a 100 000-deep document is rejected
// by the depth limit, not by a stack overflow. rapidjson was chosen over nlohmann-json
// because it needs no exceptions (the WASI libc++ has none), validates UTF-8 while
// parsing, reports byte offsets for errors and is the faster of the two.
//
// Numbers: a literal without '.' or exponent that fits int64 is an int, any other is a
// float. Floats are written so that they read back as floats ("5.0"); NaN and ±Inf are
// written as null.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "remotemedia/error.h"
#include "remotemedia/value.h"

namespace remotemedia {

struct JsonLimits {
  std::size_t max_bytes = std::size_t{256} << 20;  // whole document
  std::size_t max_depth = 512;                     // arrays/objects, the outermost is 1
};

// Plain JSON → Value (tensor and bytes forms stay plain objects: see from_wire()).
// Errors: kParseError with line and column (1-based, column in bytes) for syntax errors,
// invalid UTF-8 and empty input; kLimitExceeded for size or depth.
Result<Value> parse_json(std::string_view text, const JsonLimits& limits = {});

struct JsonWriteOptions {
  bool pretty = false;  // two-space indentation
};

// Value → JSON text. Tensors are written in their wire form
// {"dtype", "shape", "data": base64}, bytes as {"__bytes__": base64}.
std::string to_json(const Value& value, const JsonWriteOptions& options = {});
// The same text written to `out` as it is made, through a small buffer: a result of
// millions of items is never held in memory as one string.
void write_json(std::FILE* out, const Value& value, const JsonWriteOptions& options = {});

// Decodes the wire forms inside a parsed JSON value: an object with exactly the keys
// dtype, shape and data becomes a Tensor, an object with exactly the key __bytes__
// becomes bytes. An object of that shape that does not decode is kInvalidInput at
// `path` (a JSON pointer), never silently a plain object. Containers without such forms
// are shared, not rebuilt.
Result<Value> from_wire(const Value& json, const std::string& path);

// A JSON pointer token for an object key ('~' → "~0", '/' → "~1").
std::string json_pointer_escape(std::string_view key);

}  // namespace remotemedia
