// remotemedia — the pipeline as a DAG over node positions.
//
// Nodes are identified by their position in Manifest::nodes; edges by their position in
// Manifest::connections (which fixes the fan-in order of DESIGN §5). The execution order
// is Kahn's algorithm taking, among ready nodes, the one earliest in the manifest.
// Everything here is iterative: a 10 000-node chain costs no stack.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/manifest.h"
#include "remotemedia/value.h"

namespace remotemedia {

class Graph {
 public:
  struct Edge {
    std::size_t connection;  // position in Manifest::connections
    std::size_t from;
    std::size_t to;
  };

  // Fails with kCycle when the connections form a cycle: the message names every node
  // on one cycle, the path points at one connection on it.
  static Result<Graph> build(const Manifest& manifest, const std::string& manifest_pointer = "");

  std::size_t node_count() const { return in_.size(); }
  const std::vector<Edge>& edges() const { return edges_; }
  // Edge positions into / out of a node, in connection order.
  const std::vector<std::size_t>& in_edges(std::size_t node) const { return in_[node]; }
  const std::vector<std::size_t>& out_edges(std::size_t node) const { return out_[node]; }
  const std::vector<std::size_t>& execution_order() const { return order_; }
  bool is_source(std::size_t node) const { return in_[node].empty(); }
  bool is_sink(std::size_t node) const { return out_[node].empty(); }
  std::vector<std::size_t> sources() const;  // in manifest order
  std::vector<std::size_t> sinks() const;    // in manifest order

 private:
  std::vector<Edge> edges_;
  std::vector<std::vector<std::size_t>> in_;
  std::vector<std::vector<std::size_t>> out_;
  std::vector<std::size_t> order_;
};

// Graphviz DOT: one box per node labelled "id\nnode_type", one arrow per connection.
std::string to_dot(const Manifest& manifest, const Graph& graph);

// {"nodes": [{"id", "node_type", "source", "sink"}...], "connections": [{"from", "to"}...],
//  "execution_order": [...], "sources": [...], "sinks": [...]}
Value graph_to_value(const Manifest& manifest, const Graph& graph);

}  // namespace remotemedia
