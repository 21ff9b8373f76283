#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "nodes/node_test_util.h"

namespace remotemedia {
namespace {

TEST(RegisterBuiltinNodes, RegistersEveryNodeOfDesign7) {
  const NodeRegistry& r = testing::builtin_registry();
  std::vector<std::string> names;
  for (const NodeDescriptor& d : r.descriptors()) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"PassThrough", "Echo", "CalculatorNode", "MultiplyNode",
                                             "AddNode", "ValuesSource", "RangeSource", "Resample", "EnergyVAD"}));
  ASSERT_NE(r.find("PassThroughNode"), nullptr);
  EXPECT_EQ(r.find("PassThroughNode")->name, "PassThrough");
  const auto all = r.names();
  EXPECT_NE(std::find(all.begin(), all.end(), "PassThroughNode"), all.end());
}

TEST(RegisterBuiltinNodes, DescriptorsAreComplete) {
  for (const NodeDescriptor& d : testing::builtin_registry().descriptors()) {
    EXPECT_FALSE(d.description.empty()) << d.name;
    EXPECT_EQ(d.runtime, "native") << d.name;
    EXPECT_TRUE(static_cast<bool>(d.create)) << d.name;
    for (const ParamSpec& p : d.params) {
      EXPECT_FALSE(p.description.empty()) << d.name << "." << p.name;
      // A required param has no default; an optional one has one of its own type.
      EXPECT_EQ(p.required, p.default_value.is_null()) << d.name << "." << p.name;
    }
  }
}

TEST(RegisterBuiltinNodes, FactoriesRejectUnvalidatedParams) {
  Result<testing::NodeHarness> h = testing::NodeHarness::create(
      testing::builtin_registry(), "MultiplyNode", testing::obj({{"factor", Value("x")}}));
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().code, ErrorCode::kInvalidParam);
  EXPECT_EQ(h.error().path, "/params/factor");
  Result<testing::NodeHarness> missing =
      testing::NodeHarness::create(testing::builtin_registry(), "CalculatorNode", testing::obj({}));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().path, "/params/operation");
}

}  // namespace
}  // namespace remotemedia
