// manifest_json_schema(): shape of the schema, and agreement with check_document() on
// documents the schema can judge.
#include "manifest/check_helpers.h"
#include "support/json_schema_check.h"

namespace remotemedia::testing {
namespace {

const Value& schema() {
  static const Value value = manifest_json_schema(test_registry());
  return value;
}

std::string violations(const Value& document) {
  std::string out;
  for (const std::string& v : json_schema_check(schema(), document)) out += v + "\n";
  return out;
}

TEST(Schema, IsADraft2020Schema) {
  ASSERT_TRUE(schema().is_object());
  const Value* dialect = schema().find("$schema");
  ASSERT_NE(dialect, nullptr);
  EXPECT_EQ(*dialect, Value("https://json-schema.org/draft/2020-12/schema"));
  ASSERT_NE(schema().find("$defs"), nullptr);
  EXPECT_NE(schema().find("$defs")->find("params.MultiplyNode"), nullptr);
  // It round-trips through JSON (the CLI prints it).
  Result<Value> reparsed = parse_json(to_json(schema(), {.pretty = true}));
  ASSERT_TRUE(reparsed.has_value());
  EXPECT_EQ(*reparsed, schema());
}

TEST(Schema, ParamsDefDescribesTypesRequiredAndChoices) {
  const Value& calculator = *schema().find("$defs")->find("params.CalculatorNode");
  EXPECT_EQ(*calculator.find("additionalProperties"), Value(false));
  EXPECT_EQ(*calculator.find("required"), Value(Value::Array{"operation", "operand"}));
  const Value& properties = *calculator.find("properties");
  EXPECT_EQ(*properties.find("operand")->find("type"), Value("number"));
  EXPECT_EQ(*properties.find("operation")->find("enum"),
            Value(Value::Array{"add", "subtract", "multiply", "divide"}));
  const Value& range = *schema().find("$defs")->find("params.RangeSource");
  EXPECT_EQ(*range.find("properties")->find("step")->find("type"), Value("integer"));
  EXPECT_EQ(*range.find("properties")->find("step")->find("default"), Value(1));
}

TEST(Schema, AcceptsValidManifestsAndEnvelopes) {
  const char* documents[] = {
      R"({"version": "v1", "metadata": {"name": "t", "extra": 1}, "nodes": []})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "m", "node_type": "MultiplyNode", "params": {"factor": 3}},
                    {"id": "p", "node_type": "PassThroughNode", "is_streaming": false,
                     "runtime_hint": "auto", "host": "w:1",
                     "capabilities": {"gpu": {"required": true}, "memory_gb": 2}}],
          "connections": [{"from": "m", "to": "p"}]})",
      R"({"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": []},
          "input_data": [1, {"dtype": "float32", "shape": [0], "data": ""}]})",
      R"({"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": []}})",
  };
  for (const char* text : documents) {
    Value document = parse(text);
    EXPECT_EQ(violations(document), "") << text;
    EXPECT_TRUE(check_document(document, test_registry()).errors.empty()) << text;
  }
}

TEST(Schema, AcceptsAnyNodeTypeName) {
  // Python classes are named freely; only the registry's types get their params checked.
  Value document = parse(R"({"version": "v1", "metadata": {"name": "t"},
                              "nodes": [{"id": "py", "node_type": "my.pkg:Thing",
                                         "params": {"any": 1}}]})");
  EXPECT_EQ(violations(document), "");
}

TEST(Schema, RejectsWhatCheckDocumentRejectsForShape) {
  const char* documents[] = {
      R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [], "extra": 1})",
      R"({"version": "v2", "metadata": {"name": "t"}, "nodes": []})",
      R"({"version": "v1", "metadata": {}, "nodes": []})",
      R"({"version": "v1", "metadata": {"name": "t"}})",
      R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [{"id": "a"}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "MultiplyNode", "params": {"factr": 1}}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "MultiplyNode", "params": {"factor": "2"}}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "PassThroughNode", "params": {"x": 1}}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "CalculatorNode",
                     "params": {"operation": "mod", "operand": 1}}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "RangeSource", "params": {"stop": 1.5}}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "PassThrough", "host": "nohost"}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "PassThrough", "runtime_hint": "gpu"}]})",
      R"({"version": "v1", "metadata": {"name": "t"},
          "nodes": [{"id": "a", "node_type": "PassThrough",
                     "capabilities": {"cpu": {"cores": 0}}}]})",
      R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [],
          "connections": [{"from": "a"}]})",
      R"({"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": []},
          "input_data": {}})",
      R"({"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": []}, "x": 1})",
      R"([])",
  };
  for (const char* text : documents) {
    Value document = parse(text);
    EXPECT_NE(violations(document), "") << text;
    EXPECT_FALSE(check_document(document, test_registry()).errors.empty()) << text;
  }
}

}  // namespace
}  // namespace remotemedia::testing
