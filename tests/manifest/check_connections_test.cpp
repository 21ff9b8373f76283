// check_connections(): connection objects and their endpoints.
#include "manifest/check_helpers.h"

namespace remotemedia::testing {
namespace {

constexpr const char* kNodes = R"([{"id": "src", "node_type": "RangeSource",
                                    "params": {"stop": 3}},
                                   {"id": "mul", "node_type": "MultiplyNode"},
                                   {"id": "add", "node_type": "AddNode"}])";

TEST(CheckConnections, ResolvedConnectionsCarryIndices) {
  ManifestCheck r = check(manifest(kNodes, R"([{"from": "src", "to": "add"},
                                               {"from": "add", "to": "mul"}])"));
  ASSERT_TRUE(r.errors.empty()) << messages(r);
  const auto& c = r.request.manifest.connections;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].from_index, 0u);
  EXPECT_EQ(c[0].to_index, 2u);
  EXPECT_EQ(c[1].from, "add");
  EXPECT_EQ(c[1].to, "mul");
  EXPECT_EQ(c[1].to_index, 1u);
}

TEST(CheckConnections, IndicesSkipNodesLeftOutOfTheManifest) {
  ManifestCheck r = check(manifest(R"([{"node_type": "PassThrough"},
                                       {"id": "a", "node_type": "PassThrough"},
                                       {"id": "b", "node_type": "PassThrough"}])",
                                   R"([{"from": "a", "to": "b"}])"));
  EXPECT_EQ(code_paths(r), (std::vector<CodePath>{{"missing_field", "/nodes/0/id"}}));
  ASSERT_EQ(r.request.manifest.connections.size(), 1u);
  EXPECT_EQ(r.request.manifest.connections[0].from_index, 0u);
  EXPECT_EQ(r.request.manifest.connections[0].to_index, 1u);
  EXPECT_EQ(r.request.manifest.nodes[0].position, 1u);
  EXPECT_EQ(r.request.manifest.nodes[1].position, 2u);
}

TEST(CheckConnections, UnknownEndpointsSuggestNodeIds) {
  ManifestCheck r = check(manifest(kNodes, R"([{"from": "mull", "to": "add"},
                                               {"from": "src", "to": "zzz"}])"));
  ASSERT_EQ(code_paths(r),
            (std::vector<CodePath>{{"unknown_connection_endpoint", "/connections/0/from"},
                                   {"unknown_connection_endpoint", "/connections/1/to"}}));
  EXPECT_NE(r.errors[0].message.find("did you mean \"mul\"?"), std::string::npos)
      << r.errors[0].message;
  EXPECT_TRUE(r.request.manifest.connections.empty());
}

TEST(CheckConnections, ShapeErrors) {
  ManifestCheck r = check(manifest(kNodes, R"([1, {"to": "mul"}, {"from": "mul", "to": 2},
                                               {"from": "src", "to": "mul", "weight": 1},
                                               {"form": "src", "to": "mul"}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"wrong_type", "/connections/0"},
                                                  {"missing_field", "/connections/1/from"},
                                                  {"wrong_type", "/connections/2/to"},
                                                  {"unknown_field", "/connections/3/weight"},
                                                  {"unknown_field", "/connections/4/form"},
                                                  {"missing_field", "/connections/4/from"}}))
      << messages(r);
  EXPECT_NE(r.errors[4].message.find("did you mean \"from\"?"), std::string::npos);
  ASSERT_EQ(r.request.manifest.connections.size(), 1u);  // connections/3 still resolves
  EXPECT_EQ(r.request.manifest.connections[0].position, 3u);
}

TEST(CheckConnections, ConnectionIntoAGeneratorIsInvalid) {
  ManifestCheck r = check(manifest(kNodes, R"([{"from": "mul", "to": "src"}])"));
  ASSERT_EQ(code_paths(r), (std::vector<CodePath>{{"invalid_param", "/connections/0/to"}}));
  EXPECT_EQ(r.errors[0].message,
            "\"src\" is a RangeSource generator and takes no input; remove this connection");
  EXPECT_EQ(r.errors[0].node, "src");
}

TEST(CheckConnections, EnvelopePrefix) {
  ManifestCheck r =
      check(R"({"manifest": )" + manifest(kNodes, R"([{"from": "x", "to": "mul"}])") + "}");
  EXPECT_EQ(
      code_paths(r),
      (std::vector<CodePath>{{"unknown_connection_endpoint", "/manifest/connections/0/from"}}));
}

}  // namespace
}  // namespace remotemedia::testing
