#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "nodes/node_test_util.h"
#include "nodes/tensor_test_util.h"
#include "remotemedia/json.h"

namespace remotemedia {
namespace {

using testing::arr;
using testing::builtin_registry;
using testing::NodeHarness;
using testing::obj;
using testing::run_ok;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::vector<Value> ints(std::initializer_list<std::int64_t> values) {
  std::vector<Value> out;
  for (std::int64_t v : values) out.emplace_back(v);
  return out;
}

std::vector<Value> range(Value params) { return run_ok("RangeSource", params, {}); }

TEST(RangeSource, LikePythonRange) {
  EXPECT_EQ(range(obj({{"start", Value(0)}, {"stop", Value(5)}})), ints({0, 1, 2, 3, 4}));
  EXPECT_EQ(range(obj({{"stop", Value(3)}})), ints({0, 1, 2}));  // defaults start 0, step 1
  EXPECT_EQ(range(obj({{"start", Value(5)}, {"stop", Value(0)}, {"step", Value(-2)}})),
            ints({5, 3, 1}));
  EXPECT_EQ(range(obj({{"start", Value(0)}, {"stop", Value(0)}})), ints({}));
  EXPECT_EQ(range(obj({{"start", Value(5)}, {"stop", Value(0)}})), ints({}));
  EXPECT_EQ(range(obj({{"start", Value(0)}, {"stop", Value(5)}, {"step", Value(-1)}})), ints({}));
  EXPECT_EQ(range(obj({{"start", Value(-3)}, {"stop", Value(4)}, {"step", Value(3)}})),
            ints({-3, 0, 3}));
}

TEST(RangeSource, NearInt64Limits) {
  EXPECT_EQ(range(obj({{"start", Value(kMax - 2)}, {"stop", Value(kMax)}})),
            ints({kMax - 2, kMax - 1}));
  EXPECT_EQ(range(obj({{"start", Value(kMin)}, {"stop", Value(kMin + 2)}})),
            ints({kMin, kMin + 1}));
  EXPECT_EQ(range(obj({{"start", Value(kMin + 1)}, {"stop", Value(kMin)}, {"step", Value(-1)}})),
            ints({kMin + 1}));
  EXPECT_EQ(range(obj({{"start", Value(kMin)}, {"stop", Value(kMax)}, {"step", Value(kMax)}})),
            ints({kMin, -1, kMax - 1}));
  EXPECT_EQ(range(obj({{"start", Value(kMax)}, {"stop", Value(kMin)}, {"step", Value(kMin)}})),
            ints({kMax, -1}));
  EXPECT_EQ(range(obj({{"start", Value(kMax - 1)}, {"stop", Value(kMax)}, {"step", Value(kMax)}})),
            ints({kMax - 1}));
}

// Consecutive ints from `from`.
std::vector<Value> ints_from(std::int64_t from, std::int64_t count) {
  std::vector<Value> out;
  for (std::int64_t i = 0; i < count; ++i) out.emplace_back(from + i);
  return out;
}

TEST(RangeSource, HugeRangeIsLazy) {
  Result<NodeHarness> h = NodeHarness::create(
      builtin_registry(), "RangeSource", obj({{"start", Value(kMin)}, {"stop", Value(kMax)}}));
  ASSERT_TRUE(h.has_value());
  for (std::int64_t i = 0; i < 3; ++i) {
    auto step = h->generate_once();
    ASSERT_TRUE(step.has_value());
    EXPECT_TRUE(step->second);
    EXPECT_EQ(step->first, ints_from(kMin + 64 * i, 64));
  }
}

TEST(RangeSource, GeneratesUpTo64IntsPerCall) {
  Result<NodeHarness> h = NodeHarness::create(builtin_registry(), "RangeSource", obj({{"stop", Value(130)}}));
  ASSERT_TRUE(h.has_value());
  for (auto [from, count] : {std::pair{0, 64}, {64, 64}, {128, 2}}) {
    auto step = h->generate_once();
    ASSERT_TRUE(step.has_value());
    EXPECT_TRUE(step->second);
    EXPECT_EQ(step->first, ints_from(from, count));
  }
  auto done = h->generate_once();
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(done->first.empty());
  EXPECT_FALSE(done->second);
}

TEST(RangeSource, GenerateReturnsFalseOnceExhausted) {
  Result<NodeHarness> h = NodeHarness::create(builtin_registry(), "RangeSource", obj({{"stop", Value(1)}}));
  ASSERT_TRUE(h.has_value());
  auto first = h->generate_once();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->first, ints({0}));
  EXPECT_TRUE(first->second);
  auto done = h->generate_once();
  ASSERT_TRUE(done.has_value());
  EXPECT_TRUE(done->first.empty());
  EXPECT_FALSE(done->second);
}

TEST(RangeSource, StepZeroIsAParamIssueOnStep) {
  const NodeDescriptor& d = *builtin_registry().find("RangeSource");
  std::vector<ParamIssue> issues =
      NodeHarness::check_params(d, obj({{"stop", Value(5)}, {"step", Value(0)}}));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].param, "step");
  EXPECT_EQ(issues[0].code, ErrorCode::kInvalidParam);
  EXPECT_TRUE(NodeHarness::check_params(d, obj({{"stop", Value(5)}})).empty());
  Result<NodeHarness> h = NodeHarness::create(builtin_registry(), "RangeSource",
                                              obj({{"stop", Value(5)}, {"step", Value(0)}}));
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().code, ErrorCode::kInvalidParam);
  EXPECT_EQ(h.error().path, "/params/step");
}

