#include "nodes/scalar_arith.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>

namespace remotemedia::nodes {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

Value ok(ArithOp op, Value a, Value b) {
  Result<Value> r = apply_scalar(op, a, b);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : Value();
}

TEST(ScalarArith, IntWithIntStaysInt) {
  EXPECT_EQ(ok(ArithOp::kAdd, Value(10), Value(5)), Value(15));
  EXPECT_EQ(ok(ArithOp::kSubtract, Value(10), Value(15)), Value(-5));
  EXPECT_EQ(ok(ArithOp::kMultiply, Value(-4), Value(5)), Value(-20));
  EXPECT_TRUE(ok(ArithOp::kAdd, Value(1), Value(2)).is_int());
}

TEST(ScalarArith, DivideIsTrueDivision) {
  const Value half = ok(ArithOp::kDivide, Value(7), Value(2));
  ASSERT_TRUE(half.is_float());
  EXPECT_EQ(half.as_float(), 3.5);
  EXPECT_EQ(ok(ArithOp::kDivide, Value(6), Value(3)), Value(2.0));
  EXPECT_EQ(ok(ArithOp::kDivide, Value(-7), Value(2)), Value(-3.5));
  EXPECT_EQ(ok(ArithOp::kDivide, Value(1.0), Value(4)), Value(0.25));
}

TEST(ScalarArith, IntDivisionIsCorrectlyRoundedBeyondTwoToThe53) {
  // Python: 1152921504606847008 / 3 == 0x1.5555555555556p+58, the exact quotient rounded
  // once; float(1152921504606847008) / 3 rounds twice and gives 0x1.5555555555555p+58.
  EXPECT_EQ(ok(ArithOp::kDivide, Value(std::int64_t{1152921504606847008}), Value(3)),
            Value(0x1.5555555555556p+58));
  EXPECT_EQ(ok(ArithOp::kDivide, Value((std::int64_t{1} << 60) + 1), Value(3)),
            Value(0x1.5555555555555p+58));
  // Python: (2**63 - 1) / 1 == 9.223372036854776e18; INT64_MIN / -1 == 9.223372036854776e18
  EXPECT_EQ(ok(ArithOp::kDivide, Value(kMax), Value(1)), Value(9223372036854775808.0));
  EXPECT_EQ(ok(ArithOp::kDivide, Value(kMin), Value(-1)), Value(9223372036854775808.0));
  // Python: 1 / (2**63 - 1) == 1.0842021724855044e-19
  EXPECT_EQ(ok(ArithOp::kDivide, Value(1), Value(kMax)), Value(1.0842021724855044e-19));
  // Python: (2**53 + 1) / 2 == 4503599627370496.0 (a tie, to even); (2**62 + 3) / -7
  EXPECT_EQ(ok(ArithOp::kDivide, Value((std::int64_t{1} << 53) + 1), Value(2)),
            Value(4503599627370496.0));
  EXPECT_EQ(ok(ArithOp::kDivide, Value((std::int64_t{1} << 62) + 3), Value(-7)),
            Value(-0x1.2492492492492p+59));
}

TEST(ScalarArith, AnythingWithAFloatGivesAFloat) {
  EXPECT_EQ(ok(ArithOp::kAdd, Value(1), Value(0.5)), Value(1.5));
  EXPECT_EQ(ok(ArithOp::kMultiply, Value(2.0), Value(3)), Value(6.0));
  EXPECT_EQ(ok(ArithOp::kSubtract, Value(2.5), Value(0.5)), Value(2.0));
  EXPECT_TRUE(std::isinf(ok(ArithOp::kMultiply, Value(1e308), Value(10)).as_float()));
}

TEST(ScalarArith, Int64OverflowIsAnError) {
  for (auto [op, a, b] : {std::tuple{ArithOp::kMultiply, kMax, std::int64_t{2}},
                          std::tuple{ArithOp::kAdd, kMax, std::int64_t{1}},
                          std::tuple{ArithOp::kSubtract, kMin, std::int64_t{1}},
                          std::tuple{ArithOp::kMultiply, kMin, std::int64_t{-1}}}) {
    Result<Value> r = apply_scalar(op, Value(a), Value(b));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNodeFailed);
    EXPECT_NE(r.error().message.find("overflow"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(ok(ArithOp::kMultiply, Value(kMin), Value(1)), Value(kMin));
}

TEST(ScalarArith, DivisionByZeroIsAnError) {
  for (const Value& zero : {Value(0), Value(0.0), Value(-0.0)}) {
    Result<Value> r = apply_scalar(ArithOp::kDivide, Value(1), zero);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNodeFailed);
  }
}

TEST(ScalarArith, ParseNumberString) {
  EXPECT_EQ(parse_number_string("  12 "), Value(12));
  EXPECT_EQ(parse_number_string("\t\n-3\r"), Value(-3));
  EXPECT_EQ(parse_number_string("1e2"), Value(100.0));
  EXPECT_EQ(parse_number_string("2.50"), Value(2.5));
  EXPECT_EQ(parse_number_string("9223372036854775808"), Value(9223372036854775808.0));
  for (const char* text : {"abc", "", "   ", "12abc", "1 2", "+1", ".5", "01", "0x10",
                           "[1]", "\"1\"", "true", "null", "NaN", "\v1", "1\f", "1e400", "-"})
    EXPECT_FALSE(parse_number_string(text).has_value()) << text;
}

}  // namespace
}  // namespace remotemedia::nodes
