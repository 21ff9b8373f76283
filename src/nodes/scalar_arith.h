// remotemedia nodes — arithmetic on scalar Values, with Python's rules (DESIGN §4).
//
// Both operands are numbers (Value int or float; bools are not numbers here):
//   - int ⊕ int stays int for add, subtract and multiply; a result outside int64 is an
//     error (Python would grow the int; we cannot, so we say so rather than wrap);
//   - divide is Python's true division: always a float, correctly rounded also for ints
//     beyond 2^53 (as CPython's long_true_divide); dividing by 0 or 0.0 is an error;
//   - anything with a float converts the int to the nearest double and gives a float;
//     NaN and ±inf are ordinary results.
// Errors are kNodeFailed with a message naming the operation; callers add node context.
#pragma once

#include <optional>
#include <string_view>

#include "nodes/arith_op.h"
#include "remotemedia/error.h"
#include "remotemedia/value.h"

namespace remotemedia::nodes {

// `lhs op rhs`; both must satisfy is_number().
Result<Value> apply_scalar(ArithOp op, const Value& lhs, const Value& rhs);

// Parses a string holding exactly one JSON number, optionally surrounded by JSON
// whitespace (space, tab, \n, \r), with the JSON int/float rule: no '.' or exponent and
// fits int64 → int, otherwise float. Anything else → nullopt, including a number beyond
// double's range ("1e400"), which the JSON codec rejects too.
std::optional<Value> parse_number_string(std::string_view text);

// "a string", "a bool", "an array", ... for messages.
std::string_view kind_with_article(Value::Kind kind);

}  // namespace remotemedia::nodes
