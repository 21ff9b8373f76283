// check_node(): node fields, node type resolution, host and capabilities.
#include <chrono>

#include "manifest/check_helpers.h"

namespace remotemedia::testing {
namespace {

TEST(CheckNode, NodeMustBeAnObject) {
  ManifestCheck r = check(manifest(R"([1, {"id": "a", "node_type": "PassThrough"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/nodes/0"}}));
  ASSERT_EQ(r.request.manifest.nodes.size(), 1u);
  EXPECT_EQ(r.request.manifest.nodes[0].id, "a");
}

TEST(CheckNode, MissingIdAndType) {
  ManifestCheck r = check(manifest(R"([{"params": {}}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"missing_field", "/nodes/0/id"},
                                                  {"missing_field", "/nodes/0/node_type"}}));
  EXPECT_TRUE(r.request.manifest.nodes.empty());
}

TEST(CheckNode, IdAndTypeMustBeStrings) {
  ManifestCheck r =
      check(manifest(R"([{"id": 1, "node_type": 2}, {"id": "", "node_type": "PassThrough"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/nodes/0/id"},
                                                  {"wrong_type", "/nodes/0/node_type"},
                                                  {"wrong_type", "/nodes/1/id"}}));
  EXPECT_TRUE(r.request.manifest.nodes.empty());
}

TEST(CheckNode, DuplicateIdIsReportedAtTheSecondAndNamesTheNode) {
  ManifestCheck r = check(manifest(R"([{"id": "a", "node_type": "PassThrough"},
                                       {"id": "b", "node_type": "PassThrough"},
                                       {"id": "a", "node_type": "MultiplyNode"}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"duplicate_node_id", "/nodes/2/id"}}));
  EXPECT_EQ(r.errors[0].node, "a");
  ASSERT_EQ(r.request.manifest.nodes.size(), 2u);
  EXPECT_EQ(r.request.manifest.nodes[0].node_type, "PassThrough");
}

TEST(CheckNode, UnknownNodeTypeSuggests) {
  ManifestCheck r = check(manifest(R"([{"id": "m", "node_type": "MultiplyNod"}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_node_type", "/nodes/0/node_type"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"MultiplyNode\"?"), std::string::npos)
      << r.errors[0].message;
  EXPECT_EQ(r.errors[0].node, "m");
  ASSERT_EQ(r.request.manifest.nodes.size(), 1u);
  EXPECT_EQ(r.request.manifest.nodes[0].descriptor, nullptr);
}

TEST(CheckNode, AliasResolves) {
  ManifestCheck r = check(manifest(R"([{"id": "p", "node_type": "PassThroughNode"}])"));
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_EQ(r.request.manifest.nodes[0].descriptor, test_registry().find("PassThrough"));
  EXPECT_EQ(r.request.manifest.nodes[0].node_type, "PassThroughNode");
}

TEST(CheckNode, OptionalFieldsAreRead) {
  ManifestCheck r = check(manifest(
      R"([{"id": "p", "node_type": "PassThrough", "is_streaming": true,
           "runtime_hint": "native", "host": "worker-1:50051",
           "capabilities": {"gpu": {"type": "cuda", "min_memory_gb": 4, "required": false},
                            "cpu": {"cores": 2, "arch": "x86_64"}, "memory_gb": 1.5}}])"));
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  const NodeSpec& spec = r.request.manifest.nodes.at(0);
  EXPECT_TRUE(spec.is_streaming);
  EXPECT_EQ(spec.runtime_hint, RuntimeHint::kNative);
  EXPECT_EQ(spec.host, "worker-1:50051");
  EXPECT_TRUE(spec.capabilities.is_object());
  EXPECT_EQ(spec.params, Value(Value::Object{}));
}

