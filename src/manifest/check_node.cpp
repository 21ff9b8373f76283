// One entry of nodes[]: its fields, its node type and (through check_params) its params.
#include <string>
#include <utility>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/suggest.h"

namespace remotemedia::detail {
namespace {

const std::vector<std::string>& node_keys() {
  static const std::vector<std::string> keys = {
      "id", "node_type", "params", "is_streaming", "runtime_hint", "host", "capabilities"};
  return keys;
}

// The descriptor of `name` (a type or an alias) with the given runtime, if any.
const NodeDescriptor* find_with_runtime(const NodeRegistry& registry, std::string_view name,
                                        std::string_view runtime) {
  std::string_view target = name;
  for (const auto& [alias, aliased] : registry.aliases())
    if (alias == name) target = aliased;
  for (const NodeDescriptor& d : registry.descriptors())
    if ((d.name == name || d.name == target) && d.runtime == runtime) return &d;
  return nullptr;
}

// Listed types first, then resolvers (Python classes); a resolver's error (a module that
// does not import) is reported in place of "unknown node type".
Result<const NodeDescriptor*> resolve_type(const NodeRegistry& registry, std::string_view name,
                                           RuntimeHint hint) {
  switch (hint) {
    case RuntimeHint::kAuto:
      return registry.resolve(name);
    case RuntimeHint::kNative:
      return find_with_runtime(registry, name, "native");
    case RuntimeHint::kPython:
      if (const NodeDescriptor* d = find_with_runtime(registry, name, "python")) return d;
      return registry.resolve(name, "python");
  }
  return nullptr;
}

std::optional<RuntimeHint> parse_hint(const Value& value) {
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.as_string();
  if (s == "auto") return RuntimeHint::kAuto;
  if (s == "native") return RuntimeHint::kNative;
  if (s == "python") return RuntimeHint::kPython;
  return std::nullopt;
}

std::string unknown_type_message(const NodeRegistry& registry, const std::string& name,
                                 RuntimeHint hint) {
  if (hint != RuntimeHint::kAuto && registry.find(name) != nullptr) {
    bool python = hint == RuntimeHint::kPython;
    return std::string("no ") + (python ? "Python" : "native") + " node named \"" + name +
           "\" in this build; remove runtime_hint \"" + (python ? "python" : "native") +
           "\" to use the " + (python ? "native" : "Python") + " one";
  }
  return "unknown node type \"" + name + "\"" + did_you_mean(name, registry.names()) +
         "; `remotemedia nodes` lists the available types";
}

}  // namespace

void check_node(const Value& node, std::size_t k, CheckContext& ctx, Manifest& out,
                NodeIndex& ids) {
  std::string base = "/nodes/" + std::to_string(k);
  if (!node.is_object()) {
    ctx.add(ErrorCode::kWrongType,
            "a node must be an object with \"id\" and \"node_type\", got " +
                std::string(json_type_name(node)),
            base);
    return;
  }

  // Read what other fields depend on first (the id names every error, the runtime hint
  // decides the type, the type decides the params); errors follow in member order below.
  NodeSpec spec;
  spec.position = k;
  const Value* id = node.find("id");
  bool usable_id = id != nullptr && id->is_string() && !id->as_string().empty();
  bool duplicate = usable_id && ids.contains(id->as_string());
  if (usable_id) spec.id = id->as_string();
  std::string_view node_name = usable_id ? std::string_view(id->as_string()) : "";

  const Value* hint_value = node.find("runtime_hint");
  if (hint_value != nullptr)
    spec.runtime_hint = parse_hint(*hint_value).value_or(RuntimeHint::kAuto);

  std::optional<Error> resolve_error;
  const Value* type = node.find("node_type");
  if (type != nullptr && type->is_string()) {
    spec.node_type = type->as_string();
    auto resolved = resolve_type(ctx.registry, spec.node_type, spec.runtime_hint);
    if (resolved) spec.descriptor = *resolved;
    else resolve_error = std::move(resolved).error();
  }

  const Value* params = node.find("params");
  spec.params = params != nullptr && params->is_object() ? *params : Value(Value::Object{});
  spec.resolved_params = spec.params;

  for (const auto& [key, value] : node.as_object()) {
    if (node.find(key) != &value) continue;  // a repeated key: the last one counts
    std::string path = base + "/" + json_pointer_escape(key);
    if (key == "id") {
      if (!value.is_string())
        ctx.add(ErrorCode::kWrongType,
                "node id must be a string, got " + std::string(json_type_name(value)), path);
      else if (value.as_string().empty())
        ctx.add(ErrorCode::kWrongType, "node id must be a non-empty string", path);
      else if (duplicate)
        ctx.add(ErrorCode::kDuplicateNodeId,
                "node id \"" + spec.id +
                    "\" is already used by an earlier node; give every node its own id",
                path, node_name);
    } else if (key == "node_type") {
      if (!value.is_string())
        ctx.add(ErrorCode::kWrongType,
                "node_type must be a string, got " + std::string(json_type_name(value)), path,
                node_name);
      else if (resolve_error)
        ctx.add(resolve_error->code, std::move(resolve_error->message), path, node_name);
      else if (spec.descriptor == nullptr)
        ctx.add(ErrorCode::kUnknownNodeType,
                unknown_type_message(ctx.registry, spec.node_type, spec.runtime_hint), path,
                node_name);
    } else if (key == "params") {
      if (!value.is_object())
        ctx.add(ErrorCode::kWrongType,
                "params must be an object, got " + std::string(json_type_name(value)), path,
                node_name);
      else if (spec.descriptor != nullptr)
        check_params(value, path, ctx, spec);
    } else if (key == "is_streaming") {
      if (value.is_bool())
        spec.is_streaming = value.as_bool();
      else
        ctx.add(ErrorCode::kWrongType,
                "is_streaming must be true or false, got " + std::string(json_type_name(value)),
                path, node_name);
    } else if (key == "runtime_hint") {
      if (!parse_hint(value))
        ctx.add(ErrorCode::kWrongType,
                "runtime_hint must be one of \"auto\", \"native\", \"python\", got " +
                    (value.is_string() ? "\"" + value.as_string() + "\""
                                       : std::string(json_type_name(value))),
                path, node_name);
    } else if (key == "host") {
      if (!value.is_string()) {
        ctx.add(ErrorCode::kWrongType,
                "host must be a \"host:port\" string, got " + std::string(json_type_name(value)),
                path, node_name);
      } else if (!is_valid_host(value.as_string())) {
        ctx.add(ErrorCode::kInvalidHost,
                "host \"" + value.as_string() +
                    "\" is not \"host:port\" (a non-empty host and a port from 1 to 65535)",
                path, node_name);
      } else if (ctx.options.wasm) {
        ctx.add(ErrorCode::kUnsupportedInWasm,
                "remote nodes (host \"" + value.as_string() +
                    "\") need the native build; remove \"host\" to run the node locally",
                path, node_name);
      } else {
        spec.host = value.as_string();
      }
    } else if (key == "capabilities") {
      check_capabilities(value, path, ctx, node_name);
      spec.capabilities = value;
    } else {
      ctx.add(ErrorCode::kUnknownField,
              "unknown node field \"" + key + "\"" + did_you_mean(key, node_keys()) +
                  "; a node takes " + quoted_list(node_keys()),
              path, node_name);
    }
  }

  if (ctx.options.wasm && spec.descriptor != nullptr && spec.descriptor->is_async)
    ctx.add(ErrorCode::kUnsupportedInWasm,
            spec.node_type + " is an async node (its process is a coroutine or an async " +
                "generator), which needs the native build's event loop; make process a plain " +
                "function or generator to run it in WebAssembly",
            base + "/node_type", node_name);

  // Required params are missing from an absent params object as much as from an empty one.
  if (params == nullptr && spec.descriptor != nullptr)
    check_params(spec.params, base + "/params", ctx, spec);
  if (id == nullptr) ctx.add(ErrorCode::kMissingField, "every node needs an \"id\"", base + "/id");
  if (type == nullptr)
    ctx.add(ErrorCode::kMissingField,
            "node needs a \"node_type\" (e.g. \"PassThrough\"); `remotemedia nodes` lists them",
            base + "/node_type", node_name);

  if (usable_id && !duplicate) {
    ids.emplace(id->as_string(), out.nodes.size());
    out.nodes.push_back(std::move(spec));
  }
}

}  // namespace remotemedia::detail
