#include <gtest/gtest.h>

#include "nodes/node_test_util.h"

namespace remotemedia {
namespace {

using testing::arr;
using testing::builtin_registry;
using testing::obj;
using testing::run_ok;

TEST(PassThrough, EmitsItsInput) {
  const std::vector<Value> items = {Value(1), Value("a"), arr({Value(nullptr)}), obj({})};
  EXPECT_EQ(run_ok("PassThrough", obj({}), items), items);
  EXPECT_EQ(run_ok("PassThroughNode", obj({}), items), items);
}

TEST(PassThrough, SharesPayloads) {
  const Value big = arr({Value(1), Value(2)});
  const std::vector<Value> out = run_ok("PassThrough", obj({}), {big});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(&out[0].as_array(), &big.as_array());
}

TEST(Echo, CountsItemsAndNamesItsNode) {
  Result<std::vector<Value>> out = testing::run_node(builtin_registry(), "Echo", obj({}),
                                                     {Value("a"), Value(2)}, "echo1");
  ASSERT_TRUE(out.has_value());
  ASSERT_EQ(out->size(), 2u);
  const Value& first = (*out)[0];
  ASSERT_TRUE(first.is_object());
  ASSERT_EQ(first.as_object().size(), 3u);
  EXPECT_EQ(first.as_object()[0].first, "counter");
  EXPECT_EQ(first.as_object()[1].first, "input");
  EXPECT_EQ(first.as_object()[2].first, "node");
  EXPECT_EQ(first, obj({{"counter", Value(1)}, {"input", Value("a")}, {"node", Value("echo1")}}));
  EXPECT_EQ((*out)[1], obj({{"counter", Value(2)}, {"input", Value(2)}, {"node", Value("echo1")}}));
}

TEST(Echo, CountersArePerNode) {
  EXPECT_EQ(run_ok("Echo", obj({}), {Value(0)})[0].find("counter")->as_int(), 1);
  EXPECT_EQ(run_ok("Echo", obj({}), {Value(0)})[0].find("counter")->as_int(), 1);
}

}  // namespace
}  // namespace remotemedia
