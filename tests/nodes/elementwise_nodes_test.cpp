#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "nodes/node_test_util.h"
#include "nodes/tensor_test_util.h"

namespace remotemedia {
namespace {

using testing::arr;
using testing::builtin_registry;
using testing::elements_of;
using testing::make_tensor;
using testing::obj;
using testing::run_ok;

Result<std::vector<Value>> run(const char* type, Value params, std::vector<Value> inputs) {
  return testing::run_node(builtin_registry(), type, params, std::move(inputs));
}

TEST(MultiplyNode, DefaultFactorIsTwo) {
  EXPECT_EQ(run_ok("MultiplyNode", obj({}), {Value(3), Value(1.25)}),
            (std::vector<Value>{Value(6), Value(2.5)}));
}

TEST(MultiplyNode, NestedArrays) {
  EXPECT_EQ(run_ok("MultiplyNode", obj({{"factor", Value(2)}}),
                   {arr({arr({Value(1), Value(2)}), arr({Value(3.5)})}), arr({})}),
            (std::vector<Value>{arr({arr({Value(2), Value(4)}), arr({Value(7.0)})}), arr({})}));
}

TEST(MultiplyNode, DeepNestingDoesNotRecurse) {
  Value deep = Value(3);
  for (int i = 0; i < 100000; ++i) deep = arr({deep});
  std::vector<Value> out = run_ok("MultiplyNode", obj({{"factor", Value(3)}}), {deep});
  ASSERT_EQ(out.size(), 1u);
  const Value* v = &out[0];
  int depth = 0;
  while (v->is_array()) {
    ASSERT_EQ(v->as_array().size(), 1u);
    v = &v->as_array()[0];
    ++depth;
  }
  EXPECT_EQ(depth, 100000);
  EXPECT_EQ(*v, Value(9));
  // Tear both chains down outermost first, one level at a time: Value's destructor
  // recurses over nesting, and a 100 000-level cascade would overflow the stack.
  for (Value* chain : {&deep, &out[0]}) {
    std::vector<Value> levels;
    for (Value cur = std::move(*chain); cur.is_array() && !cur.as_array().empty();) {
      Value next = cur.as_array()[0];
      levels.push_back(std::move(cur));
      cur = std::move(next);
    }
    for (Value& level : levels) level = Value();
  }
}

TEST(MultiplyNode, NonNumbersAreNodeErrors) {
  Result<std::vector<Value>> out = run("MultiplyNode", obj({}), {Value("abc")});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(out.error().message,
            "MultiplyNode cannot multiply a string; it takes numbers, arrays of numbers and tensors");
  for (const Value& bad : {Value(true), Value(nullptr), obj({{"a", Value(1)}}),
                           arr({Value(1), Value("x")}), arr({arr({Value(false)})}),
                           Value::bytes({1})}) {
    Result<std::vector<Value>> r = run("MultiplyNode", obj({}), {bad});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kNodeFailed);
    EXPECT_NE(r.error().message.find("MultiplyNode cannot multiply"), std::string::npos);
  }
}

TEST(MultiplyNode, IntOverflowIsANodeError) {
  Result<std::vector<Value>> out =
      run("MultiplyNode", obj({{"factor", Value(2)}}),
          {arr({Value(1), Value(std::numeric_limits<std::int64_t>::max())})});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
  EXPECT_NE(out.error().message.find("overflow"), std::string::npos);
}

TEST(MultiplyNode, Tensors) {
  const std::vector<Value> out =
      run_ok("MultiplyNode", obj({{"factor", Value(1.5)}}),
             {Value(make_tensor<float>(DType::kFloat32, {2}, {2.0f, -1.0f})),
              Value(make_tensor<std::int32_t>(DType::kInt32, {2}, {2, 3}))});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].as_tensor().dtype(), DType::kFloat32);
  EXPECT_EQ(elements_of<float>(out[0].as_tensor()), (std::vector<float>{3.0f, -1.5f}));
  EXPECT_EQ(out[1].as_tensor().dtype(), DType::kFloat64);
  EXPECT_EQ(elements_of<double>(out[1].as_tensor()), (std::vector<double>{3.0, 4.5}));

  const std::vector<Value> wrapped =
      run_ok("MultiplyNode", obj({}), {Value(make_tensor<std::uint8_t>(DType::kUInt8, {1}, {200}))});
  EXPECT_EQ(elements_of<std::uint8_t>(wrapped[0].as_tensor()), (std::vector<std::uint8_t>{144}));
}

