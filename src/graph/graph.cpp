#include "remotemedia/graph.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace remotemedia {
namespace {

// Every node left over by Kahn's algorithm has a left-over predecessor, so walking
// predecessors from any of them must revisit a node: the walk's tail is a cycle. It is
// returned in flow order, starting at its node earliest in the manifest.
std::vector<std::size_t> find_cycle(const Graph& g, const std::vector<std::size_t>& in_degree) {
  std::size_t start = 0;
  while (in_degree[start] == 0) ++start;
  std::vector<std::size_t> seen_at(g.node_count(), SIZE_MAX);
  std::vector<std::size_t> walk;
  std::size_t node = start;
  while (seen_at[node] == SIZE_MAX) {
    seen_at[node] = walk.size();
    walk.push_back(node);
    for (std::size_t e : g.in_edges(node)) {
      if (in_degree[g.edges()[e].from] != 0) {
        node = g.edges()[e].from;
        break;
      }
    }
  }
  std::vector<std::size_t> cycle(walk.begin() + static_cast<std::ptrdiff_t>(seen_at[node]), walk.end());
  std::reverse(cycle.begin(), cycle.end());
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  return cycle;
}

// The connection from `from` to `to` that is listed first.
std::size_t edge_between(const Graph& g, std::size_t from, std::size_t to) {
  for (std::size_t e : g.out_edges(from))
    if (g.edges()[e].to == to) return e;
  return g.out_edges(from).front();
}

}  // namespace

Result<Graph> Graph::build(const Manifest& manifest, const std::string& manifest_pointer) {
  Graph g;
  const std::size_t n = manifest.nodes.size();
  g.in_.resize(n);
  g.out_.resize(n);
  for (std::size_t c = 0; c < manifest.connections.size(); ++c) {
    const Connection& conn = manifest.connections[c];
    g.edges_.push_back(Edge{c, conn.from_index, conn.to_index});
    g.out_[conn.from_index].push_back(g.edges_.size() - 1);
    g.in_[conn.to_index].push_back(g.edges_.size() - 1);
  }
  std::vector<std::size_t> in_degree(n);
  for (std::size_t i = 0; i < n; ++i) in_degree[i] = g.in_[i].size();
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (in_degree[i] == 0) ready.push(i);
  while (!ready.empty()) {
    std::size_t node = ready.top();
    ready.pop();
    g.order_.push_back(node);
    for (std::size_t e : g.out_[node])
      if (--in_degree[g.edges_[e].to] == 0) ready.push(g.edges_[e].to);
  }
  if (g.order_.size() != n) {
    std::vector<std::size_t> cycle = find_cycle(g, in_degree);
    std::string names;
    for (std::size_t node : cycle) names += "\"" + manifest.nodes[node].id + "\" -> ";
    names += "\"" + manifest.nodes[cycle.front()].id + "\"";
    // Point at the connection that closes the loop back to the earliest node.
    std::size_t connection = g.edges_[edge_between(g, cycle.back(), cycle.front())].connection;
    Error e = make_error(ErrorCode::kCycle,
                         "the connections form a cycle: " + names +
                             "; a pipeline must be a DAG, remove one of these connections",
                         manifest_pointer + "/connections/" + std::to_string(manifest.connections[connection].position));
    return std::unexpected(std::move(e));
  }
  return g;
}

std::vector<std::size_t> Graph::sources() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < node_count(); ++i)
    if (is_source(i)) out.push_back(i);
  return out;
}

std::vector<std::size_t> Graph::sinks() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < node_count(); ++i)
    if (is_sink(i)) out.push_back(i);
  return out;
}

namespace {

std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string dot_quote(const std::string& s) { return "\"" + dot_escape(s) + "\""; }

}  // namespace

std::string to_dot(const Manifest& manifest, const Graph& graph) {
  std::string out = "digraph " + dot_quote(manifest.name()) + " {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const NodeSpec& node : manifest.nodes)
    out += "  " + dot_quote(node.id) + " [label=" + "\"" + dot_escape(node.id) + "\\n" + dot_escape(node.node_type) + "\"" + "];\n";
  for (const Graph::Edge& e : graph.edges())
    out += "  " + dot_quote(manifest.nodes[e.from].id) + " -> " + dot_quote(manifest.nodes[e.to].id) + ";\n";
  return out + "}\n";
}

Value graph_to_value(const Manifest& manifest, const Graph& graph) {
  auto ids = [&](const std::vector<std::size_t>& nodes) {
    Value::Array out;
    for (std::size_t i : nodes) out.emplace_back(manifest.nodes[i].id);
    return Value(std::move(out));
  };
  Value::Array nodes, connections;
  for (std::size_t i = 0; i < manifest.nodes.size(); ++i)
    nodes.emplace_back(Value::Object{{"id", manifest.nodes[i].id},
                                     {"node_type", manifest.nodes[i].node_type},
                                     {"source", graph.is_source(i)},
                                     {"sink", graph.is_sink(i)}});
  for (const Graph::Edge& e : graph.edges())
    connections.emplace_back(Value::Object{{"from", manifest.nodes[e.from].id},
                                           {"to", manifest.nodes[e.to].id}});
  return Value::Object{{"name", manifest.name()},
                       {"nodes", std::move(nodes)},
                       {"connections", std::move(connections)},
                       {"execution_order", ids(graph.execution_order())},
                       {"sources", ids(graph.sources())},
                       {"sinks", ids(graph.sinks())}};
}

}  // namespace remotemedia