TEST(RangeSource, Descriptor) {
  const NodeDescriptor& d = *builtin_registry().find("RangeSource");
  EXPECT_TRUE(d.is_generator);
  ASSERT_EQ(d.params.size(), 3u);
  EXPECT_EQ(d.params[0].name, "start");
  EXPECT_EQ(d.params[0].default_value, Value(0));
  EXPECT_EQ(d.params[1].name, "stop");
  EXPECT_TRUE(d.params[1].required);
  EXPECT_EQ(d.params[2].name, "step");
  EXPECT_EQ(d.params[2].default_value, Value(1));
  for (const ParamSpec& p : d.params) EXPECT_EQ(p.type, ParamType::kInt);
}

TEST(ValuesSource, GeneratesEachValue) {
  const std::vector<Value> values = {Value(1), Value("two"), arr({Value(3.0)}), Value(nullptr),
                                     obj({{"k", Value(true)}})};
  EXPECT_EQ(run_ok("ValuesSource", obj({{"values", arr(values)}}), {}), values);
  EXPECT_EQ(run_ok("ValuesSource", obj({{"values", arr({})}}), {}), std::vector<Value>{});
}

TEST(ValuesSource, DecodesTensorAndBytesForms) {
  // float32 [1.0, 2.0] little-endian: 0000803f 00000040
  Result<Value> params = parse_json(
      R"({"values": [{"dtype": "float32", "shape": [2], "data": "AACAPwAAAEA="},
                     {"__bytes__": "AQI="}, 7]})");
  ASSERT_TRUE(params.has_value());
  const std::vector<Value> out = run_ok("ValuesSource", *params, {});
  ASSERT_EQ(out.size(), 3u);
  ASSERT_TRUE(out[0].is_tensor());
  EXPECT_EQ(out[0].as_tensor().dtype(), DType::kFloat32);
  EXPECT_EQ(testing::elements_of<float>(out[0].as_tensor()), (std::vector<float>{1.0f, 2.0f}));
  ASSERT_TRUE(out[1].is_bytes());
  EXPECT_EQ(out[1].as_bytes(), (Value::Bytes{1, 2}));
  EXPECT_EQ(out[2], Value(7));
}

TEST(ValuesSource, MalformedTensorFormIsInvalidParam) {
  Result<Value> params =
      parse_json(R"({"values": [1, {"dtype": "float99", "shape": [1], "data": ""}]})");
  ASSERT_TRUE(params.has_value());
  const NodeDescriptor& d = *builtin_registry().find("ValuesSource");
  std::vector<ParamIssue> issues = NodeHarness::check_params(d, *params);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].param, "values");
  EXPECT_EQ(issues[0].code, ErrorCode::kInvalidParam);
  Result<NodeHarness> h = NodeHarness::create(builtin_registry(), "ValuesSource", *params);
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().code, ErrorCode::kInvalidParam);
  EXPECT_EQ(h.error().path.rfind("/params/values/1", 0), 0u) << h.error().path;
}

TEST(ValuesSource, Descriptor) {
  const NodeDescriptor& d = *builtin_registry().find("ValuesSource");
  EXPECT_TRUE(d.is_generator);
  ASSERT_EQ(d.params.size(), 1u);
  EXPECT_EQ(d.params[0].name, "values");
  EXPECT_EQ(d.params[0].type, ParamType::kArray);
  EXPECT_TRUE(d.params[0].required);
}

TEST(Sources, PassInputThroughIfWiredAfterAnotherNode) {
  EXPECT_EQ(run_ok("ValuesSource", obj({{"values", arr({Value(1)})}}), {Value("x")}),
            (std::vector<Value>{Value("x")}));
  EXPECT_EQ(run_ok("RangeSource", obj({{"stop", Value(2)}}), {Value(9)}), ints({9}));
}

}  // namespace
}  // namespace remotemedia