TEST(CheckNode, FieldTypes) {
  ManifestCheck r = check(manifest(
      R"([{"id": "p", "node_type": "PassThrough", "is_streaming": "yes", "runtime_hint": "gpu",
           "params": [], "host": 5}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/nodes/0/is_streaming"},
                                                  {"wrong_type", "/nodes/0/runtime_hint"},
                                                  {"wrong_type", "/nodes/0/params"},
                                                  {"wrong_type", "/nodes/0/host"}}))
      << messages(r);
  EXPECT_NE(r.errors[1].message.find("\"auto\", \"native\", \"python\""), std::string::npos);
  for (const Error& e : r.errors) EXPECT_EQ(e.node, "p");
}

TEST(CheckNode, UnknownNodeFieldSuggests) {
  ManifestCheck r = check(manifest(R"([{"id": "p", "node_type": "PassThrough", "param": {}}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_field", "/nodes/0/param"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"params\"?"), std::string::npos);
}

TEST(CheckNode, PythonHintNeedsAPythonNode) {
  ManifestCheck r =
      check(manifest(R"([{"id": "m", "node_type": "MultiplyNode", "runtime_hint": "python"}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unknown_node_type", "/nodes/0/node_type"}}));
  EXPECT_NE(r.errors[0].message.find("no Python node"), std::string::npos);

  NodeRegistry registry = make_test_registry();
  NodeDescriptor python;
  python.name = "MultiplyNode";
  python.runtime = "python";
  python.params = {test_param("factor", ParamType::kNumber, false, Value(2)),
                   test_param("offset", ParamType::kNumber, false)};
  registry.add(python);
  r = check_document(
      parse(manifest(R"([{"id": "m", "node_type": "MultiplyNode", "runtime_hint": "python",
                          "params": {"offset": 1}},
                         {"id": "n", "node_type": "MultiplyNode"}])")),
      registry);
  EXPECT_TRUE(r.errors.empty()) << messages(r);
  EXPECT_EQ(r.request.manifest.nodes[0].descriptor->runtime, "python");
  EXPECT_EQ(r.request.manifest.nodes[0].runtime_hint, RuntimeHint::kPython);
  EXPECT_EQ(r.request.manifest.nodes[1].descriptor->runtime, "native");
}

TEST(CheckNode, InvalidHosts) {
  ManifestCheck r = check(manifest(
      R"([{"id": "a", "node_type": "PassThrough", "host": "worker"},
          {"id": "b", "node_type": "PassThrough", "host": ":50051"},
          {"id": "c", "node_type": "PassThrough", "host": "worker:0"},
          {"id": "d", "node_type": "PassThrough", "host": "worker:65536"},
          {"id": "e", "node_type": "PassThrough", "host": "worker:http"},
          {"id": "f", "node_type": "PassThrough", "host": "::1:80"},
          {"id": "g", "node_type": "PassThrough", "host": "[::1]:80"},
          {"id": "h", "node_type": "PassThrough", "host": "10.0.0.2:65535"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_host", "/nodes/0/host"},
                                                  {"invalid_host", "/nodes/1/host"},
                                                  {"invalid_host", "/nodes/2/host"},
                                                  {"invalid_host", "/nodes/3/host"},
                                                  {"invalid_host", "/nodes/4/host"},
                                                  {"invalid_host", "/nodes/5/host"}}))
      << messages(r);
  EXPECT_EQ(r.errors[0].node, "a");
}

TEST(CheckNode, HostIsUnsupportedInWasm) {
  ValidateOptions options;
  options.wasm = true;
  ManifestCheck r = check(manifest(R"([{"id": "a", "node_type": "PassThrough", "host": "w:1"},
                                       {"id": "b", "node_type": "PassThrough", "host": "w"}])"),
                          options);
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"unsupported_in_wasm", "/nodes/0/host"},
                                                  {"invalid_host", "/nodes/1/host"}}));
  EXPECT_NE(r.errors[0].message.find("native build"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("locally"), std::string::npos);
  EXPECT_EQ(r.errors[0].node, "a");
}

