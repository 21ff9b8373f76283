// check_document(): the document root, the envelope, the manifest's top level, and the
// all-errors-in-one-pass guarantee.
#include <chrono>

#include "manifest/check_helpers.h"

namespace remotemedia::testing {
namespace {

TEST(CheckDocument, ValidManifestHasNoErrors) {
  ManifestCheck r = check(manifest(
      R"([{"id": "mul", "node_type": "MultiplyNode", "params": {"factor": 3}},
          {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}])",
      R"([{"from": "mul", "to": "add"}])"));
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_EQ(r.request.manifest_pointer, "");
  EXPECT_EQ(r.request.manifest.version, "v1");
  EXPECT_EQ(r.request.manifest.name(), "t");
  ASSERT_EQ(r.request.manifest.nodes.size(), 2u);
  EXPECT_EQ(r.request.manifest.nodes[0].id, "mul");
  EXPECT_EQ(r.request.manifest.nodes[0].descriptor, test_registry().find("MultiplyNode"));
  ASSERT_EQ(r.request.manifest.connections.size(), 1u);
  EXPECT_EQ(r.request.manifest.connections[0].from, "mul");
  EXPECT_EQ(r.request.manifest.connections[0].to_index, 1u);
  EXPECT_TRUE(r.request.input_data.empty());
}

TEST(CheckDocument, ConnectionsAreOptional) {
  ManifestCheck r = check(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": []})");
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_TRUE(r.request.manifest.connections.empty());
}

TEST(CheckDocument, MetadataMayCarryAnyKeys) {
  ManifestCheck r = check(
      R"({"version": "v1", "metadata": {"name": "t", "description": "d", "owner": {"x": 1}},
          "nodes": []})");
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_NE(r.request.manifest.metadata.find("owner"), nullptr);
}

TEST(CheckDocument, NonObjectDocumentIsWrongTypeAtRoot) {
  for (const char* text : {"[]", "3", "\"v1\"", "null"}) {
    ManifestCheck r = check(text);
    EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", ""}})) << text;
  }
}

TEST(CheckDocument, EmptyObjectReportsEveryMissingField) {
  ManifestCheck r = check("{}");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"missing_field", "/version"},
                                                  {"missing_field", "/metadata"},
                                                  {"missing_field", "/nodes"}}));
}

TEST(CheckDocument, TopLevelFieldErrors) {
  ManifestCheck r =
      check(R"({"version": "v2", "metadata": {}, "nodes": {}, "connections": 3, "extra": 1})");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unsupported_version", "/version"},
                                                  {"missing_field", "/metadata/name"},
                                                  {"wrong_type", "/nodes"},
                                                  {"wrong_type", "/connections"},
                                                  {"unknown_field", "/extra"}}))
      << messages(r);
}

TEST(CheckDocument, TopLevelWrongTypes) {
  ManifestCheck r = check(R"({"version": 1, "metadata": {"name": 5}, "nodes": []})");
  EXPECT_EQ(code_paths(r),
            (std::vector<CodePath>{{"wrong_type", "/version"}, {"wrong_type", "/metadata/name"}}));
  r = check(R"({"version": "v1", "metadata": [], "nodes": []})");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/metadata"}}));
}

TEST(CheckDocument, UnknownTopLevelFieldSuggestsTheClosestKey) {
  ManifestCheck r = check(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [],
                              "conections": []})");
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_field", "/conections"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"connections\"?"), std::string::npos)
      << r.errors[0].message;
}

TEST(CheckDocument, InputDataInABareManifestPointsAtTheEnvelope) {
  ManifestCheck r = check(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [],
                              "input_data": [1]})");
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_field", "/input_data"}}));
  EXPECT_NE(r.errors[0].message.find("envelope"), std::string::npos) << r.errors[0].message;
}

TEST(CheckDocument, PointerTokensAreEscaped) {
  ManifestCheck r = check(R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [],
                              "a/b~c": 1})");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_field", "/a~1b~0c"}}));
}

TEST(CheckDocument, ThreeMistakesAreAllReported) {
  ManifestCheck r = check(manifest(
      R"([{"id": "mul", "node_type": "MultiplyNod"},
          {"id": "range", "node_type": "RangeSource", "params": {"stop": 3, "step": 0}},
          {"id": "mul", "node_type": "AddNode"}])",
      R"([{"from": "range", "to": "mul"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_node_type", "/nodes/0/node_type"},
                                                  {"invalid_param", "/nodes/1/params/step"},
                                                  {"duplicate_node_id", "/nodes/2/id"}}))
      << messages(r);
  // The best-effort manifest still has the nodes and the connection for the graph checks.
  ASSERT_EQ(r.request.manifest.nodes.size(), 2u);
  EXPECT_EQ(r.request.manifest.nodes[0].descriptor, nullptr);
  EXPECT_EQ(r.request.manifest.connections.size(), 1u);
}

