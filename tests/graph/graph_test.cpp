#include "remotemedia/graph.h"

#include <gtest/gtest.h>

#include "remotemedia/validate.h"
#include "support/test_registry.h"

namespace remotemedia {
namespace {

Manifest manifest_of(std::vector<std::string> ids, std::vector<std::pair<std::size_t, std::size_t>> links) {
  Manifest m;
  m.metadata = Value::Object{{"name", "g"}};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    NodeSpec n;
    n.id = ids[i];
    n.node_type = "PassThrough";
    n.position = i;
    m.nodes.push_back(n);
  }
  for (std::size_t c = 0; c < links.size(); ++c)
    m.connections.push_back(Connection{ids[links[c].first], ids[links[c].second], links[c].first,
                                       links[c].second, c});
  return m;
}

std::vector<std::string> order_ids(const Manifest& m, const Graph& g) {
  std::vector<std::string> out;
  for (std::size_t i : g.execution_order()) out.push_back(m.nodes[i].id);
  return out;
}

TEST(Graph, KahnTakesTheEarliestReadyNode) {
  // DESIGN §5: nodes [A, B, C, D] with B -> A and C -> D give [B, A, C, D].
  Manifest m = manifest_of({"A", "B", "C", "D"}, {{1, 0}, {2, 3}});
  auto g = Graph::build(m);
  ASSERT_TRUE(g);
  EXPECT_EQ(order_ids(m, *g), (std::vector<std::string>{"B", "A", "C", "D"}));
  EXPECT_EQ(g->sources(), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(g->sinks(), (std::vector<std::size_t>{0, 3}));
}

TEST(Graph, CycleNamesEveryNodeOnItAndOneConnection) {
  Manifest m = manifest_of({"src", "a", "b", "c", "tail"}, {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
  auto g = Graph::build(m, "/manifest");
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::kCycle);
  EXPECT_NE(g.error().message.find("\"a\" -> \"b\" -> \"c\" -> \"a\""), std::string::npos) << g.error().message;
  EXPECT_EQ(g.error().message.find("tail"), std::string::npos);
  EXPECT_EQ(g.error().message.find("src"), std::string::npos);
  EXPECT_EQ(g.error().path, "/manifest/connections/3");
}

TEST(Graph, LongChainsNeedNoRecursion) {
  std::vector<std::string> ids;
  std::vector<std::pair<std::size_t, std::size_t>> links;
  for (std::size_t i = 0; i < 100000; ++i) {
    ids.push_back("n" + std::to_string(i));
    if (i) links.emplace_back(i - 1, i);
  }
  Manifest m = manifest_of(ids, links);
  auto g = Graph::build(m);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->execution_order().back(), 99999u);
  links.emplace_back(99999, 0);  // close the loop: the cycle is 100 000 nodes long
  Manifest loop = manifest_of(ids, links);
  auto cyclic = Graph::build(loop);
  ASSERT_FALSE(cyclic);
  EXPECT_EQ(cyclic.error().code, ErrorCode::kCycle);
}

TEST(Graph, DotAndJsonForms) {
  Manifest m = manifest_of({"a", "b\"q"}, {{0, 1}});
  auto g = Graph::build(m);
  ASSERT_TRUE(g);
  EXPECT_EQ(to_dot(m, *g),
            "digraph \"g\" {\n  rankdir=LR;\n  node [shape=box];\n"
            "  \"a\" [label=\"a\\nPassThrough\"];\n  \"b\\\"q\" [label=\"b\\\"q\\nPassThrough\"];\n"
            "  \"a\" -> \"b\\\"q\";\n}\n");
  Value v = graph_to_value(m, *g);
  EXPECT_EQ(v.find("execution_order")->as_array().size(), 2u);
  EXPECT_EQ(*v.find("sources"), Value(Value::Array{"a"}));
}

}  // namespace
}  // namespace remotemedia
