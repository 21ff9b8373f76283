// check_params(): params against the node's descriptor.
#include "manifest/check_helpers.h"

namespace remotemedia::testing {
namespace {

TEST(CheckParams, DefaultsAreFilledIn) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNode"},
                                       {"id": "r", "node_type": "RangeSource",
                                        "params": {"stop": 5}},
                                       {"id": "c", "node_type": "CalculatorNode",
                                        "params": {"operand": 2, "operation": "add"}}])"));
  ASSERT_TRUE(r.errors.empty()) << messages(r);
  const auto& nodes = r.request.manifest.nodes;
  EXPECT_EQ(nodes[0].params, Value(Value::Object{}));
  EXPECT_EQ(nodes[0].resolved_params, Value(Value::Object{{"factor", 2}}));
  EXPECT_EQ(nodes[1].resolved_params, Value(Value::Object{{"start", 0}, {"stop", 5}, {"step", 1}}));
  // Descriptor order, whatever the order given.
  EXPECT_EQ(nodes[2].resolved_params, Value(Value::Object{{"operation", "add"}, {"operand", 2}}));
}

TEST(CheckParams, GivenValuesWinOverDefaults) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNode",
                                        "params": {"factor": 2.5}}])"));
  ASSERT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_EQ(r.request.manifest.nodes[0].resolved_params, Value(Value::Object{{"factor", 2.5}}));
}

TEST(CheckParams, UnknownParamListsWhatTheNodeTakes) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNode",
                                        "params": {"factr": 3}},
                                       {"id": "p", "node_type": "PassThrough",
                                        "params": {"x": 1}}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_param", "/nodes/0/params/factr"},
                                                  {"unknown_param", "/nodes/1/params/x"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"factor\"?"), std::string::npos)
      << r.errors[0].message;
  EXPECT_NE(r.errors[0].message.find("MultiplyNode takes \"factor\""), std::string::npos)
      << r.errors[0].message;
  EXPECT_NE(r.errors[1].message.find("takes no params"), std::string::npos);
  EXPECT_EQ(r.errors[0].node, "m");
}

TEST(CheckParams, RequiredParamsMissing) {
  ManifestCheck r = check(manifest(R"([{"id": "c", "node_type": "CalculatorNode",
                                        "params": {"operation": "add"}},
                                       {"id": "v", "node_type": "ValuesSource"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"missing_field", "/nodes/0/params/operand"},
                                                  {"missing_field", "/nodes/1/params/values"}}))
      << messages(r);
  EXPECT_EQ(r.errors[1].node, "v");
}

TEST(CheckParams, TypeErrorsNameNodeTypeParamAndTypes) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNode",
                                        "params": {"factor": "3"}},
                                       {"id": "n", "node_type": "MultiplyNode",
                                        "params": {"factor": true}},
                                       {"id": "r", "node_type": "RangeSource",
                                        "params": {"stop": 2.0, "start": null}},
                                       {"id": "v", "node_type": "ValuesSource",
                                        "params": {"values": {}}}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_param", "/nodes/0/params/factor"},
                                                  {"invalid_param", "/nodes/1/params/factor"},
                                                  {"invalid_param", "/nodes/2/params/stop"},
                                                  {"invalid_param", "/nodes/2/params/start"},
                                                  {"invalid_param", "/nodes/3/params/values"}}))
      << messages(r);
  EXPECT_EQ(r.errors[0].message, "MultiplyNode param \"factor\" must be a number, got string");
  EXPECT_EQ(r.errors[1].message, "MultiplyNode param \"factor\" must be a number, got bool");
  EXPECT_EQ(r.errors[2].message, "RangeSource param \"stop\" must be an integer, got float");
}

TEST(CheckParams, ChoicesAreEnforced) {
  ManifestCheck r = check(manifest(R"([{"id": "c", "node_type": "CalculatorNode",
                                        "params": {"operation": "divid", "operand": 0}}])"));
  // The descriptor's own check does not run while a param is invalid.
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_param", "/nodes/0/params/operation"}}));
  const std::string& message = r.errors[0].message;
  EXPECT_NE(message.find("\"add\", \"subtract\", \"multiply\", \"divide\""), std::string::npos)
      << message;
  EXPECT_NE(message.find("did you mean \"divide\"?"), std::string::npos) << message;
}

TEST(CheckParams, DescriptorCheckIssuesPointAtTheirParam) {
  ManifestCheck r = check(manifest(R"([{"id": "c", "node_type": "CalculatorNode",
                                        "params": {"operation": "divide", "operand": 0}},
                                       {"id": "r", "node_type": "RangeSource",
                                        "params": {"stop": 3, "step": 0}},
                                       {"id": "s", "node_type": "RangeSource",
                                        "params": {"stop": 3, "step": 0, "stp": 1}}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_param", "/nodes/0/params/operand"},
                                                  {"invalid_param", "/nodes/1/params/step"},
                                                  {"unknown_param", "/nodes/2/params/stp"},
                                                  {"invalid_param", "/nodes/2/params/step"}}))
      << messages(r);
  EXPECT_EQ(r.errors[1].node, "r");
}

TEST(CheckParams, CheckDoesNotRunWithoutRequiredParams) {
  ManifestCheck r = check(manifest(R"([{"id": "r", "node_type": "RangeSource",
                                        "params": {"step": 0}}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"missing_field", "/nodes/0/params/stop"}}));
}

TEST(CheckParams, ParamsOfAnUnknownTypeAreNotChecked) {
  ManifestCheck r = check(manifest(R"([{"id": "x", "node_type": "Nope",
                                        "params": {"anything": 1}}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_node_type", "/nodes/0/node_type"}}));
  EXPECT_EQ(r.request.manifest.nodes[0].params, Value(Value::Object{{"anything", 1}}));
}

TEST(CheckParams, ParamPointersAreEscaped) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNode",
                                        "params": {"a/b": 1}}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_param", "/nodes/0/params/a~1b"}}));
}

TEST(CheckParams, EveryParamType) {
  NodeRegistry registry;
  NodeDescriptor d;
  d.name = "AllTypes";
  d.params = {
      test_param("i", ParamType::kInt, false),    test_param("n", ParamType::kNumber, false),
      test_param("s", ParamType::kString, false), test_param("b", ParamType::kBool, false),
      test_param("a", ParamType::kArray, false),  test_param("o", ParamType::kObject, false),
      test_param("x", ParamType::kAny, false)};
  registry.add(d);
  ManifestCheck good = check_document(parse(manifest(R"([{"id": "t", "node_type": "AllTypes",
                          "params": {"i": -1, "n": 1e300, "s": "", "b": false, "a": [],
                                     "o": {}, "x": null}}])")),
                                      registry);
  EXPECT_TRUE(good.errors.empty()) << messages(good);
  ManifestCheck bad = check_document(parse(manifest(R"([{"id": "t", "node_type": "AllTypes",
                          "params": {"i": 1.0, "n": "1", "s": 1, "b": 0, "a": {}, "o": [],
                                     "x": [1]}}])")),
                                     registry);
  EXPECT_EQ(code_paths(bad), (std::vector<CodePath>{{"invalid_param", "/nodes/0/params/i"},
                                                    {"invalid_param", "/nodes/0/params/n"},
                                                    {"invalid_param", "/nodes/0/params/s"},
                                                    {"invalid_param", "/nodes/0/params/b"},
                                                    {"invalid_param", "/nodes/0/params/a"},
                                                    {"invalid_param", "/nodes/0/params/o"}}))
      << messages(bad);
}

}  // namespace
}  // namespace remotemedia::testing
