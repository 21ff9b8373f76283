#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "nodes/node_test_util.h"

namespace remotemedia {
namespace {

using testing::arr;
using testing::builtin_registry;
using testing::obj;
using testing::run_ok;

Value calc(const char* operation, Value operand) {
  return obj({{"operation", Value(operation)}, {"operand", std::move(operand)}});
}

TEST(CalculatorNode, AddsToEachItem) {
  EXPECT_EQ(run_ok("CalculatorNode", calc("add", Value(5)), {Value(10), Value(20), Value(30)}),
            (std::vector<Value>{Value(15), Value(25), Value(35)}));
}

TEST(CalculatorNode, SubtractAndMultiply) {
  EXPECT_EQ(run_ok("CalculatorNode", calc("subtract", Value(3)), {Value(10), Value(1.5)}),
            (std::vector<Value>{Value(7), Value(-1.5)}));
  EXPECT_EQ(run_ok("CalculatorNode", calc("multiply", Value(2.5)), {Value(4)}),
            (std::vector<Value>{Value(10.0)}));
}

TEST(CalculatorNode, DivideGivesAFloat) {
  const std::vector<Value> out = run_ok("CalculatorNode", calc("divide", Value(2)), {Value(7), Value(8)});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].is_float());
  EXPECT_EQ(out[0], Value(3.5));
  EXPECT_EQ(out[1], Value(4.0));
}

TEST(CalculatorNode, NumericStringsAreComputedOn) {
  const std::vector<Value> out =
      run_ok("CalculatorNode", calc("add", Value(5)), {Value("  12 "), Value("1e2"), Value("\t-2.5\n")});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], Value(17));
  EXPECT_TRUE(out[0].is_int());
  EXPECT_EQ(out[1], Value(105.0));
  EXPECT_TRUE(out[1].is_float());
  EXPECT_EQ(out[2], Value(2.5));
}

TEST(CalculatorNode, EverythingElsePassesThrough) {
  const Value tensor_item = Value(*Tensor::make(DType::kInt32, {1}, Buffer::copy_of(std::vector<std::byte>(4))));
  const std::vector<Value> items = {Value("abc"), Value(true), arr({Value(1)}), Value(nullptr),
                                    obj({{"a", Value(1)}}), Value("12 abc"), Value(""),
                                    tensor_item, Value::bytes({1, 2})};
  EXPECT_EQ(run_ok("CalculatorNode", calc("multiply", Value(3)), items), items);
}

TEST(CalculatorNode, IntOverflowIsANodeError) {
  Result<std::vector<Value>> out =
      testing::run_node(builtin_registry(), "CalculatorNode", calc("multiply", Value(2)),
                        {Value(std::numeric_limits<std::int64_t>::max())});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
  EXPECT_NE(out.error().message.find("overflow"), std::string::npos);
}

TEST(CalculatorNode, DivideByZeroIsAParamIssueOnOperand) {
  const NodeDescriptor& d = *builtin_registry().find("CalculatorNode");
  for (const Value& zero : {Value(0), Value(0.0), Value(-0.0)}) {
    const std::vector<ParamIssue> issues = testing::NodeHarness::check_params(d, calc("divide", zero));
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].param, "operand");
    EXPECT_EQ(issues[0].code, ErrorCode::kInvalidParam);
    EXPECT_FALSE(issues[0].message.empty());
  }
  EXPECT_TRUE(testing::NodeHarness::check_params(d, calc("multiply", Value(0))).empty());
  EXPECT_TRUE(testing::NodeHarness::check_params(d, calc("divide", Value(0.5))).empty());
  // The factory refuses it too, rather than dividing by zero later.
  Result<testing::NodeHarness> h =
      testing::NodeHarness::create(builtin_registry(), "CalculatorNode", calc("divide", Value(0)));
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().code, ErrorCode::kInvalidParam);
}

TEST(CalculatorNode, Descriptor) {
  const NodeDescriptor& d = *builtin_registry().find("CalculatorNode");
  ASSERT_EQ(d.params.size(), 2u);
  EXPECT_EQ(d.params[0].name, "operation");
  EXPECT_EQ(d.params[0].type, ParamType::kString);
  EXPECT_TRUE(d.params[0].required);
  EXPECT_EQ(d.params[0].choices,
            (std::vector<std::string>{"add", "subtract", "multiply", "divide"}));
  EXPECT_EQ(d.params[1].name, "operand");
  EXPECT_EQ(d.params[1].type, ParamType::kNumber);
  EXPECT_TRUE(d.params[1].required);
  EXPECT_FALSE(d.is_generator);
}

}  // namespace
}  // namespace remotemedia