TEST(CheckDocument, ErrorsFollowDocumentOrderEvenWithConnectionsFirst) {
  ManifestCheck r = check(R"({"connections": [{"from": "x", "to": "a"}], "version": "v1",
                              "metadata": {"name": "t"},
                              "nodes": [{"id": "a", "node_type": "Nope"}]})");
  EXPECT_EQ(code_paths(r),
            (std::vector<CodePath>{{"unknown_connection_endpoint", "/connections/0/from"},
                                   {"unknown_node_type", "/nodes/0/node_type"}}));
  ASSERT_EQ(r.request.manifest.nodes.size(), 1u);
}

// --- envelopes -------------------------------------------------------------------------

TEST(CheckDocument, EnvelopePrefixesManifestPointers) {
  ManifestCheck r = check(R"({"manifest": {"version": "v1", "metadata": {},
                                           "nodes": [{"id": "a", "node_type": "Multiply",
                                                      "params": {"factr": 2}}],
                                           "bogus": 1},
                              "input_data": [1, 2]})");
  EXPECT_EQ(r.request.manifest_pointer, "/manifest");
  EXPECT_EQ(r.request.pointer("/nodes/0"), "/manifest/nodes/0");
  EXPECT_EQ(code_paths(r),
            (std::vector<CodePath>{{"missing_field", "/manifest/metadata/name"},
                                   {"unknown_node_type", "/manifest/nodes/0/node_type"},
                                   {"unknown_field", "/manifest/bogus"}}))
      << messages(r);
  EXPECT_EQ(r.request.input_data, (std::vector<Value>{Value(1), Value(2)}));
}

TEST(CheckDocument, EnvelopeKeys) {
  ManifestCheck r = check(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
                                           "nodes": []},
                              "inputdata": [], "input_data": {}})");
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_field", "/inputdata"},
                                                  {"wrong_type", "/input_data"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"input_data\"?"), std::string::npos);
}

TEST(CheckDocument, EnvelopeManifestMustBeAnObject) {
  ManifestCheck r = check(R"({"manifest": [], "input_data": []})");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/manifest"}}));
}

TEST(CheckDocument, EnvelopeWithoutInputDataIsFine) {
  ManifestCheck r = check(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
                                           "nodes": []}})");
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_EQ(r.request.manifest_pointer, "/manifest");
}

TEST(CheckDocument, InputDataDecodesWireForms) {
  // float32 [1.0, 2.0]: 00 00 80 3f 00 00 00 40.
  ManifestCheck r = check(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
                                           "nodes": []},
                              "input_data": [{"dtype": "float32", "shape": [2],
                                              "data": "AACAPwAAAEA="},
                                             {"__bytes__": "AAE="}, "x", [1, 2.5]]})");
  ASSERT_TRUE(r.errors.empty()) << messages(r);
  ASSERT_EQ(r.request.input_data.size(), 4u);
  ASSERT_TRUE(r.request.input_data[0].is_tensor());
  const Tensor& t = r.request.input_data[0].as_tensor();
  EXPECT_EQ(t.dtype(), DType::kFloat32);
  EXPECT_EQ(t.shape(), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(t.elements<float>()[1], 2.0f);
  ASSERT_TRUE(r.request.input_data[1].is_bytes());
  EXPECT_EQ(r.request.input_data[1].as_bytes(), (Value::Bytes{0, 1}));
  EXPECT_EQ(r.request.input_data[2], Value("x"));
}

TEST(CheckDocument, MalformedInputItemsAreInvalidInputEachAtItsPointer) {
  ManifestCheck r = check(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
                                           "nodes": []},
                              "input_data": [1,
                                             {"dtype": "float33", "shape": [1], "data": ""},
                                             2,
                                             {"dtype": "float32", "shape": [2], "data": "!!"},
                                             {"a": [0, {"dtype": "int8", "shape": [3],
                                                        "data": "AAE="}]}]})");
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_input", "/input_data/1/dtype"},
                                                  {"invalid_input", "/input_data/3/data"},
                                                  {"invalid_input", "/input_data/4/a/1"}}))
      << messages(r);
  EXPECT_EQ(r.request.input_data, (std::vector<Value>{Value(1), Value(2)}));
}

TEST(CheckDocument, LargeInputDataIsFast) {
  // ~50 MB of input: 1000 arrays of 1000 numbers, 430 strings of 100 KB, one tensor.
  std::string text = R"({"manifest": {"version": "v1", "metadata": {"name": "t"}, "nodes": []},
                         "input_data": [)";
  text.reserve(52u << 20);
  std::string numbers = "[";
  for (int i = 0; i < 1000; ++i) numbers += (i ? ",1234.5" : "1234.5");
  numbers += "]";
  for (int i = 0; i < 1000; ++i) text += numbers + ",";
  std::string big(100000, 'x');
  for (int i = 0; i < 430; ++i) text += (i ? ",\"" : "\"") + big + "\"";
  text += R"(, {"audio": {"dtype": "uint8", "shape": [2], "data": "AQI="}}]})";
  EXPECT_GT(text.size(), 50u * 1000 * 1000);
  Value document = parse(text);
  auto start = std::chrono::steady_clock::now();
  ManifestCheck r = check_document(document, test_registry());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.request.input_data.size(), 1431u);
  EXPECT_TRUE(r.request.input_data.back().find("audio")->is_tensor());
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

}  // namespace
}  // namespace remotemedia::testing