// A tensor only the item holds is computed in its own buffer; one that is also held
// elsewhere (a fan-out, a kept input) is not written.
TEST(MultiplyNode, ComputesInPlaceOnlyWhatNothingElseHolds) {
  Value shared(make_tensor<float>(DType::kFloat32, {2}, {2.0f, -1.0f}));
  const std::byte* shared_bytes = shared.as_tensor().data();
  Value unique(make_tensor<float>(DType::kFloat32, {2}, {4.0f, 8.0f}));
  const std::byte* unique_bytes = unique.as_tensor().data();
  std::vector<Value> inputs;  // not an initializer list: its elements are copies
  inputs.push_back(shared);
  inputs.push_back(std::move(unique));
  const std::vector<Value> out = run_ok("MultiplyNode", obj({{"factor", Value(0.5)}}), std::move(inputs));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(elements_of<float>(out[0].as_tensor()), (std::vector<float>{1.0f, -0.5f}));
  EXPECT_NE(out[0].as_tensor().data(), shared_bytes);
  EXPECT_EQ(elements_of<float>(shared.as_tensor()), (std::vector<float>{2.0f, -1.0f}));
  EXPECT_EQ(elements_of<float>(out[1].as_tensor()), (std::vector<float>{2.0f, 4.0f}));
  EXPECT_EQ(out[1].as_tensor().data(), unique_bytes);
}

TEST(AddNode, DefaultAddendIsZero) {
  const std::vector<Value> out = run_ok("AddNode", obj({}), {Value(3), Value(1.5)});
  EXPECT_EQ(out, (std::vector<Value>{Value(3), Value(1.5)}));
}

TEST(AddNode, SameShapesAsMultiply) {
  EXPECT_EQ(run_ok("AddNode", obj({{"addend", Value(10)}}),
                   {Value(1), arr({Value(1), arr({Value(2.5)})})}),
            (std::vector<Value>{Value(11), arr({Value(11), arr({Value(12.5)})})}));
  const std::vector<Value> t = run_ok(
      "AddNode", obj({{"addend", Value(1)}}), {Value(make_tensor<std::uint8_t>(DType::kBool, {2}, {1, 0}))});
  EXPECT_EQ(t[0].as_tensor().dtype(), DType::kInt64);
  EXPECT_EQ(elements_of<std::int64_t>(t[0].as_tensor()), (std::vector<std::int64_t>{2, 1}));
}

TEST(AddNode, NonNumbersAreNodeErrors) {
  Result<std::vector<Value>> out = run("AddNode", obj({}), {Value("abc")});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(out.error().message,
            "AddNode cannot add a string; it takes numbers, arrays of numbers and tensors");
}

TEST(AddNode, Descriptor) {
  const NodeDescriptor& add = *builtin_registry().find("AddNode");
  ASSERT_EQ(add.params.size(), 1u);
  EXPECT_EQ(add.params[0].name, "addend");
  EXPECT_EQ(add.params[0].type, ParamType::kNumber);
  EXPECT_FALSE(add.params[0].required);
  EXPECT_EQ(add.params[0].default_value, Value(0));
  const NodeDescriptor& mul = *builtin_registry().find("MultiplyNode");
  ASSERT_EQ(mul.params.size(), 1u);
  EXPECT_EQ(mul.params[0].name, "factor");
  EXPECT_EQ(mul.params[0].default_value, Value(2));
}

}  // namespace
}  // namespace remotemedia
