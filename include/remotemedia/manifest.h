// remotemedia — the pipeline manifest (v1) and the request that carries it.
//
// A document on stdin (or in a file) is either a bare manifest or an envelope
// {"manifest": {...}, "input_data": [...]}. check_document() checks everything that
// can be checked without the graph — fields, types, ids, node types, params, hosts,
// input items — and returns *every* problem at once, each with a JSON pointer into the
// document as given (in an envelope they start with /manifest). It always returns its
// best-effort Request as well, so that graph-level checks (cycles) can still run and be
// reported in the same pass. The graph module's validate() combines both; the executor
// accepts only what validate() produced.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/json.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia {

enum class RuntimeHint { kAuto, kNative, kPython };

struct NodeSpec {
  std::string id;
  std::string node_type;
  Value params;                    // the params object as given ({} when absent)
  Value resolved_params;           // params with the descriptor's defaults filled in
  bool is_streaming = false;
  RuntimeHint runtime_hint = RuntimeHint::kAuto;
  std::string host;                // "host:port", empty when local
  Value capabilities;              // as given (null when absent), already validated
  const NodeDescriptor* descriptor = nullptr;  // null only while errors remain
  // Index of this node in the document's "nodes" array. It differs from the position in
  // Manifest::nodes when an earlier node was left out (no usable or a duplicate id);
  // build pointers from it: pointer("/nodes/" + std::to_string(position)).
  std::size_t position = 0;
};

struct Connection {
  std::string from;
  std::string to;
  std::size_t from_index = 0;      // positions in Manifest::nodes
  std::size_t to_index = 0;
  // Index of this connection in the document's "connections" array (connections whose
  // endpoints do not resolve are left out of Manifest::connections, so the two differ);
  // build pointers from it: pointer("/connections/" + std::to_string(position)).
  std::size_t position = 0;
};

struct Manifest {
  std::string version;
  Value metadata;                  // the object as given; metadata.name is a string
  std::vector<NodeSpec> nodes;
  std::vector<Connection> connections;  // only those whose endpoints both exist

  std::string name() const;        // metadata.name
};

struct Request {
  Manifest manifest;
  std::vector<Value> input_data;   // wire forms decoded (tensors, bytes)
  // "" for a bare manifest, "/manifest" in an envelope: prefix of every pointer into
  // the manifest part.
  std::string manifest_pointer;
  // Pointer of a manifest-relative path, e.g. pointer("/nodes/0") == "/manifest/nodes/0".
  std::string pointer(std::string_view manifest_path) const { return manifest_pointer + std::string(manifest_path); }
};

struct ValidateOptions {
  JsonLimits limits;
  bool wasm = false;  // the WASM build: host nodes are unsupported_in_wasm
  // A bare manifest may get its input later (`remotemedia validate`/`graph`, before a
  // `run --input`): then a source that needs input is not an error yet.
  bool input_may_follow = false;
};

struct ManifestCheck {
  Request request;   // best effort; trustworthy only when errors is empty
  Errors errors;     // in document order
};

// Checks a parsed document (bare manifest or envelope) against DESIGN §3 and `registry`.
//
// Never stops at the first problem. Errors come in document order: members of an object
// in the order they appear, then the object's missing required fields; connections are
// checked against every node id wherever they appear. Each error's path points at the
// offending value (for a missing field, where it would be); `node` is set when the error
// concerns a node with a usable id. Choices made where DESIGN's table is silent:
//   - an empty node id, a runtime_hint other than "auto"/"native"/"python", and an
//     out-of-range capabilities number (memory_gb < 0, cores < 1) are wrong_type;
//   - a connection into a generator (NodeDescriptor::is_generator) is invalid_param at
//     /connections/K/to;
//   - runtime_hint "python" ("native") resolves node_type only to a descriptor whose
//     runtime is "python" ("native"), else unknown_node_type;
//   - a descriptor's check() runs only when every declared param is present or defaulted
//     and of the right type.
// The best-effort Request: nodes without a usable id, and second nodes of a repeated id,
// are left out of Manifest::nodes; connections are kept when both endpoints resolve.
// input_data items are decoded with from_wire() (only items holding a wire form pay
// for it); items that fail are left out and reported as invalid_input.
ManifestCheck check_document(const Value& document, const NodeRegistry& registry,
                             const ValidateOptions& options = {});

// JSON Schema (draft 2020-12) of a v1 manifest or envelope, with one entry per node type
// of `registry` describing its params ($defs "params.<type>", applied by an if/then on
// node_type; aliases share their target's entry). node_type itself is any string, since
// Python classes are named freely. The schema describes shape only: unique ids, existing
// connection endpoints, port ranges and descriptor checks are check_document()'s job.
Value manifest_json_schema(const NodeRegistry& registry);

}  // namespace remotemedia