TEST(CheckNode, CapabilityErrors) {
  ManifestCheck r = check(manifest(
      R"([{"id": "a", "node_type": "PassThrough",
           "capabilities": {"gpu": {"type": 1, "min_memory_gb": -1, "required": "no", "vram": 1},
                            "cpu": {"cores": 0, "arch": true},
                            "memory_gb": "lots", "disk": 1}},
          {"id": "b", "node_type": "PassThrough", "capabilities": {"cpu": {"cores": 1.5}, "gpu": []}},
          {"id": "c", "node_type": "PassThrough", "capabilities": []}])"));
  EXPECT_EQ(code_paths(r),
            (std::vector<CodePath>{{"wrong_type", "/nodes/0/capabilities/gpu/type"},
                                   {"wrong_type", "/nodes/0/capabilities/gpu/min_memory_gb"},
                                   {"wrong_type", "/nodes/0/capabilities/gpu/required"},
                                   {"unknown_field", "/nodes/0/capabilities/gpu/vram"},
                                   {"wrong_type", "/nodes/0/capabilities/cpu/cores"},
                                   {"wrong_type", "/nodes/0/capabilities/cpu/arch"},
                                   {"wrong_type", "/nodes/0/capabilities/memory_gb"},
                                   {"unknown_field", "/nodes/0/capabilities/disk"},
                                   {"wrong_type", "/nodes/1/capabilities/cpu/cores"},
                                   {"wrong_type", "/nodes/1/capabilities/gpu"},
                                   {"wrong_type", "/nodes/2/capabilities"}}))
      << messages(r);
}

TEST(CheckNode, TenThousandNodeChainIsFast) {
  std::string nodes = "[";
  std::string connections = "[";
  for (int i = 0; i < 10000; ++i) {
    if (i > 0) {
      nodes += ",";
      connections += std::string(i > 1 ? "," : "") + R"({"from": "n)" + std::to_string(i - 1) +
                     R"(", "to": "n)" + std::to_string(i) + "\"}";
    }
    nodes += R"({"id": "n)" + std::to_string(i) +
             R"(", "node_type": "MultiplyNode", "params": {"factor": 2}})";
  }
  Value document = parse(manifest(nodes + "]", connections + "]"));
  auto start = std::chrono::steady_clock::now();
  ManifestCheck r = check_document(document, test_registry());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.request.manifest.nodes.size(), 10000u);
  EXPECT_EQ(r.request.manifest.connections.size(), 9999u);
  EXPECT_EQ(r.request.manifest.connections.back().to_index, 9999u);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 1000);
}

TEST(CheckNode, TenThousandBadNodesAreAllReportedQuickly) {
  std::string nodes = "[";
  for (int i = 0; i < 10000; ++i)
    nodes += std::string(i ? "," : "") + R"({"id": "n", "node_type": "MultiplyNod"})";
  Value document = parse(manifest(nodes + "]", R"([{"from": "m", "to": "n"}])"));
  auto start = std::chrono::steady_clock::now();
  ManifestCheck r = check_document(document, test_registry());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.errors.size(), 10000u + 9999u + 1u);
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 2000);
}

}  // namespace
}  // namespace remotemedia::testing

namespace remotemedia::testing {
namespace {

TEST(CheckNode, AsyncNodesAreUnsupportedInWasm) {
  NodeRegistry registry = make_test_registry();
  registry.add(NodeDescriptor{.name = "AsyncThing", .runtime = "python", .is_async = true});
  std::string doc = manifest(R"([{"id": "a", "node_type": "AsyncThing"}])");
  ManifestCheck native = check_document(parse(doc), registry, {});
  EXPECT_TRUE(native.errors.empty()) << messages(native);
  ValidateOptions wasm;
  wasm.wasm = true;
  ManifestCheck r = check_document(parse(doc), registry, wasm);
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"unsupported_in_wasm", "/nodes/0/node_type"}}));
}

}  // namespace
}  // namespace remotemedia::testing
