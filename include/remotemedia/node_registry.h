// remotemedia — node types by name, with the description of their params.
//
// The registry is a value, not a global: apps build the full one with
// register_builtin_nodes() (and later register_python_nodes()), tests build their own.
// A descriptor is data, so validation, `remotemedia nodes` and the JSON Schema read it
// without constructing a node. Registration is an explicit list: self-registering
// statics would be dropped by the static WASM link.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/node.h"
#include "remotemedia/value.h"

namespace remotemedia {

enum class ParamType { kInt, kNumber, kString, kBool, kArray, kObject, kAny };
std::string_view to_string(ParamType type);  // "int", "number", ...

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::kAny;
  bool required = false;
  Value default_value;                // used when absent and not required (null: none)
  std::vector<std::string> choices;   // allowed strings, if restricted
  std::string description;
};

// A problem with one param found by a descriptor's own check (ranges, combinations).
struct ParamIssue {
  std::string param;                  // param name; the validator builds the JSON pointer
  ErrorCode code = ErrorCode::kInvalidParam;
  std::string message;
};

struct NodeConfig {
  std::string id;
  std::string node_type;
  Value params;  // an object: the manifest's params with defaults filled in
};

using NodeFactory = std::function<Result<std::unique_ptr<Node>>(const NodeConfig&)>;

struct NodeDescriptor {
  std::string name;          // the manifest's node_type, e.g. "MultiplyNode"
  std::string description;   // one line for `remotemedia nodes`
  std::vector<ParamSpec> params;
  bool is_generator = false; // a source that makes its own stream (ValuesSource)
  std::string runtime = "native";
  // Checks beyond the per-param type checks; called with defaults filled in and only when
  // every param has the right type.
  std::function<std::vector<ParamIssue>(const Value& params)> check;
  NodeFactory create;
};

class NodeRegistry {
 public:
  void add(NodeDescriptor descriptor);
  void add_alias(std::string alias, std::string target);

  // Looks up a type or an alias; null when unknown.
  const NodeDescriptor* find(std::string_view name) const;
  // Every descriptor, in registration order.
  const std::vector<NodeDescriptor>& descriptors() const { return descriptors_; }
  // Every name a manifest may use, aliases included (for did-you-mean).
  std::vector<std::string> names() const;
  // The alias pairs (alias, target), in registration order.
  const std::vector<std::pair<std::string, std::string>>& aliases() const { return aliases_; }

 private:
  std::vector<NodeDescriptor> descriptors_;
  std::vector<std::pair<std::string, std::string>> aliases_;
};

// The native built-in nodes of DESIGN §7 (src/nodes).
void register_builtin_nodes(NodeRegistry& registry);

}  // namespace remotemedia
