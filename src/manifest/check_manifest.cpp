// The top level of a v1 manifest: version, metadata, nodes, connections.
#include <string>
#include <utility>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/suggest.h"

namespace remotemedia::detail {
namespace {

const std::vector<std::string>& manifest_keys() {
  static const std::vector<std::string> keys = {"version", "metadata", "nodes", "connections"};
  return keys;
}

void check_version(const Value& version, CheckContext& ctx, Manifest& out) {
  if (!version.is_string()) {
    ctx.add(ErrorCode::kWrongType,
            "version must be the string \"v1\", got " + std::string(json_type_name(version)),
            "/version");
    return;
  }
  out.version = version.as_string();
  if (out.version != "v1")
    ctx.add(ErrorCode::kUnsupportedVersion,
            "manifest version \"" + out.version + "\" is not supported; use \"v1\"", "/version");
}

void check_metadata(const Value& metadata, CheckContext& ctx, Manifest& out) {
  if (!metadata.is_object()) {
    ctx.add(
        ErrorCode::kWrongType,
        "metadata must be an object with a \"name\", got " + std::string(json_type_name(metadata)),
        "/metadata");
    return;
  }
  out.metadata = metadata;
  const Value* name = metadata.find("name");
  if (name == nullptr)
    ctx.add(ErrorCode::kMissingField, "metadata.name is required: name the pipeline",
            "/metadata/name");
  else if (!name->is_string())
    ctx.add(ErrorCode::kWrongType,
            "metadata.name must be a string, got " + std::string(json_type_name(*name)),
            "/metadata/name");
}

void check_nodes(const Value& nodes, CheckContext& ctx, Manifest& out, NodeIndex& ids) {
  if (!nodes.is_array()) {
    ctx.add(ErrorCode::kWrongType,
            "nodes must be an array of node objects, got " + std::string(json_type_name(nodes)),
            "/nodes");
    return;
  }
  const Value::Array& items = nodes.as_array();
  out.nodes.reserve(items.size());
  ids.reserve(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) check_node(items[k], k, ctx, out, ids);
}

}  // namespace

void check_manifest(const Value& manifest, CheckContext& ctx, Manifest& out) {
  // Connections need every node id, whichever key comes first in the document. So the
  // nodes are checked up front into their own list, spliced in at their key's position.
  NodeIndex ids;
  Errors node_errors;
  const Value* nodes = manifest.find("nodes");
  if (nodes != nullptr) {
    std::swap(ctx.errors, node_errors);
    check_nodes(*nodes, ctx, out, ids);
    std::swap(ctx.errors, node_errors);
  }

  for (const auto& [key, value] : manifest.as_object()) {
    if (manifest.find(key) != &value) continue;  // a repeated key: the last one counts
    if (key == "version") {
      check_version(value, ctx, out);
    } else if (key == "metadata") {
      check_metadata(value, ctx, out);
    } else if (key == "nodes") {
      for (Error& e : node_errors) ctx.errors.push_back(std::move(e));
    } else if (key == "connections") {
      check_connections(value, "/connections", ctx, out, ids);
    } else {
      std::string message =
          "unknown top-level field \"" + key + "\"" + did_you_mean(key, manifest_keys());
      if (key == "input_data")
        message += "; input goes in an envelope: {\"manifest\": {...}, \"input_data\": [...]}";
      else
        message += "; a manifest takes only " + quoted_list(manifest_keys());
      ctx.add(ErrorCode::kUnknownField, std::move(message), "/" + json_pointer_escape(key));
    }
  }

  if (manifest.find("version") == nullptr)
    ctx.add(ErrorCode::kMissingField, "version is required; use \"v1\"", "/version");
  if (manifest.find("metadata") == nullptr)
    ctx.add(ErrorCode::kMissingField, "metadata is required: add \"metadata\": {\"name\": \"...\"}",
            "/metadata");
  if (nodes == nullptr)
    ctx.add(ErrorCode::kMissingField, "nodes is required (an array, possibly empty)", "/nodes");
}

}  // namespace remotemedia::detail
