#include "nodes/scalar_arith.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "remotemedia/json.h"

namespace remotemedia::nodes {
namespace {

std::uint64_t magnitude(std::int64_t v) {
  // Negate in unsigned arithmetic: -INT64_MIN does not fit int64.
  return v < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

// a / b correctly rounded to double, as CPython's int true division. Converting both to
// double first would round twice once either exceeds 2^53 (e.g. (2^60 + 1) / 3).
double true_divide(std::int64_t a, std::int64_t b) {
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  if (a >= -kExact && a <= kExact && b >= -kExact && b <= kExact)
    return static_cast<double>(a) / static_cast<double>(b);  // both exact: one rounding
  const bool negative = (a < 0) != (b < 0);
  const std::uint64_t ub = magnitude(b);
  std::uint64_t q = magnitude(a) / ub;
  std::uint64_t r = magnitude(a) % ub;
  int exponent = 0;
  // Long division, one bit at a time, until the quotient has 64 significant bits; r < ub
  // <= 2^63, so 2r never overflows. At most ~127 steps (|a| >= 1, |b| <= 2^63).
  while (q < (std::uint64_t{1} << 63)) {
    q <<= 1;
    r <<= 1;
    if (r >= ub) {
      r -= ub;
      q |= 1;
    }
    --exponent;
  }
  // A non-zero remainder is a sticky bit: bit 0 lies below the rounding bit (bit 10 of a
  // 64-bit significand rounded to 53), so setting it breaks exact ties the right way.
  if (r != 0) q |= 1;
  const double magnitude_d = std::ldexp(static_cast<double>(q), exponent);
  return negative ? -magnitude_d : magnitude_d;
}

std::string int_overflow_message(ArithOp op, std::int64_t a, std::int64_t b) {
  static constexpr std::string_view kSymbols[] = {" + ", " - ", " * ", " / "};
  return "integer overflow: " + std::to_string(a) + std::string(kSymbols[static_cast<int>(op)]) +
         std::to_string(b) + " does not fit in a 64-bit integer";
}

}  // namespace

Result<Value> apply_scalar(ArithOp op, const Value& lhs, const Value& rhs) {
  if (op == ArithOp::kDivide) {
    if (rhs.as_number() == 0.0) return fail(ErrorCode::kNodeFailed, "division by zero");
    if (lhs.is_int() && rhs.is_int()) return Value(true_divide(lhs.as_int(), rhs.as_int()));
    return Value(lhs.as_number() / rhs.as_number());
  }
  if (lhs.is_int() && rhs.is_int()) {
    const std::int64_t a = lhs.as_int();
    const std::int64_t b = rhs.as_int();
    std::int64_t out = 0;
    bool overflow = false;
    switch (op) {
      case ArithOp::kAdd: overflow = __builtin_add_overflow(a, b, &out); break;
      case ArithOp::kSubtract: overflow = __builtin_sub_overflow(a, b, &out); break;
      case ArithOp::kMultiply: overflow = __builtin_mul_overflow(a, b, &out); break;
      case ArithOp::kDivide: break;
    }
    if (overflow) return fail(ErrorCode::kNodeFailed, int_overflow_message(op, a, b));
    return Value(out);
  }
  const double a = lhs.as_number();
  const double b = rhs.as_number();
  switch (op) {
    case ArithOp::kAdd: return Value(a + b);
    case ArithOp::kSubtract: return Value(a - b);
    case ArithOp::kMultiply: return Value(a * b);
    case ArithOp::kDivide: break;
  }
  return Value(a / b);
}

std::optional<Value> parse_number_string(std::string_view text) {
  constexpr std::string_view kJsonWhitespace = " \t\n\r";
  const std::size_t first = text.find_first_not_of(kJsonWhitespace);
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t last = text.find_last_not_of(kJsonWhitespace);
  const std::string_view trimmed = text.substr(first, last - first + 1);
  // Only a number can start like this; checking first keeps "[...]" or "{...}" strings
  // from being parsed as whole documents just to be rejected.
  if (trimmed.front() != '-' && (trimmed.front() < '0' || trimmed.front() > '9'))
    return std::nullopt;
  // The JSON codec's own number parser, so a string gives exactly the number the same
  // text would give as input JSON (int/float rule, rounding, range).
  Result<Value> parsed = parse_json(trimmed);
  if (!parsed || !parsed->is_number()) return std::nullopt;
  return std::move(*parsed);
}

std::string_view kind_with_article(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return "a bool";
    case Value::Kind::kInt: return "an int";
    case Value::Kind::kFloat: return "a float";
    case Value::Kind::kString: return "a string";
    case Value::Kind::kBytes: return "bytes";
    case Value::Kind::kArray: return "an array";
    case Value::Kind::kObject: return "an object";
    case Value::Kind::kTensor: return "a tensor";
    case Value::Kind::kOpaque: return "an opaque object";
  }
  return "a value";
}

}  // namespace remotemedia::nodes
