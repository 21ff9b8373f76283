// Private to src/manifest: the state shared by the checks of one document.
//
// Each check_*() function looks at one part of the document, appends its problems to
// `errors` in document order and fills its part of the best-effort Request. None of them
// stops at the first problem.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/manifest.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia::detail {

struct CheckContext {
  const NodeRegistry& registry;
  const ValidateOptions& options;
  // "" or "/manifest": prepended to every pointer into the manifest part.
  std::string prefix;
  Errors errors;

  // Appends an error at prefix + manifest_path.
  void add(ErrorCode code, std::string message, std::string_view manifest_path,
           std::string_view node = {}) {
    Error e = make_error(code, std::move(message), prefix + std::string(manifest_path));
    e.node = std::string(node);
    errors.push_back(std::move(e));
  }
};

// The JSON name of a value's type for "got X" in messages ("string", "int", "object").
std::string_view json_type_name(const Value& value);

// `"a", "b", "c"` — for messages that list what is allowed.
std::string quoted_list(const std::vector<std::string>& names);

// The manifest's node ids, mapped to positions in Manifest::nodes. Keys view strings
// owned by the document, which outlives every check.
using NodeIndex = std::unordered_map<std::string_view, std::size_t>;

// Checks the manifest object at `manifest` (prefix already set in ctx) into `out`.
void check_manifest(const Value& manifest, CheckContext& ctx, Manifest& out);

// Checks nodes[k] and, when it has a usable id not seen before, appends it to out.nodes
// and records it in `ids`.
void check_node(const Value& node, std::size_t k, CheckContext& ctx, Manifest& out, NodeIndex& ids);

// Checks a node's params against its descriptor and fills spec.resolved_params.
// `params_path` is the manifest-relative pointer of the params object (which may be
// absent: then `params` is an empty object).
void check_params(const Value& params, const std::string& params_path, CheckContext& ctx,
                  NodeSpec& spec);

// Checks the node's capabilities object at `path`.
void check_capabilities(const Value& capabilities, const std::string& path, CheckContext& ctx,
                        std::string_view node_id);

// Checks a node's host string at `path`; true when it is a valid "host:port".
bool is_valid_host(std::string_view host);

// Checks connections[] against the node ids in `ids`, filling out.connections.
void check_connections(const Value& connections, const std::string& path, CheckContext& ctx,
                       Manifest& out, const NodeIndex& ids);

}  // namespace remotemedia::detail
