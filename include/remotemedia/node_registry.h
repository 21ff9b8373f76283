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
  bool is_streaming = false;  // the manifest's is_streaming: process() takes the stream
};

using NodeFactory = std::function<Result<std::unique_ptr<Node>>(const NodeConfig&)>;

class ExecutionLane;

struct NodeDescriptor {
  std::string name;          // the manifest's node_type, e.g. "MultiplyNode"
  std::string description;   // one line for `remotemedia nodes`
  std::vector<ParamSpec> params;
  bool is_generator = false; // a source that makes its own stream (ValuesSource)
  std::string runtime = "native";
  // The node takes params beyond `params` (a Python **kwargs): unknown params are then
  // left to `check`.
  bool accepts_any_params = false;
  // process() is a coroutine or an async generator (Python): it needs an event loop,
  // which the single-threaded WebAssembly build does not have.
  bool is_async = false;
  // Nodes that must run on one particular thread (Python nodes: the interpreter's lane)
  // name it here; null runs on any worker. Only nodes of the same lane share a stage.
  std::shared_ptr<ExecutionLane> lane;
  // Checks beyond the per-param type checks; called with defaults filled in and only when
  // every param has the right type.
  std::function<std::vector<ParamIssue>(const Value& params)> check;
  NodeFactory create;
};

// Finds node types that are not listed up front, such as Python classes named by module
// path ("pkg.module:Class") or by a bare name from the SDK package.
class NodeResolver {
 public:
  virtual ~NodeResolver() = default;
  virtual std::string_view runtime() const = 0;  // e.g. "python"
  // The descriptor of `node_type`, loading it on first use; null when this resolver has
  // no such node; an Error (kUnknownNodeType, naming the file and line) when it has one
  // that cannot be loaded, such as a module with a SyntaxError. The descriptor lives as
  // long as the resolver.
  virtual Result<const NodeDescriptor*> resolve(std::string_view node_type) = 0;
  // Names worth suggesting for a mistyped node type, and listing in `remotemedia nodes`.
  virtual std::vector<std::string> names() = 0;
};

class NodeRegistry {
 public:
  void add(NodeDescriptor descriptor);
  void add_alias(std::string alias, std::string target);

  // Looks up a type or an alias; null when unknown.
  const NodeDescriptor* find(std::string_view name) const;
  // Every descriptor, in registration order.
  const std::vector<NodeDescriptor>& descriptors() const { return descriptors_; }
  // Every name a manifest may use, aliases and resolvers' names included (did-you-mean).
  std::vector<std::string> names() const;

  void add_resolver(std::shared_ptr<NodeResolver> resolver);
  const std::vector<std::shared_ptr<NodeResolver>>& resolvers() const { return resolvers_; }
  // Listed types first (when `runtime` is empty or matches), then the resolvers of that
  // runtime (or all, when empty). Null when nobody knows the name.
  Result<const NodeDescriptor*> resolve(std::string_view name, std::string_view runtime = {}) const;
  // The alias pairs (alias, target), in registration order.
  const std::vector<std::pair<std::string, std::string>>& aliases() const { return aliases_; }

 private:
  std::vector<NodeDescriptor> descriptors_;
  std::vector<std::pair<std::string, std::string>> aliases_;
  std::vector<std::shared_ptr<NodeResolver>> resolvers_;
};

// The native built-in nodes of DESIGN §7 (src/nodes).
void register_builtin_nodes(NodeRegistry& registry);

}  // namespace remotemedia
